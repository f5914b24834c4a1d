from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from escalation.ladder import LadderState, OwnerKind, owner_for, stage_duty, stage_label
from partnership.models import TenantModel


class EscalationStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Origin(models.TextChoices):
    LADDER = "ladder", "The ladder (results below the monitoring level)"
    EXECUTIVE_BOARD = "executive_board", "The executive board, on evidence"


class Escalation(TenantModel):
    """One indicator's time on the ladder of intervention, from opening to closure.

    The stage and consecutive misses are the ladder's state (escalation.ladder); who owns it and to
    whom it reports follow from the stage and are set by escalation.services.escalations whenever it moves.
    """

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="escalations")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="escalations")
    stage = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=EscalationStatus.choices, default=EscalationStatus.OPEN)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.LADDER)
    consecutive_misses = models.PositiveSmallIntegerField(default=0)
    last_reviewed_on = models.DateField(null=True, blank=True, help_text="End of the last review point judged.")
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True, help_text="Why the executive board opened it by hand.")
    plan = models.TextField("Plan", blank=True, help_text="The plan agreed to tackle the under-performance.")
    decision = models.TextField(blank=True, help_text="The decision recorded when it was closed.")
    owner_member = models.ForeignKey(
        "partnership.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_escalations"
    )
    owner_board = models.ForeignKey(
        "partnership.Board", on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_escalations"
    )
    nominee = models.ForeignKey(
        "partnership.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominated_escalations",
        help_text="The executive board member nominated to agree a revised plan (stage 3).",
    )
    report_to = models.ForeignKey(
        "partnership.Board", on_delete=models.SET_NULL, null=True, blank=True, related_name="escalation_reports"
    )
    report_due = models.DateField(null=True, blank=True)
    report_received_on = models.DateField(null=True, blank=True)
    # The report due date an overdue event was logged for: claimed once with a conditional UPDATE.
    overdue_flagged_for = models.DateField(null=True, blank=True)
    route_step = models.ForeignKey(
        "escalation.RouteStep",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
        help_text="How far up the escalation route it has been referred.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-stage", "report_due", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator"],
                condition=Q(status="open"),
                name="escalation_one_open_per_indicator",
                violation_error_message="This indicator already has an open escalation.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {stage_label(self.stage)}"

    def get_absolute_url(self):
        return reverse(
            "escalation:detail", kwargs={"partnership_slug": self.partnership.slug, "escalation_id": self.pk}
        )

    @property
    def is_open(self):
        return self.status == EscalationStatus.OPEN

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.report_due is not None and self.report_due < today

    @property
    def stage_label(self):
        return stage_label(self.stage)

    @property
    def duty(self):
        return stage_duty(self.stage)

    @property
    def owner_kind(self) -> OwnerKind:
        return owner_for(self.stage)

    @property
    def owner_label(self) -> str:
        """Who owns it, in words (select owner_member__user and owner_board to avoid queries)."""
        kind = self.owner_kind
        if kind == OwnerKind.LEAD_PARTNER:
            return self.owner_member.display_name if self.owner_member else "Outcome Lead not assigned"
        if kind == OwnerKind.THEME_BOARD:
            return str(self.owner_board) if self.owner_board else "Theme board"
        if self.nominee_id:
            return f"{self.nominee.display_name} (nominated by {self.owner_board or 'the executive board'})"
        return f"{self.owner_board or 'The executive board'}: nominee to be named"

    def ladder_state(self) -> LadderState:
        return LadderState(
            stage=self.stage if self.is_open else 0,
            misses=self.consecutive_misses,
            last_reviewed=self.last_reviewed_on,
            held=self.origin == Origin.EXECUTIVE_BOARD,
        )


class EventKind(models.TextChoices):
    OPENED = "opened", "Opened"
    RAISED = "raised", "Raised"
    LOWERED = "lowered", "Lowered"
    CLOSED = "closed", "Closed"
    REPORT_RECEIVED = "report_received", "Report received"
    OVERDUE = "overdue", "Report overdue"
    NOMINATED = "nominated", "Member nominated"
    REFERRED = "referred", "Referred up the route"


class EscalationEvent(TenantModel):
    """The log of every step: what happened, between which stages, who did it (empty: the system,
    at a review point) and when, with the note or evidence."""

    partnership_path = "escalation__partnership"

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    to_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    review_label = models.CharField(max_length=40, blank=True, help_text="The review point, for ladder steps.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%d %B %Y}"

    @property
    def by_label(self):
        if self.by is None:
            return "System (review point)" if self.review_label else "System"
        return self.by.get_full_name() or self.by.username


class LadderEvaluation(TenantModel):
    """One indicator judged at one review point. Unique per indicator and review point, so
    evaluating the same approved results twice finds the row and changes nothing."""

    partnership_path = "indicator__partnership"

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="ladder_evaluations")
    review_end = models.DateField()
    review_label = models.CharField(max_length=40)
    result_label = models.CharField(max_length=40, blank=True, help_text="The result period judged, e.g. Q2 2026/27.")
    compared = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    monitoring_level = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    below = models.BooleanField()
    step = models.CharField(max_length=12)
    escalation = models.ForeignKey(
        Escalation, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluations"
    )
    evaluated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "review_end"], name="ladder_evaluation_unique_review_point")
        ]

    def __str__(self):
        return f"{self.indicator_id} at {self.review_label}: {self.step}"
