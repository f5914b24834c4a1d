"""The thresholds a past period is judged against: targets as they stood when its returns were collated.

The rule (docs/status.md, "Which thresholds a past period keeps"; issue 15: "past statuses are
judged against the thresholds that applied then"):

- A period's status is judged against the annual target, the period's profiled target and the
  monitoring level **as they stood when the period's returns were collated**: when its round of
  returns (indicators.models.ReturnRound, the partnership's round whose period ends when the
  period ends) was locked at the collation deadline (`locked_at`, set by
  indicators.services.rounds.lock_round). Where two rounds end that day, the first lock counts.
- A period whose round is not locked yet, or that has no round, is judged against the current
  values.
- A target (or profiled target) first set after the lock is judged by the first value recorded
  for it (its earliest history row), since there was nothing earlier to judge by.
- Only a period with an approved result is judged, so only those periods look back; the others
  show the current targets.
- Only agreed targets count (docs/targets.md). A change proposed since the lock leaves the period
  judged by the agreed targets in force then; a year whose targets were proposed, not yet agreed,
  at the lock is judged by the targets first agreed after it (like a target first set after the
  lock), and has no target until they are agreed.

How it is found, in a bounded number of queries whatever the number of indicators: the lock of
each result's round comes with the results (a subquery in results.load_data, no query of its own).
With no locked round there is nothing more to do. Otherwise one query (both target histories,
unioned) asks for the history rows written after the earliest lock of each financial year; in the
common case, where nobody has changed a target after its period was collated, it finds none and
that is all. Only where it finds some does one query per target table read the full history of
the targets that changed. Values are then read off the history in Python (`in_force_at`).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from indicators.models import Agreement, AnnualTarget, PeriodTarget
from indicators.periods import PeriodKind, Span, year_span
from indicators.status import default_profile, profiled_monitoring_level

DELETED = "-"  # django-simple-history's history_type for a deletion


@dataclass(frozen=True)
class InForce:
    """The thresholds in force for one period when its returns were collated."""

    locked_at: dt.datetime
    annual_target: Decimal | None
    monitoring_level: Decimal | None
    period_target: Decimal | None  # the stored profiled target then (None: none set, the default applied)


@dataclass(frozen=True)
class ThresholdNote:
    """A period judged against a target or monitoring level that has changed since its lock."""

    judged_on: dt.date
    target_then: Decimal | None
    target_now: Decimal | None
    level_then: Decimal | None
    level_now: Decimal | None

    @property
    def target_changed(self) -> bool:
        return self.target_then != self.target_now

    @property
    def level_changed(self) -> bool:
        return self.level_then != self.level_now

    def sentence(self, format_value) -> str:
        """ "Judged against the target in force on 28 July 2026: 52.0 (now 50.0)", values written by
        `format_value` (the indicator's format)."""
        target = f"{format_value(self.target_then)} (now {format_value(self.target_now)})"
        level = f"{format_value(self.level_then)} (now {format_value(self.level_now)})"
        on = f"{self.judged_on.day} {self.judged_on:%B %Y}"
        if self.target_changed and self.level_changed:
            both = f"target {target}, monitoring level {level}"
            return f"Judged against the target and monitoring level in force on {on}: {both}"
        if self.target_changed:
            return f"Judged against the target in force on {on}: {target}"
        return f"Judged against the monitoring level in force on {on}: {level}"


# --- pure: reading the history -----------------------------------------------------------------


def in_force_at(rows, moment: dt.datetime):
    """The values a target had at `moment`, from its history rows (history_date, history_type,
    values), oldest first: the latest row at or before `moment` (None if that row is its
    deletion); where none is that old, the first value recorded, since there was nothing earlier."""
    if not rows:
        return None
    earlier = [row for row in rows if row[0] <= moment]
    if not earlier:
        return rows[0][2]
    _, history_type, values = earlier[-1]
    return None if history_type == DELETED else values


def first_agreed_after(rows, moment: dt.datetime):
    """An annual target's first agreed values (value, level, agreement) recorded after `moment`,
    for a year whose targets were proposed, not yet agreed, then; None if never agreed since."""
    return next(
        (row[2] for row in rows if row[0] > moment and row[1] != DELETED and row[2][2] == Agreement.AGREED), None
    )


def changed_after(rows, moment: dt.datetime) -> bool:
    return any(row[0] > moment for row in rows)


def judged_thresholds(in_force: list, profile: list, annual_target, monitoring_level, accumulation: str):
    """The profile and the (annual target, monitoring level) of each period to judge a year by:
    the current ones, except where `in_force` (one InForce or None per period) says otherwise."""
    periods = len(profile)
    judged_profile, by_period = [], []
    for index, (then, current) in enumerate(zip(in_force, profile, strict=True)):
        if then is None:
            judged_profile.append(current)
            by_period.append((annual_target, monitoring_level))
            continue
        target = then.period_target
        if target is None:
            target = default_profile(then.annual_target, periods, accumulation)[index]
        judged_profile.append(target)
        by_period.append((then.annual_target, then.monitoring_level))
    return judged_profile, by_period


def note_for(
    then: InForce | None, assessment, current_target, annual_target, monitoring_level, *, accumulation, periods
):
    """The note for a period judged against thresholds that differ from today's, else None."""
    if then is None:
        return None
    level_now = profiled_monitoring_level(
        monitoring_level,
        annual_target,
        current_target,
        accumulation=accumulation,
        position=assessment.position,
        periods=periods,
    )
    now = (_decimal(current_target), level_now)
    if (assessment.target, assessment.monitoring_level) == now:
        return None
    judged_on = timezone.localtime(then.locked_at).date()
    return ThresholdNote(judged_on, assessment.target, now[0], assessment.monitoring_level, now[1])


def _decimal(value):
    return value if value is None or isinstance(value, Decimal) else Decimal(str(value))


# --- the queries -------------------------------------------------------------------------------


def load_in_force(data: dict) -> None:
    """Fill each indicator's `data.in_force` (Span -> InForce) for the locked periods whose targets
    changed after their lock. `data` maps indicator ids to results.TargetsData, with `locks`,
    `annual` and `profile` loaded. None, one or three queries (see the module's docstring)."""
    earliest = {}  # financial year -> the earliest lock of a period in it
    for indicator_data in data.values():
        for span, locked_at in indicator_data.locks.items():
            fy = span.financial_year
            earliest[fy] = min(earliest.get(fy, locked_at), locked_at)
    if not earliest:
        return
    changed = _changed_keys(list(data), earliest, data)
    if not changed:
        return
    indicator_ids = {indicator_id for indicator_id, _ in changed}
    period_ids = {period_id for _, period_id in changed}
    annual = _histories(AnnualTarget, indicator_ids, period_ids, ("value", "monitoring_level", "agreement"))
    profile = _histories(PeriodTarget, indicator_ids, period_ids, ("value",))
    for indicator_id in indicator_ids:
        indicator_data = data[indicator_id]
        for span, locked_at in indicator_data.locks.items():
            then = _in_force(
                indicator_data, span, locked_at, annual.get(indicator_id, {}), profile.get(indicator_id, {})
            )
            if then is not None:
                indicator_data.in_force[span] = then


def _changed_keys(ids, earliest: dict, data: dict) -> set:
    """(indicator id, period id) of the targets with a history row written after the lock of a
    period it judges. One query for both target tables."""
    by_year = Q()
    for fy, locked_at in earliest.items():
        year = year_span(fy)
        by_year |= Q(period__start__gte=year.start, period__start__lte=year.end, history_date__gt=locked_at)
    columns = ("indicator_id", "period_id", "period__kind", "period__start", "history_date")
    annual = AnnualTarget.history.filter(by_year, indicator_id__in=ids).order_by().values_list(*columns)
    profile = PeriodTarget.history.filter(by_year, indicator_id__in=ids).order_by().values_list(*columns)
    changed = set()
    for indicator_id, period_id, kind, start, history_date in annual.union(profile, all=True):
        span = Span(kind, start)
        for locked_span, locked_at in data[indicator_id].locks.items():
            judges = span == locked_span or (
                kind == PeriodKind.YEAR and span.financial_year == locked_span.financial_year
            )
            if judges and history_date > locked_at:
                changed.add((indicator_id, period_id))
                break
    return changed


def _histories(model, indicator_ids, period_ids, fields) -> dict:
    """indicator id -> Span -> [(history_date, history_type, values)], oldest first."""
    rows = (
        model.history.filter(indicator_id__in=indicator_ids, period_id__in=period_ids)
        .order_by("history_date", "history_id")
        .values_list("indicator_id", "period__kind", "period__start", "history_date", "history_type", *fields)
    )
    histories = {}
    for indicator_id, kind, start, history_date, history_type, *values in rows:
        spans = histories.setdefault(indicator_id, {})
        spans.setdefault(Span(kind, start), []).append((history_date, history_type, tuple(values)))
    return histories


def _in_force(indicator_data, span: Span, locked_at, annual_rows: dict, profile_rows: dict) -> InForce | None:
    year = year_span(span.financial_year)
    annual_history, profile_history = annual_rows.get(year, []), profile_rows.get(span, [])
    annual_changed, profile_changed = (
        changed_after(annual_history, locked_at),
        changed_after(profile_history, locked_at),
    )
    if not (annual_changed or profile_changed):
        return None
    annual = indicator_data.annual.get(span.financial_year, (None, None))
    agreed = span.financial_year not in indicator_data.proposed
    if annual_changed:
        then, agreed = in_force_at(annual_history, locked_at), True
        if then is not None and then[2] != Agreement.AGREED:
            then = first_agreed_after(annual_history, locked_at)
            agreed = then is not None
        annual = then[:2] if then else (None, None)
    period_target = indicator_data.profile.get(span)
    if profile_changed:
        period_target = (in_force_at(profile_history, locked_at) or (None,))[0]
    if not agreed:  # a year proposed, not yet agreed, at the lock had no target to judge by
        period_target = None
    return InForce(locked_at, annual[0], annual[1], period_target)
