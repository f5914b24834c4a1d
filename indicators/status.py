"""The status engine: the single source of truth for RAG status, direction of travel, year-end
forecast and the aggregation of a year's results. Pure functions on plain values (Decimals); no
database access. Every screen, report and PDF calls these and never re-implements them.

Rules (docs/status.md; seed 003):
- green: the actual meets the profiled target;
- amber: it misses the target but meets the monitoring level (or, where no monitoring level is set,
  is within the partnership's tolerance of the target);
- red: it misses the monitoring level (or the tolerance);
- grey: no result, or no target to judge it against.
"Meets" is polarity-aware: at or above for higher-is-better, at or below for lower-is-better.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"


class Accumulation(models.TextChoices):
    """How a year's results combine: counts and money add up over the year; rates and
    percentages are snapshots (ratios are pooled, never averaged)."""

    CUMULATIVE = "cumulative", "Cumulative: results add up over the year"
    SNAPSHOT = "snapshot", "Snapshot: each period stands alone"


class Status(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    GREY = "grey", "Grey"


# Words beside every colour, so colour is never the only signal (seed 003's categories).
STATUS_MEANING = {
    Status.GREEN: "On target",
    Status.AMBER: "Below target, within monitoring level",
    Status.RED: "Below monitoring level",
    Status.GREY: "No data",
}
STATUS_ORDER = {Status.RED: 0, Status.AMBER: 1, Status.GREEN: 2}  # worse < better; grey is unranked


class Direction(models.TextChoices):
    IMPROVING = "improving", "Improving"
    UNCHANGED = "unchanged", "No change"
    WORSENING = "worsening", "Worsening"
    UNKNOWN = "unknown", "Not known"


class Forecast(models.TextChoices):
    LIKELY = "likely", "Achievement likely"
    DIFFICULT = "difficult", "Achievement difficult"
    UNLIKELY = "unlikely", "Achievement unlikely"
    UNKNOWN = "unknown", "Not enough data"


FORECAST_FOR_STATUS = {
    Status.GREEN: Forecast.LIKELY,
    Status.AMBER: Forecast.DIFFICULT,
    Status.RED: Forecast.UNLIKELY,
    Status.GREY: Forecast.UNKNOWN,
}

Number = Decimal | int | float


def to_decimal(value: Number | None) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def meets(actual: Number, level: Number, polarity: str) -> bool:
    """Is `actual` at least as good as `level`?"""
    actual, level = to_decimal(actual), to_decimal(level)
    return actual >= level if polarity == Polarity.HIGHER_IS_BETTER else actual <= level


def tolerance_level(target: Number, tolerance: Number, polarity: str) -> Decimal:
    """The level `tolerance` (a fraction, 0.05 for 5%) short of the target, on the worse side."""
    target = to_decimal(target)
    margin = abs(target) * to_decimal(tolerance)
    return target - margin if polarity == Polarity.HIGHER_IS_BETTER else target + margin


def rag_status(
    actual: Number | None,
    target: Number | None,
    *,
    polarity: str,
    monitoring_level: Number | None = None,
    tolerance: Number = Decimal("0"),
    grade_step: Number | None = None,
) -> Status:
    """`grade_step` is for ratings (red 1, amber 2, green 3): with no monitoring level set, one
    grade short of the target is amber and more is red, instead of the percentage tolerance."""
    if actual is None or target is None:
        return Status.GREY
    if meets(actual, target, polarity):
        return Status.GREEN
    if monitoring_level is not None:
        floor = monitoring_level
    elif grade_step is not None:
        floor = to_decimal(target) - to_decimal(grade_step)
    else:
        floor = tolerance_level(target, tolerance, polarity)
    return Status.AMBER if meets(actual, floor, polarity) else Status.RED


def monitoring_level_problem(target: Number | None, monitoring_level: Number | None, polarity: str) -> str | None:
    """Why this monitoring level cannot go with this target, or None if it can.

    The monitoring level triggers action when performance falls below it, so it must sit on the
    worse side of the target (or equal it)."""
    if target is None or monitoring_level is None or meets(target, monitoring_level, polarity):
        return None
    if polarity == Polarity.HIGHER_IS_BETTER:
        return "The monitoring level must be at or below the target, because higher is better for this indicator."
    return "The monitoring level must be at or above the target, because lower is better for this indicator."


def direction_of_travel(current: Number | None, previous: Number | None, polarity: str) -> Direction:
    if current is None or previous is None:
        return Direction.UNKNOWN
    current, previous = to_decimal(current), to_decimal(previous)
    if current == previous:
        return Direction.UNCHANGED
    return Direction.IMPROVING if meets(current, previous, polarity) else Direction.WORSENING


# --- aggregation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One period's approved result: a value, or a numerator and denominator for a ratio."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None and self.denominator is not None


def ratio(numerator: Number | None, denominator: Number | None, scale: Number) -> Decimal | None:
    """numerator / denominator x scale (100 for a percentage, 1,000 for a rate per 1,000).
    A zero or missing denominator has no value."""
    if numerator is None or denominator is None or to_decimal(denominator) == 0:
        return None
    return to_decimal(numerator) / to_decimal(denominator) * to_decimal(scale)


def period_value(observation: Observation | None, scale: Number = 1) -> Decimal | None:
    if observation is None:
        return None
    if observation.is_ratio:
        return ratio(observation.numerator, observation.denominator, scale)
    return to_decimal(observation.value)


def aggregate(observations: Sequence[Observation | None], *, accumulation: str, scale: Number = 1) -> Decimal | None:
    """The year-to-date value of a run of periods, in order.

    Ratios pool their numerators and denominators (the year's percentage is total numerator over
    total denominator, never the average of the quarters' percentages). Otherwise cumulative
    indicators sum, and snapshot indicators take the latest period with data."""
    # A period whose denominator is zero has no value, so its numerator must not join the pool.
    present = [o for o in observations if period_value(o) is not None]
    if not present:
        return None
    if all(o.is_ratio for o in present):
        return ratio(sum(o.numerator for o in present), sum(o.denominator for o in present), scale)
    if accumulation == Accumulation.CUMULATIVE:
        return sum((period_value(o, scale) or Decimal(0) for o in present), Decimal(0))
    return period_value(present[-1], scale)


# --- targets across the year -------------------------------------------------------------------


def default_profile(annual_target: Number | None, periods: int, accumulation: str) -> list[Decimal | None]:
    """The target for each period of the year: flat for snapshots (rates, percentages), and a
    cumulative year-to-date share for counts and money (Q1 25%, Q2 50% ... of the annual target)."""
    if annual_target is None:
        return [None] * periods
    annual = to_decimal(annual_target)
    if accumulation == Accumulation.CUMULATIVE:
        return [annual * k / periods for k in range(1, periods + 1)]
    return [annual] * periods


def profiled_monitoring_level(
    annual_monitoring_level: Number | None,
    annual_target: Number | None,
    period_target: Number | None,
    *,
    accumulation: str,
    position: int,
    periods: int,
) -> Decimal | None:
    """The monitoring level for one period. Snapshots use the annual level; cumulative indicators
    scale it in proportion to the period's profiled target (or evenly when the target is zero)."""
    if annual_monitoring_level is None:
        return None
    level = to_decimal(annual_monitoring_level)
    if accumulation != Accumulation.CUMULATIVE:
        return level
    if period_target is not None and annual_target is not None and to_decimal(annual_target) != 0:
        return level * to_decimal(period_target) / to_decimal(annual_target)
    return level * position / periods


# --- one year, period by period ----------------------------------------------------------------


@dataclass(frozen=True)
class PeriodAssessment:
    position: int  # 1-based within the year
    actual: Decimal | None  # this period's own value (in-period count, or the period's ratio)
    compared: Decimal | None  # what is judged: year-to-date for cumulative, else the period's value
    target: Decimal | None
    monitoring_level: Decimal | None
    status: Status
    direction_from_previous: Direction
    direction_from_last_year: Direction


@dataclass(frozen=True)
class IndicatorRules:
    polarity: str
    accumulation: str
    scale: Decimal = Decimal(1)
    tolerance: Decimal = Decimal(0)
    grade_step: Decimal | None = None  # ratings: see rag_status


def assess_year(
    observations: Sequence[Observation | None],
    profile: Sequence[Number | None],
    *,
    rules: IndicatorRules,
    annual_target: Number | None,
    annual_monitoring_level: Number | None,
    last_year: Sequence[Observation | None] = (),
    annual_by_period: Sequence[tuple[Number | None, Number | None]] | None = None,
) -> list[PeriodAssessment]:
    """Status and direction of travel for every period of one financial year.

    `observations` and `profile` have one entry per period of the indicator's frequency, in order
    (None where there is no result or no target). `last_year` is the previous year's observations,
    for the comparison with the same period last year (and with the previous period, for the
    year's first period). `annual_by_period`, where the annual target and monitoring level differ
    within the year (a past period keeps those in force when its returns were collated:
    indicators.services.thresholds), gives each period's (annual target, monitoring level);
    otherwise every period takes `annual_target` and `annual_monitoring_level`."""
    periods = len(profile)
    observations = list(observations) + [None] * (periods - len(observations))  # periods not yet reported
    last_year = list(last_year) + [None] * (periods - len(last_year))
    assessments = []
    for index in range(periods):
        position = index + 1
        target = to_decimal(profile[index])
        compared = _compared_value(observations, index, rules)
        last_year_compared = _compared_value(last_year, index, rules)
        actual = period_value(observations[index], rules.scale)
        previous_actual = (
            period_value(observations[index - 1], rules.scale) if index else period_value(last_year[-1], rules.scale)
        )
        annual, annual_level = annual_by_period[index] if annual_by_period else (annual_target, annual_monitoring_level)
        level = profiled_monitoring_level(
            annual_level,
            annual,
            target,
            accumulation=rules.accumulation,
            position=position,
            periods=periods,
        )
        status = (
            rag_status(
                compared,
                target,
                polarity=rules.polarity,
                monitoring_level=level,
                tolerance=rules.tolerance,
                grade_step=rules.grade_step,
            )
            if actual is not None
            else Status.GREY
        )
        assessments.append(
            PeriodAssessment(
                position=position,
                actual=actual,
                compared=compared if actual is not None else None,
                target=target,
                monitoring_level=level,
                status=status,
                direction_from_previous=direction_of_travel(actual, previous_actual, rules.polarity),
                direction_from_last_year=direction_of_travel(
                    compared if actual is not None else None, last_year_compared, rules.polarity
                ),
            )
        )
    return assessments


def _compared_value(observations, index, rules: IndicatorRules) -> Decimal | None:
    if index >= len(observations) or observations[index] is None:
        return None
    if rules.accumulation == Accumulation.CUMULATIVE:
        # Counts add up (and cumulative ratios pool) over the year: judge the year to date.
        return aggregate(observations[: index + 1], accumulation=rules.accumulation, scale=rules.scale)
    return period_value(observations[index], rules.scale)


# --- year-end forecast ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YearEndForecast:
    forecast: Forecast
    projected: Decimal | None


def year_end_forecast(
    observations: Sequence[Observation | None],
    profile: Sequence[Number | None],
    *,
    rules: IndicatorRules,
    annual_target: Number | None,
    annual_monitoring_level: Number | None,
) -> YearEndForecast:
    """Will the annual target be met? Method:

    1. Take the results so far this year. With none, or no annual target: not enough data.
    2. Project the year end. Cumulative indicators (counts, money) keep the pace they have set
       against their profile: projected = year-to-date x annual target / year-to-date profiled
       target; where the profile so far is zero or missing, by straight-line run rate
       (year-to-date x periods in year / periods reported). Snapshot indicators (rates and
       percentages) do not accumulate: the year-to-date value (pooled for ratios, else the latest
       period) is the best estimate of the year end.
    3. Judge the projection against the annual target and monitoring level with the RAG rule:
       green -> likely, amber -> difficult, red -> unlikely.
    """
    periods = len(profile)
    reported = [
        i for i in range(min(periods, len(observations))) if period_value(observations[i], rules.scale) is not None
    ]
    if not reported or annual_target is None:
        return YearEndForecast(Forecast.UNKNOWN, None)
    last = reported[-1]
    ytd = aggregate(observations[: last + 1], accumulation=rules.accumulation, scale=rules.scale)
    if ytd is None:
        return YearEndForecast(Forecast.UNKNOWN, None)
    annual = to_decimal(annual_target)
    if rules.accumulation == Accumulation.CUMULATIVE:
        profiled_so_far = to_decimal(profile[last])
        if profiled_so_far:
            projected = ytd * annual / profiled_so_far
        else:
            projected = ytd * periods / (last + 1)
    else:
        projected = ytd
    status = rag_status(
        projected,
        annual,
        polarity=rules.polarity,
        monitoring_level=annual_monitoring_level,
        tolerance=rules.tolerance,
        grade_step=rules.grade_step,
    )
    return YearEndForecast(FORECAST_FOR_STATUS[status], projected)
