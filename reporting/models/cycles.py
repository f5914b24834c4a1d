from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.models import TenantModel
from reporting.timetable import REPORTING_KINDS, CycleKind, Offsets


class Cadence(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly (e.g. Haringey)"
    SIX_MONTHLY = "six_monthly", "Six-monthly performance, quarterly finance (e.g. Halton)"


class TimetableSettings(TenantModel):
    """A partnership's offsets for the quarterly timetable (defaults from seed 001 §5.2)."""

    partnership = models.OneToOneField("partnership.Partnership", on_delete=models.CASCADE, related_name="timetable")
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.QUARTERLY)
    collation_weeks = models.PositiveSmallIntegerField(
        default=4, help_text="Weeks after the period ends to collate returns."
    )
    exception_report_weeks = models.PositiveSmallIntegerField(
        default=1, help_text="Weeks after collation for theme exception reports."
    )
    partnership_report_weeks = models.PositiveSmallIntegerField(
        default=1, help_text="Weeks after the exception reports for the HSP/PMG report."
    )
    review_from_weeks = models.PositiveSmallIntegerField(
        default=6, help_text="Themes review performance from this many weeks after the period ends…"
    )
    review_to_weeks = models.PositiveSmallIntegerField(default=8, help_text="…to this many.")
    reminder_days_before = models.PositiveSmallIntegerField(
        default=7, help_text="Days before the collation deadline to remind officers."
    )
    spend_tolerance_percent = models.DecimalField(
        "Spend tolerance (%)",
        max_digits=4,
        decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="A commission's approved spend for the quarter more than this many percent over or under "
        "its profile becomes an item in its theme's exception report.",
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"Timetable for {self.partnership}"

    @property
    def offsets(self) -> Offsets:
        return Offsets(
            collation_weeks=self.collation_weeks,
            exception_report_weeks=self.exception_report_weeks,
            partnership_report_weeks=self.partnership_report_weeks,
            review_from_weeks=self.review_from_weeks,
            review_to_weeks=self.review_to_weeks,
            reminder_days_before=self.reminder_days_before,
        )


class ReportingCycle(TenantModel):
    """One partnership's passage through the timetable for one quarter. Each *_at field records
    when the periodic job did that step, so a second run (or a retried task) does nothing again."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="reporting_cycles"
    )
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    return_round = models.OneToOneField("indicators.ReturnRound", on_delete=models.PROTECT, related_name="cycle")
    kind = models.CharField(
        max_length=12,
        choices=CycleKind.choices,
        default=CycleKind.REVIEW,
        help_text="Set from the cadence when the quarter opens (reporting.timetable.cycle_kind).",
    )
    returns_open = models.DateField()
    reminders_due = models.DateField()
    collation_deadline = models.DateField()
    exception_reports_due = models.DateField()
    partnership_report_due = models.DateField()
    review_from = models.DateField()
    review_to = models.DateField()
    opened_at = models.DateTimeField(auto_now_add=True)
    reminders_sent_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    chasers_sent_at = models.DateTimeField(null=True, blank=True)
    snapshot_at = models.DateTimeField(
        null=True, blank=True, help_text="When the collation deadline froze the themes not already drafted."
    )
    reports_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the exception reports were sent to the theme boards."
    )
    report_assembled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period__start"]
        constraints = [models.UniqueConstraint(fields=["partnership", "period"], name="reporting_cycle_unique_period")]

    def __str__(self):
        return f"{self.partnership} {self.period}"

    @property
    def is_performance_review(self) -> bool:
        """A full performance review (every quarter when quarterly; September and March when six-monthly)."""
        return self.kind == CycleKind.REVIEW

    @property
    def has_reports(self) -> bool:
        """The chain drafts exception reports and an HSP/PMG report: a review, or Halton's Quarter 3 update."""
        return self.kind in REPORTING_KINDS

    @property
    def is_update(self) -> bool:
        return self.kind == CycleKind.UPDATE

    def claim(self, step: str, now) -> bool:
        """Claim a step (`reminders_sent_at`, `snapshot_at`...): True for exactly one caller, the
        one whose conditional UPDATE found it still empty."""
        return ReportingCycle.objects.filter(pk=self.pk, **{f"{step}__isnull": True}).update(**{step: now}) == 1


class Notification(TenantModel):
    """One email about one cycle (and, for the theme's reports, one theme) to one person. The unique
    constraints are the claim that stops a second run, or a retried task, from sending it twice."""

    partnership_path = "cycle__partnership"

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder before the deadline"
        CHASER = "chaser", "Chaser after the deadline"
        DRAFT_READY = "draft_ready", "Draft exception report ready"
        REPORT_SENT = "report_sent", "Exception report sent out"

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="notifications")
    membership = models.ForeignKey("partnership.Membership", on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey("partnership.Theme", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    subject = models.CharField(max_length=200)
    copied_to = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "membership", "kind"], condition=models.Q(theme=None), name="notification_once"
            ),
            models.UniqueConstraint(
                fields=["cycle", "membership", "kind", "theme"],
                condition=models.Q(theme__isnull=False),
                name="notification_once_per_theme",
            ),
        ]
