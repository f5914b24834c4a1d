from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.models import TenantModel, TenantQuerySet


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"


FINISHED = frozenset({ActionStatus.COMPLETE, ActionStatus.CANCELLED})


class ActionQuerySet(TenantQuerySet):
    def overdue(self, today):
        return self.filter(due_date__lt=today).exclude(status__in=FINISHED)


class Action(TenantModel):
    """A SMART action in an escalation's plan (rules in escalation.smart), with a named lead."""

    partnership_path = "escalation__partnership"

    escalation = models.ForeignKey("escalation.Escalation", on_delete=models.CASCADE, related_name="actions")
    stage = models.PositiveSmallIntegerField(help_text="The stage the escalation was at when the action was agreed.")
    description = models.TextField("What will be done (specific)")
    measure = models.CharField("How success will be measured (measurable)", max_length=300)
    resources = models.TextField("Resources, and who provides them (achievable, resourced)")
    lead = models.ForeignKey("partnership.Membership", on_delete=models.PROTECT, related_name="escalation_actions")
    due_date = models.DateField("Due date (time-limited)")
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = models.Manager.from_queryset(ActionQuerySet)()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return self.escalation.get_absolute_url() + f"#action-{self.pk}"

    def is_overdue(self, today=None) -> bool:
        return self.status not in FINISHED and self.due_date < (today or timezone.localdate())


class ActionUpdate(TenantModel):
    """A progress update on an action, with the status it leaves the action in."""

    partnership_path = "action__escalation__partnership"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    note = models.TextField("Progress")
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_status_display()} {self.at:%d %B %Y}"


class ActionReminder(TenantModel):
    """Claims the overdue reminder for one action and one due date: the unique row means a reminder
    is sent at most once, however often the periodic job runs."""

    partnership_path = "action__escalation__partnership"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "due_date"], name="action_reminder_once_per_due_date")]
