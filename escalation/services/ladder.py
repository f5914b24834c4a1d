"""Evaluating the ladder of intervention at review points, and what other apps read from here.

`evaluate` judges each indicator's APPROVED result (indicators.models.Result, through the status
engine) at one review point against its profiled monitoring level, or, where it has none, the
status engine's red, and applies escalation.ladder. It is idempotent: each indicator is judged at
most once per review point (a unique LadderEvaluation row, claimed before anything changes), so
evaluating the same results twice changes nothing. An indicator with no approved result yet is
not judged, so it is picked up when its result is approved and the job runs again.

The periodic job (reporting.services.cycles) calls `evaluate_due_review_points`.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from escalation.ladder import LadderState, Step, StepKind, next_state, review_points_due
from escalation.models import Escalation, EscalationStatus, EventKind, LadderEvaluation, Origin
from escalation.services.decisions import flag_overdue_reports
from escalation.services.escalations import executive_board, last_reviewed, log, place_on_stage, settings_for
from indicators.models import Indicator
from indicators.periods import KIND_FOR_FREQUENCY, Span, span_containing
from indicators.services.results import TargetsData, assess_financial_year, load_data
from indicators.status import Status, meets

STEP_EVENTS = {
    StepKind.OPENED: EventKind.OPENED,
    StepKind.RAISED: EventKind.RAISED,
    StepKind.LOWERED: EventKind.LOWERED,
    StepKind.CLOSED: EventKind.CLOSED,
}


@dataclass(frozen=True)
class Judgement:
    """One indicator's approved result at one review point, judged against its monitoring level."""

    below: bool | None  # None: nothing to judge (no result due or approved, or no level or target)
    result_label: str = ""
    compared: Decimal | None = None
    monitoring_level: Decimal | None = None


@dataclass(frozen=True)
class Outcome:
    indicator: Indicator
    step: Step
    escalation: Escalation | None


def judge(indicator: Indicator, data: TargetsData, review: Span, tolerance_percent) -> Judgement:
    kind = KIND_FOR_FREQUENCY[indicator.frequency]
    span = span_containing(kind, review.end)
    if span.end != review.end:  # e.g. an annual indicator at a September review point
        return Judgement(None)
    year = assess_financial_year(indicator, data, span.financial_year, tolerance_percent)
    assessment = year.rows[span.number - 1].assessment
    if assessment.actual is None:
        return Judgement(None, span.label, None, assessment.monitoring_level)
    level = assessment.monitoring_level
    if level is not None:
        below = not meets(assessment.compared, level, indicator.polarity)
    elif assessment.status == Status.GREY:  # a result but no target: nothing to judge it against
        below = None
    else:
        below = assessment.status == Status.RED
    return Judgement(below, span.label, assessment.compared, level)


def evaluate(partnership, review: Span, user=None, today: dt.date | None = None) -> list[Outcome]:
    """Apply the ladder to every indicator of `partnership` at the review point `review`."""
    today = today or timezone.localdate()
    settings = settings_for(partnership)
    rules = settings.rules()
    executive = executive_board(partnership)
    indicators = list(
        Indicator.objects.for_partnership(partnership).select_related("lead_theme__board", "outcome_lead__user")
    )
    open_escalations = {
        e.indicator_id: e for e in Escalation.objects.for_partnership(partnership).filter(status=EscalationStatus.OPEN)
    }
    reviewed = last_reviewed(i.pk for i in indicators)
    states = {i.pk: _state(open_escalations.get(i.pk), reviewed.get(i.pk)) for i in indicators}
    # Indicators already judged at or after this review point cannot move (next_state leaves them
    # unchanged), so their results are not even loaded: the hourly job re-runs cheaply.
    indicators = [
        i for i in indicators if states[i.pk].last_reviewed is None or review.end > states[i.pk].last_reviewed
    ]
    data = load_data(indicators) if indicators else {}
    outcomes = []
    for indicator in indicators:
        judgement = judge(indicator, data[indicator.pk], review, partnership.tolerance_percent)
        escalation = open_escalations.get(indicator.pk)
        state = states[indicator.pk]
        step = next_state(rules, state, review.end, judgement.below)
        if step.after.last_reviewed == state.last_reviewed:  # not judged: no data, or judged before
            continue
        if escalation is not None:
            escalation.indicator = indicator  # already loaded with its theme and Outcome Lead
        try:
            with transaction.atomic():
                # The claim first: one evaluation per indicator and review point.
                evaluation = LadderEvaluation.objects.create(
                    indicator=indicator,
                    review_end=review.end,
                    review_label=review.label,
                    result_label=judgement.result_label,
                    compared=judgement.compared,
                    monitoring_level=judgement.monitoring_level,
                    below=judgement.below,
                    step=step.kind,
                )
                escalation = _apply(step, escalation, indicator, judgement, review, settings, executive, user, today)
                if escalation is not None:
                    evaluation.escalation = escalation
                    evaluation.save(update_fields=["escalation"])
        except IntegrityError:
            # Judged by a concurrent run, or opened by hand meanwhile: nothing is half-done, and the
            # next run sees the new state.
            continue
        outcomes.append(Outcome(indicator, step, escalation))
    return outcomes


def _state(escalation: Escalation | None, last_evaluated) -> LadderState:
    if escalation is None:
        return LadderState(last_reviewed=last_evaluated)
    state = escalation.ladder_state()
    dates = [d for d in (state.last_reviewed, last_evaluated) if d is not None]
    return LadderState(state.stage, state.misses, max(dates, default=None), state.held)


def _apply(step, escalation, indicator, judgement, review, settings, executive, user, today) -> Escalation | None:
    after = step.after
    note = _note(indicator, judgement, step)
    if step.kind == StepKind.OPENED:
        escalation = Escalation(
            partnership_id=indicator.partnership_id, indicator=indicator, origin=Origin.LADDER, opened_on=today
        )
    elif escalation is None:
        return None  # unchanged, nothing escalated
    escalation.consecutive_misses = after.misses
    escalation.last_reviewed_on = after.last_reviewed
    if step.kind in (StepKind.OPENED, StepKind.RAISED, StepKind.LOWERED):
        place_on_stage(escalation, after.stage, executive=executive, months=settings.report_back_months, today=today)
    elif step.kind == StepKind.CLOSED:
        escalation.status, escalation.closed_on, escalation.decision = EscalationStatus.CLOSED, today, note
    escalation.save()
    if step.kind in STEP_EVENTS:
        log(
            escalation,
            STEP_EVENTS[step.kind],
            user=user,
            from_stage=step.before.stage,
            to_stage=after.stage,
            note=note,
            review_label=review.label,
            today=today,
        )
    return escalation


def _note(indicator, judgement: Judgement, step: Step) -> str:
    level = (
        f"the monitoring level of {indicator.format(judgement.monitoring_level)}"
        if judgement.monitoring_level is not None
        else "its target (no monitoring level set: judged red or not)"
    )
    return f"{judgement.result_label}: {indicator.format(judgement.compared)} against {level}. {step.reason}"


def evaluate_due_review_points(partnership, today: dt.date | None = None) -> list[Outcome]:
    """What the periodic job runs: judge the review points that have ended (oldest first; quarter
    ends, or September and March for six-monthly review), then flag overdue reports. Idempotent."""
    today = today or timezone.localdate()
    settings = settings_for(partnership)
    outcomes = []
    reviews = review_points_due(settings.review_point, today, settings.judged_through)
    for review in reviews:
        outcomes += evaluate(partnership, review, today=today)
    # Never moved back: a run for an earlier day (a catch-up, the demo) leaves a later mark alone.
    type(settings).objects.filter(pk=settings.pk).filter(
        Q(judged_through__isnull=True) | Q(judged_through__lt=reviews[-1].end)
    ).update(judged_through=reviews[-1].end)
    flag_overdue_reports(partnership, today)
    return outcomes
