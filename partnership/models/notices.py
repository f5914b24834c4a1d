"""What the product has told a person: one row for every email it sends them (reminders, chasers,
reports, decisions assigned, overdue actions), read or unread, listed on their "Your notices" page.
Written only by partnership.services.notices.tell, which sends the email with the same words."""

from django.db import models
from django.urls import reverse

from .tenancy import TenantManager, TenantModel, TenantQuerySet

SUMMARY_LENGTH = 160


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", "Reminder"
    CHASER = "chaser", "Chaser"
    DRAFT_READY = "draft_ready", "Draft ready"
    REPORT_SENT = "report_sent", "Report sent"
    DECISION_ASSIGNED = "decision_assigned", "Decision assigned"
    ACTION_OVERDUE = "action_overdue", "Action overdue"
    ACTION_PLAN = "action_plan", "Action plan"


class NoticeQuerySet(TenantQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(TenantModel):
    """One thing told to one member of one partnership."""

    partnership_path = "membership__partnership"

    membership = models.ForeignKey("partnership.Membership", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField(help_text="The email's text.")
    path = models.CharField(max_length=300, help_text="The page where they act, as a path (/p/<slug>/…).")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager.from_queryset(NoticeQuerySet)()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["membership", "read_at"], name="notice_membership_read")]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def summary(self) -> str:
        return summary_of(self.body)

    def get_absolute_url(self):
        """Opening it: marks it read and goes on to its page."""
        return reverse(
            "partnership:notice_open",
            kwargs={"partnership_slug": self.membership.partnership.slug, "notice_id": self.pk},
        )


def summary_of(body: str) -> str:
    """The first paragraph of an email after its greeting ("Dear …,"), cut at a word near
    SUMMARY_LENGTH characters."""
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    if paragraphs and paragraphs[0].startswith("Dear ") and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]
    text = paragraphs[0] if paragraphs else ""
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"
