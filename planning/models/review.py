"""The annual performance review (planning.review_rules): each target placed likely, difficult or
unlikely; SMART action points for those at risk, agreed by the partnership board, tracked through
the year. Figures are those of the year when the review was opened, kept as they were."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from escalation.models import ActionStatus
from indicators.status import Forecast, Status
from partnership.models import TenantModel
from partnership.years import financial_year_label

USER = {"to": settings.AUTH_USER_MODEL, "on_delete": models.SET_NULL, "null": True, "blank": True}
VALUE = {"max_digits": 14, "decimal_places": 4, "null": True, "blank": True}


class AnnualReview(TenantModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Being prepared by the executive board"
        AGREED = "agreed", "Agreed by the partnership board"

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="+")
    financial_year = models.PositiveSmallIntegerField()
    summary = models.TextField(blank=True, help_text="The executive board's summary of the year.")
    state = models.CharField(max_length=8, choices=State.choices, default=State.DRAFT)
    opened_by = models.ForeignKey(**USER, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    agreed_by = models.ForeignKey(**USER, related_name="+")
    agreed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "financial_year"], name="annual_review_once")]

    def __str__(self):
        return f"Annual performance review {self.year_label}"

    @property
    def year_label(self):
        return financial_year_label(self.financial_year)

    def get_absolute_url(self):
        return reverse("planning:review", kwargs={"partnership_slug": self.partnership.slug, "review_id": self.pk})


class ReviewTarget(TenantModel):
    partnership_path = "review__partnership"

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="+")
    annual_target = models.DecimalField(**VALUE)
    latest_value = models.DecimalField(**VALUE)
    latest_period = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.GREY)
    forecast = models.CharField(max_length=10, choices=Forecast.choices, default=Forecast.UNKNOWN)
    judgement = models.CharField(max_length=10, choices=Forecast.choices, blank=True)
    reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__lead_theme__position", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["review", "indicator"], name="review_target_once")]

    def __str__(self):
        return f"{self.indicator.code} in the {self.review}"

    @property
    def code(self):
        return self.indicator.code


class ActionPoint(TenantModel):
    """A SMART action point on a target at risk, agreed with the review and tracked through the year."""

    partnership_path = "target__review__partnership"

    target = models.ForeignKey(ReviewTarget, on_delete=models.CASCADE, related_name="action_points")
    description = models.TextField()
    measure = models.CharField(max_length=300)
    resources = models.TextField()
    lead = models.ForeignKey("partnership.Membership", on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    progress = models.TextField(blank=True, help_text="The latest progress, as the lead reported it.")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return f"{self.target.code}: {self.description[:60]}"
