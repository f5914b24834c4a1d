"""Gathering an indicator's results and targets from the database and handing them to the pure
status engine. Queries are bulk (a fixed number however many indicators), so lists and reports
don't grow queries with rows."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import OuterRef, Subquery

from indicators.models import Agreement, AnnualTarget, Indicator, PeriodTarget, Result, ReturnRound
from indicators.periods import KIND_FOR_FREQUENCY, Span, financial_year_of, latest_ended, spans_in_year, year_span
from indicators.services.thresholds import ThresholdNote, judged_thresholds, load_in_force, note_for
from indicators.status import (
    STATUS_MEANING,
    Forecast,
    Observation,
    PeriodAssessment,
    Status,
    YearEndForecast,
    assess_year,
    default_profile,
    period_value,
    year_end_forecast,
)


@dataclass
class TargetsData:
    annual: dict = field(default_factory=dict)  # fy -> (value, monitoring level), agreed years only
    profile: dict = field(default_factory=dict)  # Span -> value (stored, agreed or not: see `proposed`)
    proposed: set = field(default_factory=set)  # fy whose targets are proposed, not yet agreed
    observations: dict = field(default_factory=dict)  # Span -> Observation
    commentary: dict = field(default_factory=dict)  # Span -> str
    locks: dict = field(default_factory=dict)  # Span -> when its round was locked (periods with a result)
    in_force: dict = field(default_factory=dict)  # Span -> thresholds.InForce, where they have changed since


@dataclass(frozen=True)
class PeriodRow:
    span: Span
    assessment: PeriodAssessment
    commentary: str = ""
    judged_then: ThresholdNote | None = None  # judged against a target or level since changed

    @property
    def status_meaning(self):
        return STATUS_MEANING[self.assessment.status]


@dataclass(frozen=True)
class YearView:
    fy: int
    label: str
    annual_target: Decimal | None
    monitoring_level: Decimal | None
    rows: list
    forecast: YearEndForecast
    forecast_target: Decimal | None = None  # the annual target the forecast was judged against


@dataclass(frozen=True)
class IndicatorSummary:
    """What a list, dashboard or report shows about one indicator now."""

    latest: PeriodRow | None
    year: YearView
    trend: list  # recent actual values, oldest first, for a sparkline

    @property
    def status(self) -> Status:
        return self.latest.assessment.status if self.latest else Status.GREY

    @property
    def forecast(self) -> Forecast:
        return self.year.forecast.forecast


@lru_cache(maxsize=4096)
def span_of(kind: str, start: dt.date) -> Span:
    """A period's Span, made once: a page or a job reads the same few periods thousands of times."""
    return Span(kind, start)


def load_data(indicators) -> dict[int, TargetsData]:
    """Three queries for any number of indicators, and at most three more where periods have been
    collated (see indicators.services.thresholds: none without a locked round, one where no target
    has changed since a lock). Rows are read as tuples rather than model instances: a dashboard
    reads hundreds of them and the ladder of intervention thousands, and building model instances
    was most of their cost."""
    data = defaultdict(TargetsData)
    ids = [indicator.pk for indicator in indicators]
    period = ("indicator_id", "period__kind", "period__start")
    annual = AnnualTarget.objects.filter(indicator_id__in=ids).values_list(
        *period, "value", "monitoring_level", "agreement"
    )
    for indicator_id, kind, start, value, monitoring_level, agreement in annual:
        fy = span_of(kind, start).financial_year
        if agreement == Agreement.AGREED:  # only agreed targets count (docs/targets.md)
            data[indicator_id].annual[fy] = (value, monitoring_level)
        else:
            data[indicator_id].proposed.add(fy)
    for indicator_id, kind, start, value in PeriodTarget.objects.filter(indicator_id__in=ids).values_list(
        *period, "value"
    ):
        data[indicator_id].profile[span_of(kind, start)] = value
    results = (
        Result.objects.filter(indicator_id__in=ids)
        .annotate(round_locked_at=_round_lock())
        .values_list(*period, "value", "numerator", "denominator", "commentary", "round_locked_at")
    )
    for indicator_id, kind, start, value, numerator, denominator, commentary, locked_at in results:
        span = span_of(kind, start)
        data[indicator_id].observations[span] = Observation(value, numerator, denominator)
        data[indicator_id].commentary[span] = commentary
        if locked_at is not None:
            data[indicator_id].locks[span] = locked_at
    load_in_force({indicator_id: data[indicator_id] for indicator_id in ids})
    return data


def _round_lock():
    """When the round collating a result's period was first locked (None: not locked, or no round)."""
    rounds = ReturnRound.objects.filter(
        partnership_id=OuterRef("indicator__partnership_id"), period__end=OuterRef("period__end")
    ).exclude(locked_at=None)
    return Subquery(rounds.order_by("locked_at").values("locked_at")[:1])


def assess_financial_year(indicator: Indicator, data: TargetsData, fy: int, tolerance_percent) -> YearView:
    """One year, period by period. Each period with a result is judged against the thresholds in
    force when its round was locked (indicators.services.thresholds), the others against today's.
    The year-end forecast uses today's targets while the year is under way (it is about the
    future); once the year's last period is collated, those in force at its lock. A year whose
    targets are proposed, not yet agreed, has no target (nor profile) today."""
    kind = KIND_FOR_FREQUENCY[indicator.frequency]
    spans = spans_in_year(fy, kind)
    annual_target, monitoring_level = data.annual.get(fy, (None, None))
    defaults = default_profile(annual_target, len(spans), indicator.accumulation)
    stored = {} if fy in data.proposed else data.profile
    profile = [stored.get(span, default) for span, default in zip(spans, defaults, strict=True)]
    in_force = [data.in_force.get(span) for span in spans]
    judged_profile, annual_by_period = profile, None
    if any(in_force):
        judged_profile, annual_by_period = judged_thresholds(
            in_force, profile, annual_target, monitoring_level, indicator.accumulation
        )
    observations = [data.observations.get(span) for span in spans]
    last_year = [data.observations.get(span) for span in spans_in_year(fy - 1, kind)]
    rules = indicator.rules(tolerance_percent)
    assessments = assess_year(
        observations,
        judged_profile,
        rules=rules,
        annual_target=annual_target,
        annual_monitoring_level=monitoring_level,
        last_year=last_year,
        annual_by_period=annual_by_period,
    )
    forecast_profile, (forecast_target, forecast_level) = profile, (annual_target, monitoring_level)
    if in_force[-1] is not None and observations[-1] is not None:  # the year is over and collated
        forecast_profile, (forecast_target, forecast_level) = judged_profile, annual_by_period[-1]
    forecast = year_end_forecast(
        observations,
        forecast_profile,
        rules=rules,
        annual_target=forecast_target,
        annual_monitoring_level=forecast_level,
    )
    periods, accumulation = len(spans), indicator.accumulation
    rows = [
        PeriodRow(
            span,
            assessment,
            data.commentary.get(span, ""),
            note_for(
                then, assessment, current, annual_target, monitoring_level, accumulation=accumulation, periods=periods
            ),
        )
        for span, assessment, then, current in zip(spans, assessments, in_force, profile, strict=True)
    ]
    return YearView(fy, year_span(fy).label, annual_target, monitoring_level, rows, forecast, forecast_target)


def latest_reported(indicator: Indicator, data: TargetsData, today: dt.date) -> Span | None:
    kind = KIND_FOR_FREQUENCY[indicator.frequency]
    ended = [span for span in data.observations if span.kind == kind and span.has_ended(today)]
    return max(ended, default=None)


def summarise(indicators, tolerance_percent, today: dt.date, trend_length: int = 8) -> dict[int, IndicatorSummary]:
    data = load_data(indicators)
    summaries = {}
    for indicator in indicators:
        indicator_data = data[indicator.pk]
        latest_span = latest_reported(indicator, indicator_data, today)
        kind = KIND_FOR_FREQUENCY[indicator.frequency]
        fy = latest_span.financial_year if latest_span else financial_year_of(latest_ended(kind, today).start)
        year = assess_financial_year(indicator, indicator_data, fy, tolerance_percent)
        latest = next((row for row in year.rows if row.span == latest_span), None)
        summaries[indicator.pk] = IndicatorSummary(
            latest, year, _trend(indicator, indicator_data, latest_span, trend_length)
        )
    return summaries


def _trend(indicator, data: TargetsData, latest: Span | None, length: int) -> list:
    if latest is None:
        return []
    spans = [latest]
    while len(spans) < length:
        spans.insert(0, spans[0].previous())
    return [period_value(data.observations.get(span), indicator.scale) for span in spans]


def indicator_years(indicator: Indicator, tolerance_percent, years) -> list[YearView]:
    """Every requested financial year of one indicator, period by period (for its detail page)."""
    data = load_data([indicator])[indicator.pk]
    return [assess_financial_year(indicator, data, fy, tolerance_percent) for fy in years]
