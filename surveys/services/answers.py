"""Answering a survey: once per member, inside its window, every statement answered (or "don't
know"), all in one database transaction.

The answers are added to the counts (surveys.models.AnswerCount) and only a Submission says the
member has answered: no row anywhere says which answers were theirs. The survey's row is locked
while a submission is made, and the unique constraint on Submission refuses a second one even if
two tabs submit at the same moment.
"""

import datetime as dt
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from surveys.agreement import Choice
from surveys.models import AnswerCount, Submission, Survey
from surveys.window import answer_refusal

from .refusals import SurveyRefused

ANSWERED_ONCE = "You have already answered this survey. Each member answers once, and answers cannot be changed."


def submission_of(survey: Survey, membership) -> Submission | None:
    return Submission.objects.filter(survey=survey, membership=membership).first()


def answer_refusal_for(survey: Survey, membership, today: dt.date) -> str | None:
    """Why this member cannot answer this survey today, or None."""
    submission = submission_of(survey, membership)
    answered_on = timezone.localtime(submission.submitted_at).date() if submission else None
    return answer_refusal(
        state=survey.state_on(today), opens_on=survey.opens_on, closes_on=survey.closes_on, answered_on=answered_on
    )


def submit_answers(survey: Survey, membership, choices: Mapping[int, str], *, today: dt.date | None = None):
    """Record one member's answers: {statement id: choice}, one for every statement of the survey.

    Refused (SurveyRefused, nothing saved) outside the window, for a member who has answered,
    for a member of another partnership, or when any statement is unanswered."""
    today = today or timezone.localdate()
    if membership.partnership_id != survey.partnership_id or not membership.is_active:
        raise SurveyRefused("Only the partnership's active members answer its surveys.")
    with transaction.atomic():
        current = Survey.objects.select_for_update().get(pk=survey.pk)
        refusal = answer_refusal_for(current, membership, today)
        if refusal:
            raise SurveyRefused(refusal)
        counts = {
            (row.statement_id, row.choice): row.pk
            for row in AnswerCount.objects.filter(statement__survey=current).only("pk", "statement_id", "choice")
        }
        statement_ids = {statement_id for statement_id, _ in counts}
        unknown = set(choices) - statement_ids
        if unknown or any(choices.get(pk) not in Choice.values for pk in statement_ids):
            raise SurveyRefused("Answer every statement, or choose \u201cDon't know\u201d.")
        try:
            with transaction.atomic():
                submission = Submission.objects.create(survey=current, membership=membership)
        except IntegrityError:
            raise SurveyRefused(ANSWERED_ONCE) from None
        chosen = [counts[(pk, choices[pk])] for pk in statement_ids]
        AnswerCount.objects.filter(pk__in=chosen).update(count=F("count") + 1)
    return submission
