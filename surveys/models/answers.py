from django.db import models
from django.utils import timezone

from partnership.models import TenantModel
from surveys.agreement import Choice


class Submission(TenantModel):
    """That a member has answered a survey, and when: what makes "answer once" hold (the unique
    constraint refuses a second, even from two tabs at once) and what the response rate counts.
    It says nothing about the answers: see AnswerCount."""

    partnership_path = "survey__partnership"

    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="submissions")
    membership = models.ForeignKey(
        "partnership.Membership", on_delete=models.CASCADE, related_name="survey_submissions"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "membership"],
                name="survey_answered_once",
                violation_error_message="You have already answered this survey.",
            )
        ]

    def __str__(self):
        return f"{self.membership} answered {self.survey}"


class AnswerCount(TenantModel):
    """How many members gave one choice to one statement: the answers, anonymous by construction.

    No answer is ever stored as a row of its own. Submitting adds one to the count of each chosen
    (statement, choice) and records a Submission, in one database transaction; nothing here refers
    to a member or a submission, carries a time or an order, or keeps a history, so nobody (not an
    administrator, not someone reading the database) can tell which answers were whose or in which
    order they came: only the totals exist. The counts of a statement are made, at zero, when its
    survey is opened."""

    partnership_path = "statement__survey__partnership"

    statement = models.ForeignKey("surveys.Statement", on_delete=models.CASCADE, related_name="answer_counts")
    choice = models.CharField(max_length=20, choices=Choice.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["statement", "choice"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "choice"], name="answer_count_unique_choice"),
            models.CheckConstraint(condition=models.Q(count__gte=0), name="answer_count_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_choice_display()}: {self.count}"
