from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from indicators.calculations import DEFAULT_RISK_SCORE, CalculationKind, IndicatorSet, MakeUpMeasure
from partnership.models import TenantModel

VALUE = {"max_digits": 14, "decimal_places": 4, "null": True, "blank": True}


class CalculationSettings(TenantModel):
    """What a calculated indicator is calculated from (its kind is on the indicator,
    `Indicator.calculation`); indicators.calculations has the kinds and their rules."""

    partnership_path = "indicator__partnership"

    indicator = models.OneToOneField(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="calculation_settings"
    )
    theme = models.ForeignKey(
        "partnership.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The theme (management group) whose indicators, returns or spend are counted. "
        "Leave empty for the whole partnership.",
    )
    objective = models.ForeignKey(
        "partnership.Objective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Count only the indicators of this objective or plan.",
    )
    indicator_set = models.CharField(max_length=10, choices=IndicatorSet.choices, default=IndicatorSet.ALL)
    risk_score = models.PositiveSmallIntegerField(
        default=DEFAULT_RISK_SCORE,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="Risks scoring this or more (likelihood × impact, 1 to 25) are counted.",
    )
    formula = models.CharField(
        max_length=300, blank=True, help_text="Other indicators' codes in braces with + - * / and brackets."
    )
    measure = models.CharField(max_length=12, choices=MakeUpMeasure.choices, blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"How {self.indicator.code} is calculated"

    @classmethod
    def of(cls, indicator) -> "CalculationSettings":
        """The indicator's settings, or new (unsaved) defaults when none were saved yet."""
        try:
            return indicator.calculation_settings
        except cls.DoesNotExist:
            return cls(indicator=indicator)

    def clean(self):
        partnership_id = self.indicator.partnership_id
        errors = {}
        for name in ("theme", "objective"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if related is not None and related.partnership_id != partnership_id:
                errors[name] = "Choose one from this partnership."
        if errors:
            raise ValidationError(errors)


class ComputedValue(TenantModel):
    """One calculation of an indicator's value for a period, with what it was calculated from.

    The latest version is the indicator's Result. A version a board was shown (frozen with a theme's
    snapshot) is never changed: calculating again makes a new version, and the snapshot keeps the
    figure it was shown (reporting.services.computed)."""

    partnership_path = "indicator__partnership"

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="computed_values")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=CalculationKind.choices)
    value = models.DecimalField(**VALUE)
    numerator = models.DecimalField(**VALUE)
    denominator = models.DecimalField(**VALUE)
    inputs = models.JSONField(default=dict)
    summary = models.TextField(blank=True)
    reason = models.CharField(max_length=200)
    computed_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    frozen_at = models.DateTimeField(null=True, blank=True, help_text="When a board's snapshot took this version.")
    frozen_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["period__start", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "version"], name="computed_value_unique_version")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period} (calculation {self.version})"

    @property
    def figures(self) -> tuple:
        return (self.value, self.numerator, self.denominator)
