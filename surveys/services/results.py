"""A survey's results, computed once for the page and the PDF, and the agreement that feeds an
indicator. Only counts are ever read: there is nothing else to read (see AnswerCount)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Subquery, Sum

from partnership.models import Membership
from surveys.agreement import Agreement, Choice, agreement, change_in_points, change_words, response_rate
from surveys.models import AnswerCount, Statement, Submission, Survey


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    counts: dict = field(default_factory=dict)  # {choice: count}, every choice present
    previous: Agreement | None = None  # the paired statement's, in the survey compared with

    @property
    def agreement(self) -> Agreement:
        return agreement(self.counts)

    @property
    def rows(self) -> list[tuple[str, int]]:
        """(choice label, count) in the scale's order."""
        return [(label, self.counts.get(value, 0)) for value, label in Choice.choices]

    @property
    def change(self) -> Decimal | None:
        return change_in_points(self.agreement, self.previous)

    @property
    def change_label(self) -> str:
        return change_words(self.change)


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    statements: list[StatementResult]
    submitted: int  # submissions of members who are active now
    members: int  # active members now
    compared_with: Survey | None = None

    @property
    def response_rate(self) -> Decimal | None:
        return response_rate(self.submitted, self.members)

    @property
    def flagged(self) -> list[StatementResult]:
        return [result for result in self.statements if result.agreement.flagged]


def _counts_by_statement(statement_ids) -> dict[int, dict[str, int]]:
    counts = {pk: dict.fromkeys(Choice.values, 0) for pk in statement_ids}
    rows = AnswerCount.objects.filter(statement_id__in=list(statement_ids)).values_list(
        "statement_id", "choice", "count"
    )
    for statement_id, choice, count in rows:
        counts[statement_id][choice] = count
    return counts


def survey_results(survey: Survey) -> SurveyResults:
    """Per statement: the counts, agreement and flag, and the paired statement's agreement in the
    survey it is compared with; the response rate. Five queries, however many statements."""
    statements = list(survey.statements.select_related("indicator", "objective", "carried_from"))
    compared_with = survey.previous
    pairs = {
        s.pk: s.carried_from_id
        for s in statements
        if compared_with is not None and s.carried_from is not None and s.carried_from.survey_id == compared_with.pk
    }
    counts = _counts_by_statement([s.pk for s in statements] + list(pairs.values()))
    results = [
        StatementResult(
            statement=s,
            counts=counts[s.pk],
            previous=agreement(counts[pairs[s.pk]]) if s.pk in pairs else None,
        )
        for s in statements
    ]
    members = Membership.objects.for_partnership(survey.partnership).filter(is_active=True)
    return SurveyResults(
        survey=survey,
        statements=results,
        submitted=Submission.objects.filter(survey=survey, membership__is_active=True).count(),
        members=members.count(),
        compared_with=compared_with,
    )


def agreement_for_indicator(indicator, *, on_or_before: dt.date) -> Agreement | None:
    """The agreement feeding `indicator`: the answers to every statement linked to it, pooled, in the
    partnership's latest survey that closed on or before `on_or_before` and asked such a statement.
    None when there is no such survey. One query."""
    latest = (
        Statement.objects.for_partnership(indicator.partnership_id)
        .filter(indicator=indicator, survey__opened_at__isnull=False, survey__closes_on__lte=on_or_before)
        .order_by("-survey__closes_on", "-survey_id")
        .values("survey_id")[:1]
    )
    rows = (
        AnswerCount.objects.filter(statement__indicator=indicator, statement__survey_id=Subquery(latest))
        .values("choice")
        .annotate(total=Sum("count"))
        .order_by()
    )
    counts = {row["choice"]: row["total"] for row in rows}
    if not counts:
        return None
    return agreement(counts)
