"""A survey's results, computed once for the page and the PDF, and the agreement that feeds an
indicator. Only counts are ever read: there is nothing else to read (see AnswerCount). And they are
read only when surveys.window.results_visible allows: once the survey has closed, and only if at
least the partnership's minimum count of members answered it."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from partnership.models import Membership
from surveys.agreement import Agreement, Choice, agreement, change_in_points, change_words, response_rate
from surveys.models import AnswerCount, Statement, Submission, Survey
from surveys.window import SurveyState, results_refusal, results_visible


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
    statements: list[StatementResult]  # none while the answers are withheld
    submitted: int  # submissions of members who are active now
    members: int  # active members now
    respondents: int = 0  # every submission, including members who have since left: whose answers count
    compared_with: Survey | None = None
    withheld: str = ""  # why the answers are not shown ("" when they are): surveys.window.results_refusal
    compared_withheld: str = ""  # why the survey compared with gives no change ("" when it does)

    @property
    def shown(self) -> bool:
        return not self.withheld

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


def survey_results(survey: Survey, *, today: dt.date | None = None) -> SurveyResults:
    """How many answered and the response rate, always; and, when surveys.window.results_visible
    allows (closed, with at least the partnership's minimum count of respondents), per statement the
    counts, agreement and flag, and the paired statement's agreement in the survey it is compared
    with (only if that survey's results may be shown too: a change would give its figure away).
    `withheld` says why the answers are not shown; they are then not even read. Two queries while
    withheld (the submissions, the members), five otherwise (and the compared survey, the statements,
    the counts), however many statements; and the partnership, if not already loaded."""
    today = today or timezone.localdate()
    minimum = survey.partnership.monitoring_minimum_count
    empty = {"respondents": 0, "active": 0}
    tallies = {
        row["survey_id"]: row
        for row in Submission.objects.filter(survey_id__in=[pk for pk in (survey.pk, survey.previous_id) if pk])
        .values("survey_id")
        .annotate(respondents=Count("pk"), active=Count("pk", filter=Q(membership__is_active=True)))
        .order_by()
    }
    own = tallies.get(survey.pk, empty)
    members = Membership.objects.for_partnership(survey.partnership).filter(is_active=True).count()
    withheld = results_refusal(
        state=survey.state_on(today), submissions=own["respondents"], minimum=minimum, closes_on=survey.closes_on
    )
    if withheld:
        return SurveyResults(
            survey=survey,
            statements=[],
            submitted=own["active"],
            members=members,
            respondents=own["respondents"],
            withheld=withheld,
        )
    compared_with = survey.previous
    compared_withheld = ""
    if compared_with is not None:
        compared_state = compared_with.state_on(today)
        compared_respondents = tallies.get(compared_with.pk, empty)["respondents"]
        if not results_visible(state=compared_state, submissions=compared_respondents, minimum=minimum):
            compared_withheld = (
                f"Fewer than {minimum} members answered {compared_with}: its results, and the change from them, "
                "are not shown, so that nobody's answers can be told."
                if compared_state == SurveyState.CLOSED
                else f"{compared_with} has not closed yet, so no change from it is shown."
            )
    statements = list(survey.statements.select_related("indicator", "objective", "carried_from"))
    pairs = {
        s.pk: s.carried_from_id
        for s in statements
        if compared_with is not None
        and not compared_withheld
        and s.carried_from is not None
        and s.carried_from.survey_id == compared_with.pk
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
    return SurveyResults(
        survey=survey,
        statements=results,
        submitted=own["active"],
        members=members,
        respondents=own["respondents"],
        compared_with=compared_with,
        compared_withheld=compared_withheld,
    )


def agreement_for_indicator(indicator, *, on_or_before: dt.date) -> Agreement | None:
    """The agreement feeding `indicator`: the answers to every statement linked to it, pooled, in the
    partnership's latest survey that closed on or before `on_or_before` (and before today: an open
    survey's answers are shown to nobody) and asked such a statement.

    None when there is no such survey, or when that survey had fewer submissions than the
    partnership's minimum count (`monitoring_minimum_count`, as surveys.window.results_visible): an
    older survey is not taken instead. One query: the survey, its submissions and the minimum are
    subqueries and joins of the query that adds up the answers."""
    latest = (
        Statement.objects.for_partnership(indicator.partnership_id)
        .filter(
            indicator=indicator,
            survey__opened_at__isnull=False,
            survey__closes_on__lte=on_or_before,
            survey__closes_on__lt=timezone.localdate(),
        )
        .order_by("-survey__closes_on", "-survey_id")
        .values("survey_id")[:1]
    )
    respondents = (
        Submission.objects.filter(survey_id=OuterRef("statement__survey_id"))
        .order_by()
        .values("survey_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        AnswerCount.objects.filter(statement__indicator=indicator, statement__survey_id=Subquery(latest))
        .alias(respondents=Subquery(respondents))
        .filter(respondents__gte=F("statement__survey__partnership__monitoring_minimum_count"))
        .values("choice")
        .annotate(total=Sum("count"))
        .order_by()
    )
    counts = {row["choice"]: row["total"] for row in rows}
    if not counts:
        return None
    return agreement(counts)
