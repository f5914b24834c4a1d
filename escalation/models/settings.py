from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from escalation.ladder import DEFAULT_REPORT_BACK_MONTHS, DEFAULT_STAGE_COUNT, MAX_STAGE_COUNT, LadderRules, ReviewPoint
from partnership.models import TenantModel


class LadderSettings(TenantModel):
    """How one partnership runs its ladder of intervention (seed 003: three stages, six-monthly
    review, reports within three months). Created with the defaults the first time it is needed."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="ladder_settings"
    )
    stage_count = models.PositiveSmallIntegerField(
        "Number of stages",
        default=DEFAULT_STAGE_COUNT,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_STAGE_COUNT)],
        help_text=f"Halton's ladder has three. Between 1 and {MAX_STAGE_COUNT}.",
    )
    review_point = models.CharField(
        "Review points",
        max_length=12,
        choices=ReviewPoint.choices,
        default=ReviewPoint.QUARTERLY,
        help_text="The ladder is evaluated at the end of each of these, once results are approved.",
    )
    report_back_months = models.PositiveSmallIntegerField(
        "Report back within (months)",
        default=DEFAULT_REPORT_BACK_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="How long the owner has to report progress at each stage.",
    )
    step_down = models.BooleanField(
        "Step down one stage at a time on recovery",
        default=False,
        help_text="Otherwise an escalation closes at the first review point back at the monitoring level.",
    )
    judged_through = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The end of the latest review point the periodic job has judged: a late run judges every one since.",
    )
    history = HistoricalRecords(excluded_fields=["judged_through"])

    class Meta:
        verbose_name_plural = "ladder settings"

    def __str__(self):
        return f"Ladder of intervention for {self.partnership}"

    def rules(self) -> LadderRules:
        return LadderRules(stage_count=self.stage_count, step_down=self.step_down)


class RouteStep(TenantModel):
    """One body on the partnership's escalation route, in order (seed 004, Sefton: Performance &
    Intelligence Group → Performance Board → Cabinet Member & Service Director → Cabinet Member for
    Performance & Governance → Overview & Scrutiny)."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="escalation_route"
    )
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="route_step_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return (
            reverse("escalation:route", kwargs={"partnership_slug": self.partnership.slug}) + f"#step-{self.position}"
        )
