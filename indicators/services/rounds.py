"""Rounds of returns: opening a period's collation, which returns it asks for, and locking it.

A round collects, for each indicator, the period of the indicator's frequency that ends when the
round's period ends (a quarterly indicator's quarter; an annual one's year at the March round;
a six-monthly one's half at September and March).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from indicators.models import Indicator, IndicatorReturn, Period, ReturnRound, SpendReturn
from indicators.periods import KIND_FOR_FREQUENCY, PeriodKind, Span, span_containing
from indicators.workflow import ReturnState


def default_deadline(period_end: dt.date, weeks: int = 4) -> dt.date:
    """Seed 001 §5.2: four weeks to collate after the period ends (the timetable refines this)."""
    return period_end + dt.timedelta(weeks=weeks)


def spans_ending(day: dt.date) -> list[Span]:
    """Every period (month, quarter, half, year) that ends on `day`."""
    spans = [span_containing(kind, day) for kind in PeriodKind]
    return [span for span in spans if span.end == day]


def open_round(partnership, span: Span, deadline: dt.date | None = None) -> ReturnRound:
    """Open a period's returns (idempotent). Every period a return of the round may be for is made
    here, so the pages that list and link the round's returns only ever read."""
    with transaction.atomic():
        periods = {s: Period.objects.for_span(s) for s in spans_ending(span.end)}
        round_, _ = ReturnRound.objects.get_or_create(
            partnership=partnership,
            period=periods[span],
            defaults={"collation_deadline": deadline or default_deadline(span.end)},
        )
    return round_


def round_for(partnership_id: int, period: Period) -> ReturnRound | None:
    """The round that collects returns for `period` (any kind of period ending with the round's)."""
    return ReturnRound.objects.filter(partnership_id=partnership_id, period__end=period.end).first()


def due_span(round_: ReturnRound, indicator: Indicator) -> Span | None:
    """The one period of the indicator that this round collects, or None if it asks for none (a
    calculated indicator is never asked for: the system works it out)."""
    if indicator.is_calculated:
        return None
    span = span_containing(KIND_FOR_FREQUENCY[indicator.frequency], round_.period.end)
    return span if span.end == round_.period.end else None


@dataclass
class DueReturn:
    """An indicator a round asks for: its period, and its return if one has been started."""

    indicator: Indicator
    span: Span
    period: Period | None
    ret: IndicatorReturn | None
    round_locked: bool = False

    @property
    def state(self) -> ReturnState:
        if self.ret is not None:
            return self.ret.shown_state
        return ReturnState.LOCKED if self.round_locked else ReturnState.NOT_STARTED


def due_returns(round_: ReturnRound, indicators) -> list[DueReturn]:
    """Which of `indicators` the round asks for, in their order, with their periods and returns:
    the one answer to "which returns are due" (the returns list, the spreadsheet, the timetable's
    counts and the reminders all ask here). Two queries, however many indicators."""
    due = [(indicator, span) for indicator in indicators if (span := due_span(round_, indicator))]
    periods = {period.span: period for period in Period.objects.filter(end=round_.period.end)}
    returns = {
        (ret.indicator_id, ret.period_id): ret
        for ret in IndicatorReturn.objects.filter(indicator__in=[i for i, _ in due], period__end=round_.period.end)
    }
    result = []
    for indicator, span in due:
        period = periods.get(span)
        ret = returns.get((indicator.pk, period.pk)) if period else None
        result.append(DueReturn(indicator, span, period, ret, round_.locked_at is not None))
    return result


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
    due = ReturnRound.objects.filter(locked_at=None, collation_deadline__lt=today).select_related(
        "partnership", "period"
    )
    for round_ in due:
        locked[f"{round_.partnership.slug} {round_.period}"] = lock_round(round_, now)
    return locked
