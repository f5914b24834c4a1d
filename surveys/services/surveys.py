"""Making, editing and opening surveys: the one write path for each (pages and the demo loader)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from partnership.concurrency import StaleEdit
from surveys.agreement import Choice
from surveys.models import AnswerCount, Statement, Survey
from surveys.window import SurveyState, change_refusal, open_refusal, window_problem

from .refusals import SurveyRefused

DETAIL_FIELDS = ("title", "year_label", "opens_on", "closes_on", "introduction", "previous")
# "Compare with the partnership's latest closed survey before this one", unless told otherwise.
LATEST_CLOSED = object()


def latest_closed_before(partnership, day: dt.date, *, exclude=None) -> Survey | None:
    """The partnership's latest opened survey whose window ended before `day`."""
    surveys = Survey.objects.for_partnership(partnership).filter(opened_at__isnull=False, closes_on__lt=day)
    if exclude is not None:
        surveys = surveys.exclude(pk=exclude.pk)
    return surveys.order_by("-closes_on", "-pk").first()


def check_previous(partnership, previous: Survey | None) -> None:
    if previous is not None and previous.partnership_id != partnership.pk:
        raise SurveyRefused("Choose a survey of this partnership to compare with.", field="previous")


def make_survey(
    partnership,
    *,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    introduction: str = "",
    year_label: str = "",
    previous=LATEST_CLOSED,
    copy_statements: bool = False,
) -> Survey:
    """A draft survey. `previous` defaults to the latest closed survey before it opens; with
    `copy_statements`, the previous survey's statements are copied in (keeping `carried_from`, so
    the results compare each with last year's)."""
    problem = window_problem(opens_on, closes_on)
    if problem:
        raise SurveyRefused(problem, field="closes_on")
    if previous is LATEST_CLOSED:
        previous = latest_closed_before(partnership, opens_on)
    check_previous(partnership, previous)
    with transaction.atomic():
        survey = Survey.objects.create(
            partnership=partnership,
            title=title.strip(),
            year_label=year_label.strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            introduction=introduction,
            previous=previous,
        )
        if copy_statements and previous is not None:
            copy_statements_from(survey, previous)
    return survey


def copy_statements_from(survey: Survey, source: Survey) -> list[Statement]:
    """Copy `source`'s statements to the end of `survey`, each remembering where it came from."""
    start = survey.statements.count()
    copies = [
        Statement(
            survey=survey,
            position=start + index,
            text=statement.text,
            indicator_id=statement.indicator_id,
            objective_id=statement.objective_id,
            carried_from=statement,
        )
        for index, statement in enumerate(source.statements.order_by("position", "pk"), 1)
    ]
    for statement in copies:
        statement.save()  # one by one, so each copy's creation is in its history
    return copies


def save_survey(survey: Survey, fields: dict, *, expected_version: int) -> Survey:
    """Save a draft survey's details, or raise StaleEdit when someone saved since
    `expected_version`, or SurveyRefused when it has been opened meanwhile."""
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not a survey detail: {sorted(unknown)}")
    problem = window_problem(fields.get("opens_on", survey.opens_on), fields.get("closes_on", survey.closes_on))
    if problem:
        raise SurveyRefused(problem, field="closes_on")
    previous = fields.get("previous", survey.previous)
    check_previous(survey.partnership, previous)
    if previous is not None and previous.pk == survey.pk:
        raise SurveyRefused("A survey cannot be compared with itself.", field="previous")
    with transaction.atomic():
        current = Survey.objects.select_for_update().get(pk=survey.pk)
        refusal = change_refusal(current.state)
        if refusal:
            raise SurveyRefused(refusal)
        if current.version != expected_version:
            raise StaleEdit(current)
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
    return current


def open_survey(survey: Survey, *, user=None, today: dt.date | None = None) -> Survey:
    """Open a draft survey for its window (the dates are kept as set): from now on its statements
    are fixed and members may answer from its first day to its last. Refused without statements or
    when the window has already ended."""
    today = today or timezone.localdate()
    with transaction.atomic():
        current = Survey.objects.select_for_update().get(pk=survey.pk)
        statement_ids = list(current.statements.values_list("pk", flat=True))
        refusal = open_refusal(
            state=current.state_on(today), statements=len(statement_ids), closes_on=current.closes_on, today=today
        )
        if refusal:
            raise SurveyRefused(refusal)
        current.opened_at = timezone.now()
        current.opened_by = user
        current.version += 1
        current._change_reason = "Opened"
        current.save()
        AnswerCount.objects.bulk_create(
            AnswerCount(statement_id=statement_id, choice=choice, count=0)
            for statement_id in statement_ids
            for choice in Choice.values
        )
    return current


def state_label(survey: Survey, today: dt.date) -> str:
    """The state in words for lists: "Open until 30 Jun 2026", "Closed on 30 Jun 2025"."""
    state = survey.state_on(today)
    if state == SurveyState.SCHEDULED:
        return f"Opens on {survey.opens_on:%-d %b %Y}"
    if state == SurveyState.OPEN:
        return f"Open until {survey.closes_on:%-d %b %Y}"
    if state == SurveyState.CLOSED:
        return f"Closed on {survey.closes_on:%-d %b %Y}"
    return "Draft"
