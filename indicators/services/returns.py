"""Entering and deciding returns: the one path used by the return forms, the spreadsheet upload
and the API, for indicator returns and spend returns alike, so every route applies the same
validation, workflow, lock and audit.

Errors are raised as exceptions a caller can show: ReturnRefused (not allowed, in words),
ReturnInvalid (field -> message), StaleEdit (someone else saved since `expected_version`).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from indicators.models import Indicator, IndicatorReturn, Period, Result
from indicators.periods import Span
from indicators.return_rules import (
    ATTESTATION_FIELDS,
    Figures,
    IndicatorFacts,
    figure_problems,
    period_problem,
    submission_problems,
)
from indicators.services.results import assess_financial_year, load_data
from indicators.services.rounds import round_for
from indicators.signals import return_approved
from indicators.status import Observation, Status
from indicators.workflow import ReturnAction, ReturnState, decide
from partnership.concurrency import StaleEdit
from partnership.exports import writable
from partnership.roles import Access

ENTRY_ACTIONS = (ReturnAction.SAVE_DRAFT, ReturnAction.SUBMIT)
DECISION_ACTIONS = (ReturnAction.APPROVE, ReturnAction.RETURN, ReturnAction.REOPEN)


class ReturnRefused(Exception):
    pass


class ReturnInvalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class ReturnTexts:
    """What every return (indicator or spend) says in words beside its figures."""

    commentary: str = ""
    variance_reason: str = ""
    action_taken: str = ""

    def __post_init__(self):
        # Only text a spreadsheet can hold is kept (Word's manual line break becomes a newline), so
        # every saved word survives the returns spreadsheet's round trip and every export.
        self.commentary, self.variance_reason, self.action_taken = (
            writable(text or "") for text in (self.commentary, self.variance_reason, self.action_taken)
        )


@dataclass
class ReturnInput(ReturnTexts):
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    attestations: dict = field(default_factory=dict)  # "dq_accurate" -> bool, ...
    evidence: object = None  # an uploaded file, already checked by the form

    @property
    def figures(self) -> Figures:
        return Figures(self.value, self.numerator, self.denominator)


# --- the steps every save of a return shares ---------------------------------------------------


def not_open_problem(current, partnership_id: int, period: Period) -> str | None:
    """Returns are made only in a round: a return not yet started needs its period's round of
    returns, so no one can file figures for a quarter nobody opened (or rewrite a closed one)."""
    if current is None and round_for(partnership_id, period) is None:
        return f"Returns for {period} are not open: there is no round of returns for that period."
    return None


def is_write_locked(current, partnership_id: int, period: Period) -> bool:
    """The one lock rule for every write path: a return is locked by its own lock (a Performance
    Management Lead may have reopened it); one not yet started by its round's."""
    if current is not None:
        return current.is_locked
    round_ = round_for(partnership_id, period)
    return round_ is not None and round_.locked_at is not None


def saved_return(model, lookup: dict):
    """The return as saved now, locked for the rest of the transaction (None if not started: then
    nothing is locked, and a colleague may insert it first; see ReturnSave.record)."""
    return model.objects.select_for_update().filter(**lookup).first()


@dataclass
class ReturnSave:
    """One save of a return in progress, inside its transaction: the return as saved now (locked
    for update, None if not started), and the workflow's decision on the action."""

    model: type
    lookup: dict  # what identifies the return: {"indicator": ..., "period": ...}
    current: object
    decision: object
    action: str

    @classmethod
    def begin(cls, model, lookup: dict, *, partnership_id, period, theme_id, action, access, expected_version):
        if action not in ENTRY_ACTIONS:
            raise ValueError(action)
        current = saved_return(model, lookup)
        if problem := not_open_problem(current, partnership_id, period):
            raise ReturnRefused(problem)
        state = current.state if current else ReturnState.NOT_STARTED
        locked = is_write_locked(current, partnership_id, period)
        decision = decide(action, state=state, locked=locked, access=access, theme_id=theme_id)
        if not decision.allowed:
            raise ReturnRefused(decision.reason)
        if (current.version if current else 0) != (expected_version or 0):
            raise StaleEdit(current)
        return cls(model, lookup, current, decision, action)

    def target(self):
        """The return to fill in: the saved one, or a new one."""
        return self.current or self.model(**self.lookup)

    def record(self, ret, user):
        """The workflow's part of the save: the new state, the next version, who submitted it, and
        why, for the history. Two people starting the same return at once: the second finds the
        first's row and gets a StaleEdit, with what they typed kept, never a crash."""
        ret.state = self.decision.new_state
        ret.version = (self.current.version if self.current else 0) + 1
        if self.action == ReturnAction.SUBMIT:
            ret.submitted_by, ret.submitted_at = user, timezone.now()
        ret._change_reason = "Submitted for approval" if self.action == ReturnAction.SUBMIT else "Draft saved"
        if self.current is not None:
            ret.save()
            return ret
        try:
            with transaction.atomic():
                ret.save()
        except IntegrityError:
            raise StaleEdit(self.model.objects.filter(**self.lookup).first()) from None
        return ret


# --- indicator returns -------------------------------------------------------------------------


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
    today = today or timezone.localdate()
    span = period.span
    if indicator.is_calculated:
        raise ReturnRefused(
            f"{indicator.code} is calculated by the system ({indicator.get_calculation_display().lower()}): "
            "it takes no returns."
        )
    with transaction.atomic():
        save = ReturnSave.begin(
            IndicatorReturn,
            {"indicator": indicator, "period": period},
            partnership_id=indicator.partnership_id,
            period=period,
            theme_id=indicator.lead_theme_id,
            action=action,
            access=access,
            expected_version=expected_version,
        )
        errors = figure_problems(facts_of(indicator), data.figures)
        if problem := period_problem(span.end, today):
            errors["period"] = problem
        if action == ReturnAction.SUBMIT and not errors:
            status = preview_status(indicator, span, data.figures, indicator.partnership.tolerance_percent)
            errors.update(
                submission_problems(
                    facts_of(indicator),
                    data.figures,
                    status=status,
                    variance_reason=data.variance_reason,
                    action_taken=data.action_taken,
                    attestations=data.attestations,
                )
            )
        if errors:
            raise ReturnInvalid(errors)
        ret = save.target()
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
        return save.record(ret, user)


# --- deciding any return -------------------------------------------------------------------------


def decide_return(ret, *, action: str, user, access: Access, reason: str = "", expected_version: int | None = None):
    """Approve, return for revision or reopen a return (indicator or spend). Approving an
    indicator return makes its figures the period's result: only approved values count."""
    if action not in DECISION_ACTIONS:
        raise ValueError(action)
    model = type(ret)
    with transaction.atomic():
        ret = model.objects.select_for_update().select_related("period").get(pk=ret.pk)
        submitted_it = ret.get_partnership().submitted_it(ret, user)
        decision = decide(
            action,
            state=ret.state,
            locked=ret.is_locked,
            access=access,
            theme_id=ret.theme_id,
            submitted_it=submitted_it,
        )
        if not decision.allowed:
            raise ReturnRefused(decision.reason)
        if expected_version is not None and ret.version != expected_version:
            raise StaleEdit(ret)
        if action in (ReturnAction.RETURN, ReturnAction.REOPEN) and not reason.strip():
            field_name = "return_reason" if action == ReturnAction.RETURN else "reopen_reason"
            raise ReturnInvalid({field_name: "Give a reason: it is recorded and shown to the source."})
        ret.state = decision.new_state
        ret.version += 1
        if action == ReturnAction.REOPEN:
            ret.locked_at = None
            ret.reopen_reason = reason
            ret._change_reason = f"Reopened: {reason}"
        else:
            ret.decided_by, ret.decided_at = user, timezone.now()
            if action == ReturnAction.RETURN:
                ret.return_reason = reason
                ret._change_reason = f"Returned for revision: {reason}"
                # The source attests again to what they send back, rather than finding it ticked.
                if isinstance(ret, IndicatorReturn):
                    for name in ATTESTATION_FIELDS:
                        setattr(ret, name, False)
            else:
                ret._change_reason = "Approved"
        ret.save()
        if action == ReturnAction.APPROVE and isinstance(ret, IndicatorReturn):
            Result.objects.update_or_create(
                indicator=ret.indicator,
                period=ret.period,
                defaults={
                    "value": ret.value,
                    "numerator": ret.numerator,
                    "denominator": ret.denominator,
                    "commentary": ret.commentary,
                },
            )
            return_approved.send(sender=IndicatorReturn, ret=ret)
        return ret
