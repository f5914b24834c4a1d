from django.db import models
from simple_history.models import HistoricalRecords

from partnership.models import TenantModel
from planning.calendar import DEFAULT_STAGES, window


class PlanningStage(TenantModel):
    """One stage of a partnership's annual planning calendar (defaults: seed 003's table)."""

    class Key(models.TextChoices):
        YEAR_END = "year_end", "End of year update"
        ANNUAL_REVIEW = "annual_review", "Annual review"
        DRAFT_PLANS = "draft_plans", "Draft action plans"
        MID_YEAR = "mid_year", "Mid-year update"
        FINAL_PLANS = "final_plans", "Final action plans"
        Q3_UPDATE = "q3_update", "Quarter 3 update"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=16, choices=Key.choices)
    name = models.CharField(max_length=100)
    start_month = models.PositiveSmallIntegerField()
    start_day = models.PositiveSmallIntegerField(default=1)
    end_month = models.PositiveSmallIntegerField()
    end_day = models.PositiveSmallIntegerField()
    activity = models.TextField()
    outputs = models.TextField()
    reminder_days_before = models.PositiveSmallIntegerField(
        default=14, help_text="Days before the stage ends to remind the themes."
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="planning_stage_once")]

    def __str__(self):
        return self.name

    @property
    def spec(self):
        return next(spec for spec in DEFAULT_STAGES if spec.key == self.key)

    def dates(self, financial_year: int):
        return window((self.start_month, self.start_day), (self.end_month, self.end_day), financial_year)


class PlanningReminder(TenantModel):
    """Claims one stage's reminder to one member for one year: sent at most once, however often the
    periodic job runs."""

    partnership_path = "stage__partnership"

    stage = models.ForeignKey(PlanningStage, on_delete=models.CASCADE, related_name="reminders")
    financial_year = models.PositiveSmallIntegerField()
    membership = models.ForeignKey("partnership.Membership", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stage", "financial_year", "membership"], name="planning_reminder_once")
        ]
