"""Entering, moving and locking returns: the one path used by the return form, the spreadsheet
upload and the API, so every route applies the same validation, workflow and audit.

Errors are raised as exceptions a caller can show: ReturnRefused (not allowed, in words),
ReturnInvalid (field -> message), ReturnConflict (someone else saved since `expected_version`).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from indicators.models import Indicator, IndicatorReturn, Period, Result, ReturnRound, SpendReturn
from indicators.periods import KIND_FOR_FREQUENCY, Span, span_containing
from indicators.return_rules import (
    ATTESTATION_FIELDS,
    Figures,
    IndicatorFacts,
    figure_problems,
    period_problem,
    submission_problems,
)
from indicators.services import assess_financial_year, load_data
from indicators.status import Observation, Status
from indicators.workflow import Action, ReturnState, decide
from partnership.roles import Access


class ReturnRefused(Exception):
    pass


class ReturnInvalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class ReturnConflict(Exception):
    def __init__(self, current):
        super().__init__("Someone else saved this return first.")
        self.current = current


@dataclass
class ReturnInput:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    commentary: str = ""
    variance_reason: str = ""
    action_taken: str = ""
    attestations: dict = field(default_factory=dict)  # "dq_accurate" -> bool, ...
    evidence: object = None  # an uploaded file, already checked by the form

    @property
    def figures(self) -> Figures:
        return Figures(self.value, self.numerator, self.denominator)


def facts_of(indicator: Indicator) -> IndicatorFacts:
    return IndicatorFacts(unit=indicator.unit, is_ratio=indicator.is_ratio, allows_negative=indicator.allows_negative)


def preview_status(indicator: Indicator, span: Span, figures: Figures, tolerance_percent) -> Status:
    """The status these figures would get, judged with the indicator's other approved results."""
    data = load_data([indicator])[indicator.pk]
    data.observations[span] = Observation(figures.value, figures.numerator, figures.denominator)
    year = assess_financial_year(indicator, data, span.financial_year, tolerance_percent)
    return next(row.assessment.status for row in year.rows if row.span == span)


def save_return(
    *,
    indicator: Indicator,
    period: Period,
    data: ReturnInput,
    action: str,
    user,
    access: Access,
    expected_version: int | None,
    today: dt.date | None = None,
) -> IndicatorReturn:
    """Save a draft or submit. `expected_version` is the version the person started from (None or
    0 for a return not yet started)."""
    if action not in (Action.SAVE_DRAFT, Action.SUBMIT):
        raise ValueError(action)
    today = today or timezone.localdate()
    span = period.span
    with transaction.atomic():
        current = IndicatorReturn.objects.select_for_update().filter(indicator=indicator, period=period).first()
        state = current.state if current else ReturnState.NOT_STARTED
        # A return is locked by its own lock; one not yet started is locked by its round's.
        locked = current.is_locked if current else round_is_locked(indicator.partnership_id, span)
        decision = decide(action, state=state, locked=locked, access=access, theme_id=indicator.lead_theme_id)
        if not decision.allowed:
            raise ReturnRefused(decision.reason)
        if (current.version if current else 0) != (expected_version or 0):
            raise ReturnConflict(current)
        errors = figure_problems(facts_of(indicator), data.figures)
        problem = period_problem(span.end, today)
        if problem:
            errors["period"] = problem
        if action == Action.SUBMIT and not errors:
            status = preview_status(indicator, span, data.figures, indicator.partnership.tolerance_percent)
            errors.update(
                submission_problems(
                    facts_of(indicator), data.figures, status=status, variance_reason=data.variance_reason,
                    action_taken=data.action_taken, attestations=data.attestations,
                )
            )
        if errors:
            raise ReturnInvalid(errors)
        ret = current or IndicatorReturn(indicator=indicator, period=period)
        ret.value, ret.numerator, ret.denominator = data.value, data.numerator, data.denominator
        if indicator.is_ratio:
            ret.value = None
        else:
            ret.numerator = ret.denominator = None
        ret.commentary, ret.variance_reason, ret.action_taken = data.commentary, data.variance_reason, data.action_taken
        for name in ATTESTATION_FIELDS:
            setattr(ret, name, bool(data.attestations.get(name)))
        if data.evidence:
            ret.evidence = data.evidence
        return record_save(ret, current, decision, action, user)


def record_save(ret, current, decision, action: str, user):
    """The workflow's part of saving any return (indicator or spend): its new state, the next
    version, who submitted it, and why, for the history."""
    ret.state = decision.new_state
    ret.version = (current.version if current else 0) + 1
    if action == Action.SUBMIT:
        ret.submitted_by, ret.submitted_at = user, timezone.now()
    ret._change_reason = "Submitted for approval" if action == Action.SUBMIT else "Draft saved"
    ret.save()
    return ret


def round_is_locked(partnership_id, span: Span) -> bool:
    return ReturnRound.objects.filter(partnership_id=partnership_id, period__end=span.end).exclude(locked_at=None).exists()


def decide_return(ret, *, action: str, user, access: Access, reason: str = "", expected_version: int | None = None):
    """Approve, return for revision or reopen a return (indicator or spend). Approving an
    indicator return makes its figures the period's result: only approved values count."""
    if action not in (Action.APPROVE, Action.RETURN, Action.REOPEN):
        raise ValueError(action)
    model = type(ret)
    with transaction.atomic():
        ret = model.objects.select_for_update().get(pk=ret.pk)
        decision = decide(action, state=ret.state, locked=ret.is_locked, access=access, theme_id=ret.theme_id)
        if not decision.allowed:
            raise ReturnRefused(decision.reason)
        if expected_version is not None and ret.version != expected_version:
            raise ReturnConflict(ret)
        if action in (Action.RETURN, Action.REOPEN) and not reason.strip():
            field_name = "return_reason" if action == Action.RETURN else "reopen_reason"
            raise ReturnInvalid({field_name: "Give a reason: it is recorded and shown to the source."})
        ret.state = decision.new_state
        ret.version += 1
        if action == Action.REOPEN:
            ret.locked_at = None
            ret.reopen_reason = reason
            ret._change_reason = f"Reopened: {reason}"
        else:
            ret.decided_by, ret.decided_at = user, timezone.now()
            if action == Action.RETURN:
                ret.return_reason = reason
                ret._change_reason = f"Returned for revision: {reason}"
            else:
                ret._change_reason = "Approved"
        ret.save()
        if action == Action.APPROVE and isinstance(ret, IndicatorReturn):
            Result.objects.update_or_create(
                indicator=ret.indicator, period=ret.period,
                defaults={"value": ret.value, "numerator": ret.numerator, "denominator": ret.denominator, "commentary": ret.commentary},
            )
        return ret


def default_deadline(period_end: dt.date, weeks: int = 4) -> dt.date:
    """Seed 001 §5.2: four weeks to collate after the period ends (the timetable refines this)."""
    return period_end + dt.timedelta(weeks=weeks)


def open_round(partnership, span: Span, deadline: dt.date | None = None) -> ReturnRound:
    """Open a period's returns (idempotent)."""
    period = Period.objects.for_span(span)
    round_, _ = ReturnRound.objects.get_or_create(
        partnership=partnership, period=period, defaults={"collation_deadline": deadline or default_deadline(span.end)}
    )
    return round_


def due_periods(round_: ReturnRound, indicator: Indicator) -> Span | None:
    """The indicator's period that this round collects, if one of its periods ends with the round's."""
    span = span_containing(KIND_FOR_FREQUENCY[indicator.frequency], round_.period.end)
    return span if span.end == round_.period.end else None


def lock_round(round_: ReturnRound, now=None) -> int:
    """Lock every return of the round's period (idempotent: returns the number newly locked)."""
    now = now or timezone.now()
    ends = round_.period.end
    with transaction.atomic():
        locked = 0
        for model in (IndicatorReturn, SpendReturn):
            returns = model.objects.for_partnership(round_.partnership).filter(period__end=ends, locked_at=None)
            for ret in returns.select_for_update():
                ret.locked_at = now
                ret._change_reason = "Locked at the collation deadline"
                ret.save(update_fields=["locked_at"])  # a save, so the history records it
                locked += 1
        ReturnRound.objects.filter(pk=round_.pk, locked_at=None).update(locked_at=now)
    return locked


def lock_due_rounds(today: dt.date | None = None, now=None) -> dict[str, int]:
    """Lock every round whose collation deadline has passed (idempotent). Run by
    `manage.py lock_due_returns`, and by the periodic timetable job."""
    today = today or timezone.localdate()
    locked = {}
    for round_ in ReturnRound.objects.filter(locked_at=None, collation_deadline__lt=today).select_related("partnership", "period"):
        locked[f"{round_.partnership.slug} {round_.period}"] = lock_round(round_, now)
    return locked
