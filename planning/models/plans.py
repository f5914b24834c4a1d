"""Annual action plans (seed 003): each theme (Halton's SSPs) writes its plan for the year — the
activities, the outcomes they deliver, their funding, a lead partner and named lead officer per
target, as SMART actions. The executive board (PSG) challenges it item by item and recommends it
to the partnership board, which approves it. Every submission is kept as a version, every change
in the history, and the challenges with their answers stay on the plan."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from partnership.models import TenantModel
from partnership.years import financial_year_label
from planning.states import PlanState

USER = {"to": settings.AUTH_USER_MODEL, "on_delete": models.SET_NULL, "null": True, "blank": True}


class ActionPlan(TenantModel):
    partnership_path = "theme__partnership"

    theme = models.ForeignKey("partnership.Theme", on_delete=models.PROTECT, related_name="action_plans")
    financial_year = models.PositiveSmallIntegerField(help_text="The year the plan is for (2027 is 2027/28).")
    priorities = models.TextField(blank=True, help_text="The theme's priorities for the year, and why.")
    funding = models.TextField(
        "Funding arrangements",
        blank=True,
        help_text="Where the plan's money comes from: ABG, mainstream, other grants.",
    )
    state = models.CharField(max_length=12, choices=PlanState.choices, default=PlanState.DRAFT)
    submitted_by = models.ForeignKey(**USER, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    recommended_by = models.ForeignKey(**USER, related_name="+")
    recommended_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(**USER, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic concurrency for every change
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year", "theme__position"]
        constraints = [models.UniqueConstraint(fields=["theme", "financial_year"], name="action_plan_once_a_year")]

    def __str__(self):
        return f"{self.theme} action plan {self.year_label}"

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)

    def get_absolute_url(self):
        return reverse("planning:plan", kwargs={"partnership_slug": self.theme.partnership.slug, "plan_id": self.pk})


class PlanItem(TenantModel):
    """One target's line in the plan: what will be done (a SMART action), by whom, with what money."""

    partnership_path = "plan__theme__partnership"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        help_text="The LAA target it delivers.",
    )
    activity = models.TextField(help_text="Specifically what will be done.")
    outcome = models.TextField("Outcome and measure", help_text="How success is measured, with a figure or date.")
    funding = models.TextField("Funding and resources", help_text="The money and resources, and who provides them.")
    lead_partner = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_officer = models.ForeignKey(
        "partnership.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        what = self.indicator.code if self.indicator_id else f"Item {self.position}"
        return f"{what}: {self.activity[:60]}"


class PlanChallenge(TenantModel):
    """The executive board's challenge to one item (or the plan as a whole), and the theme's answer.
    A plan is recommended only when every challenge has been answered."""

    partnership_path = "plan__theme__partnership"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="challenges")
    item = models.ForeignKey(PlanItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="challenges")
    about = models.CharField(max_length=300, help_text="The item in words (kept if the item is removed).")
    question = models.TextField()
    raised_by = models.ForeignKey(**USER, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    plan_version = models.PositiveSmallIntegerField(help_text="The submitted version it was raised on.")
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(**USER, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["raised_at", "pk"]

    def __str__(self):
        return f"Challenge on {self.about}"

    @property
    def is_open(self) -> bool:
        return not self.answered_at


class PlanVersion(TenantModel):
    """What the theme submitted, each time: the executive board challenges a fixed text."""

    partnership_path = "plan__theme__partnership"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField(help_text="The plan and its items as submitted.")
    submitted_by = models.ForeignKey(**USER, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]

    def __str__(self):
        return f"{self.plan}, version {self.number}"
