from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.models import TenantModel
from partnership.years import financial_year_label, financial_year_of
from surveys.window import SurveyState, survey_state, window_problem


class Survey(TenantModel):
    """A self-assessment questionnaire of the partnership's members (seed 002: "a benchmark of
    current perceptions of the HSP"), open for a window the administrator sets. Its state (draft,
    opened but not started, open, closed) comes from the explicit "open" action and the dates
    (surveys.window). `previous` is the survey its results are compared with: by default the
    partnership's latest closed survey before it."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(max_length=200)
    year_label = models.CharField(
        "Year", max_length=20, blank=True, help_text="For example 2006/07. Left empty, the financial year it opens in."
    )
    opens_on = models.DateField("Opens on")
    closes_on = models.DateField("Closes on")
    introduction = models.TextField(blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name="Compared with",
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_it_opens",
                violation_error_message="The closing date must be the same as or after the opening date.",
            )
        ]

    def __str__(self):
        return (
            f"{self.title} ({self.year_label})" if self.year_label and self.year_label not in self.title else self.title
        )

    def save(self, *args, **kwargs):
        if not self.year_label and self.opens_on:
            self.year_label = financial_year_label(financial_year_of(self.opens_on))
        super().save(*args, **kwargs)

    def clean(self):
        problem = window_problem(self.opens_on, self.closes_on)
        if problem:
            raise ValidationError({"closes_on": problem})
        if self.previous_id and self.partnership_id and self.previous.partnership_id != self.partnership_id:
            raise ValidationError({"previous": "Choose a survey of this partnership."})

    def get_absolute_url(self):
        return reverse("surveys:detail", kwargs={"partnership_slug": self.partnership.slug, "survey_id": self.pk})

    def state_on(self, today) -> SurveyState:
        return survey_state(
            opened=self.opened_at is not None, opens_on=self.opens_on, closes_on=self.closes_on, today=today
        )

    @property
    def state(self) -> SurveyState:
        return self.state_on(timezone.localdate())

    @property
    def window_label(self) -> str:
        return f"{self.opens_on:%-d %b %Y} to {self.closes_on:%-d %b %Y}"


class Statement(TenantModel):
    """One statement members rate from strongly agree to strongly disagree (or don't know). It may
    feed an indicator of the same partnership (the "% of people who strongly agree or agree") and
    belong to a scorecard objective. A statement copied into next year's survey keeps `carried_from`,
    which pairs the two for the year-on-year comparison."""

    partnership_path = "survey__partnership"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="statements")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_statements",
        verbose_name="Indicator it feeds",
    )
    objective = models.ForeignKey(
        "partnership.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_statements",
        verbose_name="Scorecard objective",
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    def clean(self):
        errors = {}
        partnership_id = self.survey.partnership_id if self.survey_id else None
        if self.indicator_id and partnership_id and self.indicator.partnership_id != partnership_id:
            errors["indicator"] = "Choose an indicator of this partnership."
        if self.objective_id and partnership_id and self.objective.partnership_id != partnership_id:
            errors["objective"] = "Choose an objective of this partnership."
        if errors:
            raise ValidationError(errors)
