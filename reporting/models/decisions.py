"""What boards decide and recommend as the report climbs the layers (seed 001 §5.3, seed 000):

- a board's **decision** at a meeting, against an exception item's "decisions required" or an
  escalation (decision, owner, due date), which may become a SMART action on the escalation;
- a **recommendation** from one board to the board above it (the business group to the executive
  board; the executive board to the partnership board), accepted or rejected there with a reason;
- the executive board's **assurance statement** on a quarter, carried by the HSP/PMG report.

Decisions still open and recommendations still awaiting a response are the next pack's matters
arising. Every change is kept (simple-history) and edits are optimistic-locked by `version`."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.models import TenantModel


class Decision(TenantModel):
    partnership_path = "meeting__board__partnership"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    meeting = models.ForeignKey("partnership.Meeting", on_delete=models.PROTECT, related_name="decisions")
    exception_item = models.ForeignKey(
        "reporting.ExceptionItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    escalation = models.ForeignKey(
        "escalation.Escalation", on_delete=models.SET_NULL, null=True, blank=True, related_name="board_decisions"
    )
    subject = models.CharField(
        max_length=300, help_text="What the decision is about, in words (kept if the item goes)."
    )
    decision = models.TextField()
    owner = models.ForeignKey(
        "partnership.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="owned_decisions"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True, help_text="What was done, when it is closed.")
    action = models.OneToOneField(
        "escalation.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="decision"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__starts_at", "pk"]

    def __str__(self):
        return f"{self.subject}: {self.decision[:60]}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Recommendation(TenantModel):
    partnership_path = "meeting__board__partnership"

    class Area(models.TextChoices):
        RISK = "risk", "Areas of risk"
        RESOURCES = "resources", "Resources"
        WAYS_OF_WORKING = "ways_of_working", "Ways of working"

    class Response(models.TextChoices):
        PENDING = "pending", "Awaiting a response"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    meeting = models.ForeignKey(
        "partnership.Meeting",
        on_delete=models.PROTECT,
        related_name="recommendations",
        help_text="The meeting of the board that made it.",
    )
    to_board = models.ForeignKey("partnership.Board", on_delete=models.PROTECT, related_name="recommendations_received")
    cycle = models.ForeignKey(
        "reporting.ReportingCycle", on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    area = models.CharField(max_length=20, choices=Area.choices)
    text = models.TextField("Recommendation")
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    response_reason = models.TextField(blank=True)
    response_meeting = models.ForeignKey(
        "partnership.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__starts_at", "pk"]

    def __str__(self):
        return f"{self.get_area_display()}: {self.text[:60]}"

    @property
    def is_pending(self):
        return self.response == self.Response.PENDING


class AssuranceStatement(TenantModel):
    """The executive board's assurance to the partnership board on one quarter's performance."""

    partnership_path = "cycle__partnership"

    cycle = models.OneToOneField("reporting.ReportingCycle", on_delete=models.CASCADE, related_name="assurance")
    statement = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    def __str__(self):
        return f"Assurance statement, {self.cycle.period}"
