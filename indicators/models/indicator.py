from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from indicators.calculations import CalculationKind, unit_problem
from indicators.periods import Frequency
from indicators.status import Accumulation, IndicatorRules, Polarity
from indicators.values import Unit, accumulation_problem, format_value, scale_for
from partnership.models import TenantModel

RATING_GRADE_STEP = Decimal(1)  # ratings: one grade short of the target is amber


class Indicator(TenantModel):
    """An indicator a partnership monitors: adopted from the national catalogue, or local."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="indicators")
    catalogue = models.ForeignKey(
        "indicators.CatalogueIndicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
        help_text="Empty for a local indicator.",
    )
    code = models.CharField(max_length=20, help_text="e.g. NI 112, or a local code such as L 04.")
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)

    unit = models.CharField(max_length=12, choices=Unit.choices)
    rate_per = models.PositiveIntegerField(default=1000, help_text="For rates: per how many (1,000; 10,000; 100,000).")
    is_ratio = models.BooleanField(
        "Entered as numerator and denominator",
        default=False,
        help_text="The value is worked out from a numerator and a denominator (e.g. conceptions / females aged 15-17).",
    )
    numerator_label = models.CharField(max_length=200, blank=True)
    denominator_label = models.CharField(max_length=200, blank=True)
    allows_negative = models.BooleanField(
        "Values can be below zero",
        default=False,
        help_text="For changes and variances, e.g. % variance from profiled spend.",
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY)
    accumulation = models.CharField(
        max_length=12,
        choices=Accumulation.choices,
        help_text="Counts and money usually add up over the year; rates and percentages stand alone.",
    )

    calculation = models.CharField(
        "How its value is found",
        max_length=20,
        choices=CalculationKind.choices,
        default=CalculationKind.RETURNED,
        help_text="Returned by a source each period, or calculated by the system from what it holds.",
    )

    is_laa = models.BooleanField("LAA designated", default=False)
    is_stretch = models.BooleanField("Stretch target", default=False)

    baseline_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_period = models.ForeignKey(
        "indicators.Period", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    baseline_note = models.CharField(max_length=200, blank=True, help_text="e.g. 'Profiles to be established'.")

    lead_theme = models.ForeignKey("partnership.Theme", on_delete=models.PROTECT, related_name="led_indicators")
    contributing_themes = models.ManyToManyField("partnership.Theme", blank=True, related_name="contributed_indicators")
    outcome_lead = models.ForeignKey(
        "partnership.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="outcome_indicators"
    )
    delivery_manager = models.ForeignKey(
        "partnership.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delivered_indicators",
        help_text="Nominated by the Outcome Lead to deliver and monitor in detail.",
    )
    objective = models.ForeignKey(
        "partnership.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="Balanced-scorecard objective (its perspective comes with it).",
    )
    data_source = models.CharField(max_length=200, blank=True)
    owning_organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_indicators"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lead_theme__position", "code"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="indicator_unique_code")]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "indicators:indicator_detail", kwargs={"partnership_slug": self.partnership.slug, "indicator_id": self.pk}
        )

    @property
    def scale(self):
        return scale_for(self.unit, self.rate_per)

    def rules(self, tolerance_percent) -> IndicatorRules:
        return IndicatorRules(
            polarity=self.polarity,
            accumulation=self.accumulation,
            scale=self.scale,
            tolerance=tolerance_percent / 100,
            grade_step=RATING_GRADE_STEP if self.unit == Unit.RATING else None,
        )

    @property
    def is_calculated(self) -> bool:
        return self.calculation != CalculationKind.RETURNED

    def format(self, value):
        return format_value(value, self.unit, rate_per=self.rate_per)

    def clean(self):
        errors = {}
        partnership_id = self.partnership_id
        for name in ("lead_theme", "outcome_lead", "delivery_manager", "objective", "owning_organisation"):
            related = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if related is not None and related.partnership_id != partnership_id:
                errors[name] = "Choose one from this partnership."
        if problem := accumulation_problem(self.unit, self.accumulation):
            errors["accumulation"] = problem
        if self.is_ratio and self.unit not in (Unit.PERCENTAGE, Unit.RATE):
            errors["is_ratio"] = "Only percentages and rates are worked out from a numerator and denominator."
        if self.unit == Unit.RATING and self.polarity != Polarity.HIGHER_IS_BETTER:
            errors["polarity"] = "A rating is better the greener it is: choose “Higher is better”."
        if problem := unit_problem(self.calculation, self.unit):
            errors["unit"] = problem
        if self.is_calculated and self.is_ratio:
            errors["is_ratio"] = "A calculated indicator is not entered: it keeps its own numerator and denominator."
        if self.is_ratio and not (self.numerator_label and self.denominator_label):
            errors["numerator_label"] = "Say what the numerator and the denominator count."
        if errors:
            raise ValidationError(errors)
