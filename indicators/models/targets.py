from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.models import TenantModel

VALUE = {"max_digits": 14, "decimal_places": 4}


class Agreement(models.TextChoices):
    """Seed 003: the executive board (PSG) agrees every target and monitoring level. A year's
    targets count for status only once agreed (docs/targets.md)."""

    PROPOSED = "proposed", "Proposed, not yet agreed"
    AGREED = "agreed", "Agreed"


class AnnualTarget(TenantModel):
    """One year of the agreement's trajectory, with the monitoring level that triggers action (seed 003).
    Its agreement covers the whole year: the target, the monitoring level and the year's profile."""

    partnership_path = "indicator__partnership"

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="annual_targets")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(**VALUE)
    monitoring_level = models.DecimalField(**VALUE, null=True, blank=True)
    agreement = models.CharField(max_length=10, choices=Agreement.choices, default=Agreement.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period__start"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="annual_target_unique_year")]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.value}"

    @property
    def is_agreed(self) -> bool:
        return self.agreement == Agreement.AGREED


class PeriodTarget(TenantModel):
    """The annual target profiled across the periods of the indicator's frequency. For cumulative
    indicators each value is the year-to-date target at the end of that period."""

    partnership_path = "indicator__partnership"

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="period_targets")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(**VALUE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period__start"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="period_target_unique")]


class Result(TenantModel):
    """The approved actual for one indicator and period: what dashboards and reports count.
    (Returns, with their draft/submitted/approved workflow, write here when approved.)"""

    partnership_path = "indicator__partnership"

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="results")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(**VALUE, null=True, blank=True)
    numerator = models.DecimalField(**VALUE, null=True, blank=True)
    denominator = models.DecimalField(**VALUE, null=True, blank=True)
    commentary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period__start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="result_unique_period"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | models.Q(numerator__isnull=False, denominator__isnull=False),
                name="result_has_a_value",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period}"
