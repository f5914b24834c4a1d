from django.db import models
from simple_history.models import HistoricalRecords

from indicators.status import Status
from partnership.models import TenantModel

from .cycles import ReportingCycle
from .snapshots import ThemeSnapshot


class ExceptionReport(TenantModel):
    """Seed 001 §5.3: successes in brief, and for each target not being met the reason, the
    action being taken and the decisions required. Drafted by the job, finished by the theme's
    Performance Management Lead."""

    partnership_path = "cycle__partnership"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="exception_reports")
    theme = models.ForeignKey("partnership.Theme", on_delete=models.PROTECT, related_name="exception_reports")
    snapshot = models.ForeignKey(
        ThemeSnapshot,
        on_delete=models.PROTECT,
        related_name="exception_reports",
        help_text="The snapshot version the figures come from (the latest, unless the report was final first).",
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.DRAFT)
    successes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["theme__position"]
        constraints = [models.UniqueConstraint(fields=["cycle", "theme"], name="exception_report_once_per_theme")]

    def __str__(self):
        return f"{self.theme} exception report, {self.cycle.period}"


class ExceptionItem(TenantModel):
    """One target not being met (`indicator`), or one commission's spend off its profile by more
    than the partnership's tolerance (`commission`): exactly one of the two is set."""

    partnership_path = "report__cycle__partnership"

    report = models.ForeignKey(ExceptionReport, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commission = models.ForeignKey(
        "indicators.Commission", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices)
    reason = models.TextField(blank=True)
    action = models.TextField(blank=True)
    decisions_required = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="exception_item_once"),
            models.UniqueConstraint(
                fields=["report", "commission"],
                condition=models.Q(commission__isnull=False),
                name="exception_item_once_per_commission",
            ),
            models.CheckConstraint(
                condition=models.Q(indicator__isnull=False, commission=None)
                | models.Q(indicator=None, commission__isnull=False),
                name="exception_item_indicator_or_commission",
            ),
        ]

    @property
    def is_spend(self) -> bool:
        return self.commission_id is not None


class PartnershipReport(TenantModel):
    """One version of the HSP/PMG report for a quarter, collated from the theme reports.

    The first version is assembled when every theme report is final, or at the milestone from what
    exists (drafts marked as such); each theme report finalised or changed afterwards makes a new
    version. Versions are kept; board packs name the one they used."""

    partnership_path = "cycle__partnership"

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="partnership_reports")
    version = models.PositiveIntegerField(default=1)
    is_complete = models.BooleanField(default=False, help_text="Every theme report was final.")
    reason = models.CharField(max_length=200, blank=True, help_text="What made this version.")
    assembled_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField()

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"
        constraints = [models.UniqueConstraint(fields=["cycle", "version"], name="partnership_report_once_per_version")]

    def __str__(self):
        return f"HSP/PMG report {self.cycle.period}, version {self.version}"
