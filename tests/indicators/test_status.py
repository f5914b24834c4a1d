"""The status engine (indicators/status.py): RAG status, direction of travel, aggregation of a
year's results, target profiles, one year's assessment and the year-end forecast.

Example-based tests pin the domain rule and its boundaries; property-based tests (hypothesis)
check the invariants that must hold for every value: polarity symmetry, monotonicity, and that a
pooled ratio never leaves the range of the periods' own ratios."""

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.status import (
    FORECAST_FOR_STATUS,
    STATUS_MEANING,
    STATUS_ORDER,
    Accumulation,
    Direction,
    Forecast,
    IndicatorRules,
    Observation,
    Polarity,
    Status,
    aggregate,
    assess_year,
    default_profile,
    direction_of_travel,
    meets,
    monitoring_level_problem,
    period_value,
    profiled_monitoring_level,
    rag_status,
    ratio,
    tolerance_level,
    year_end_forecast,
)

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
CUMULATIVE = Accumulation.CUMULATIVE
SNAPSHOT = Accumulation.SNAPSHOT

# The autouse `fast_passwords` fixture in tests/conftest.py only swaps a setting; it does not need
# resetting between generated examples.
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Secondary properties run fewer examples, to keep the file fast on a slow machine.
QUICK_PROPERTY = settings(PROPERTY, max_examples=100)


def decimals(low, high, places=2):
    return st.decimals(min_value=low, max_value=high, allow_nan=False, allow_infinity=False, places=places)


AMOUNTS = decimals(-(10**6), 10**6)
NON_NEGATIVE = decimals(0, 10**6)
TOLERANCES = decimals(0, 1, places=3)
POLARITIES = st.sampled_from([HIGHER, LOWER])
SMALLEST_STEP = D("0.01")


def count(value):
    return Observation(value=D(value))


def fraction(numerator, denominator):
    return Observation(numerator=D(numerator), denominator=D(denominator))


def order(status):
    return STATUS_ORDER[status]


# --- meets and RAG status: boundaries ----------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "level", "polarity", "expected"),
    [
        (D("100"), D("100"), HIGHER, True),
        (D("100.01"), D("100"), HIGHER, True),
        (D("99.99"), D("100"), HIGHER, False),
        (D("10"), D("10"), LOWER, True),
        (D("9.99"), D("10"), LOWER, True),
        (D("10.01"), D("10"), LOWER, False),
    ],
)
def test_meets_is_at_or_above_for_higher_and_at_or_below_for_lower(actual, level, polarity, expected):
    assert meets(actual, level, polarity) is expected


@pytest.mark.parametrize(
    ("polarity", "target"), [(HIGHER, D("100")), (LOWER, D("10")), (HIGHER, D("0")), (LOWER, D("-5"))]
)
def test_an_actual_exactly_at_target_is_green(polarity, target):
    assert rag_status(target, target, polarity=polarity, monitoring_level=None) == Status.GREEN


def test_higher_is_better_status_around_the_monitoring_level():
    def status(actual):
        return rag_status(D(actual), D("100"), polarity=HIGHER, monitoring_level=D("90"))

    assert status("100.01") == Status.GREEN
    assert status("99.99") == Status.AMBER
    assert status("90") == Status.AMBER
    assert status("89.99") == Status.RED


def test_lower_is_better_status_around_the_monitoring_level():
    def status(actual):
        return rag_status(D(actual), D("10"), polarity=LOWER, monitoring_level=D("12"))

    assert status("9.99") == Status.GREEN
    assert status("10.01") == Status.AMBER
    assert status("12") == Status.AMBER
    assert status("12.01") == Status.RED


def test_higher_is_better_status_around_the_tolerance_edge():
    # given a 5% tolerance on a target of 100 the edge is 95
    def status(actual):
        return rag_status(D(actual), D("100"), polarity=HIGHER, tolerance=D("0.05"))

    # then
    assert status("100") == Status.GREEN
    assert status("95") == Status.AMBER
    assert status("94.99") == Status.RED


def test_lower_is_better_status_around_the_tolerance_edge():
    # given a 5% tolerance on a target of 100 the edge is 105
    def status(actual):
        return rag_status(D(actual), D("100"), polarity=LOWER, tolerance=D("0.05"))

    # then
    assert status("100") == Status.GREEN
    assert status("105") == Status.AMBER
    assert status("105.01") == Status.RED


def test_without_monitoring_level_or_tolerance_any_miss_is_red():
    assert rag_status(D("99.99"), D("100"), polarity=HIGHER) == Status.RED
    assert rag_status(D("10.01"), D("10"), polarity=LOWER) == Status.RED


@pytest.mark.parametrize(("polarity", "just_worse"), [(HIGHER, D("-0.01")), (LOWER, D("0.01"))])
def test_a_target_of_zero_has_no_tolerance_margin(polarity, just_worse):
    # a fraction of zero is zero: any miss of a zero target is red, whatever the tolerance
    assert rag_status(D("0"), D("0"), polarity=polarity, tolerance=D("0.5")) == Status.GREEN
    assert rag_status(just_worse, D("0"), polarity=polarity, tolerance=D("0.5")) == Status.RED


def test_a_negative_target_higher_is_better_tolerance_lies_below_it():
    # given a target of -100 with 10% tolerance: the margin is 10, on the worse (lower) side
    def status(actual):
        return rag_status(D(actual), D("-100"), polarity=HIGHER, tolerance=D("0.1"))

    # then
    assert tolerance_level(D("-100"), D("0.1"), HIGHER) == D("-110")
    assert status("-100") == Status.GREEN
    assert status("-110") == Status.AMBER
    assert status("-110.01") == Status.RED


def test_a_negative_target_lower_is_better_tolerance_lies_above_it():
    # given a target of -100 with 10% tolerance: the margin is 10, on the worse (higher) side
    def status(actual):
        return rag_status(D(actual), D("-100"), polarity=LOWER, tolerance=D("0.1"))

    # then
    assert tolerance_level(D("-100"), D("0.1"), LOWER) == D("-90")
    assert status("-100") == Status.GREEN
    assert status("-90") == Status.AMBER
    assert status("-89.99") == Status.RED


def test_a_monitoring_level_takes_precedence_over_the_tolerance():
    # a looser monitoring level than the tolerance rescues an actual the tolerance would fail
    assert rag_status(D("92"), D("100"), polarity=HIGHER, monitoring_level=D("90"), tolerance=D("0.05")) == Status.AMBER
    # a stricter monitoring level than the tolerance fails an actual the tolerance would pass
    assert rag_status(D("96"), D("100"), polarity=HIGHER, monitoring_level=D("98"), tolerance=D("0.05")) == Status.RED


def test_status_accepts_ints_and_floats():
    assert rag_status(95.0, 100, polarity=HIGHER, tolerance=0.05) == Status.AMBER
    assert rag_status(94, 100, polarity=HIGHER, tolerance=0.05) == Status.RED


def test_every_status_has_words_beside_its_colour_and_a_forecast():
    assert set(STATUS_MEANING) == set(Status)
    assert set(FORECAST_FOR_STATUS) == set(Status)
    assert STATUS_ORDER[Status.RED] < STATUS_ORDER[Status.AMBER] < STATUS_ORDER[Status.GREEN]


# --- missing data -------------------------------------------------------------------------------


@pytest.mark.parametrize("polarity", [HIGHER, LOWER])
def test_no_actual_is_grey(polarity):
    assert rag_status(None, D("100"), polarity=polarity, monitoring_level=D("90")) == Status.GREY


@pytest.mark.parametrize("polarity", [HIGHER, LOWER])
def test_no_target_is_grey(polarity):
    assert rag_status(D("100"), None, polarity=polarity, monitoring_level=D("90")) == Status.GREY


@given(actual=st.none() | AMOUNTS, target=st.none() | AMOUNTS, level=st.none() | AMOUNTS, polarity=POLARITIES)
@QUICK_PROPERTY
def test_status_is_grey_exactly_when_actual_or_target_is_missing(actual, target, level, polarity):
    status = rag_status(actual, target, polarity=polarity, monitoring_level=level)
    assert (status == Status.GREY) == (actual is None or target is None)


# --- polarity symmetry (property) ---------------------------------------------------------------


@given(actual=AMOUNTS, target=AMOUNTS, level=AMOUNTS)
@PROPERTY
def test_status_with_monitoring_level_is_symmetric_under_polarity_flip(actual, target, level):
    assert rag_status(actual, target, polarity=HIGHER, monitoring_level=level) == rag_status(
        -actual, -target, polarity=LOWER, monitoring_level=-level
    )


@given(actual=AMOUNTS, target=AMOUNTS, tolerance=TOLERANCES)
@PROPERTY
def test_status_with_tolerance_is_symmetric_under_polarity_flip(actual, target, tolerance):
    assert rag_status(actual, target, polarity=HIGHER, tolerance=tolerance) == rag_status(
        -actual, -target, polarity=LOWER, tolerance=tolerance
    )


@given(current=AMOUNTS, previous=AMOUNTS)
@PROPERTY
def test_direction_of_travel_is_symmetric_under_polarity_flip(current, previous):
    assert direction_of_travel(current, previous, HIGHER) == direction_of_travel(-current, -previous, LOWER)


@given(actual=AMOUNTS, level=AMOUNTS)
@PROPERTY
def test_meets_is_symmetric_under_polarity_flip(actual, level):
    assert meets(actual, level, HIGHER) == meets(-actual, -level, LOWER)


# --- monotonicity (property) --------------------------------------------------------------------


@given(actual=AMOUNTS, better_by=NON_NEGATIVE, target=AMOUNTS, level=st.none() | AMOUNTS, tolerance=TOLERANCES)
@PROPERTY
def test_a_higher_actual_never_worsens_status_when_higher_is_better(actual, better_by, target, level, tolerance):
    # given
    better = actual + better_by
    # when
    before = rag_status(actual, target, polarity=HIGHER, monitoring_level=level, tolerance=tolerance)
    after = rag_status(better, target, polarity=HIGHER, monitoring_level=level, tolerance=tolerance)
    # then
    assert order(after) >= order(before)


@given(actual=AMOUNTS, better_by=NON_NEGATIVE, target=AMOUNTS, level=st.none() | AMOUNTS, tolerance=TOLERANCES)
@PROPERTY
def test_a_lower_actual_never_worsens_status_when_lower_is_better(actual, better_by, target, level, tolerance):
    # given
    better = actual - better_by
    # when
    before = rag_status(actual, target, polarity=LOWER, monitoring_level=level, tolerance=tolerance)
    after = rag_status(better, target, polarity=LOWER, monitoring_level=level, tolerance=tolerance)
    # then
    assert order(after) >= order(before)


@given(actual=AMOUNTS, target=AMOUNTS, level=AMOUNTS, stricter_by=NON_NEGATIVE, polarity=POLARITIES)
@PROPERTY
def test_a_stricter_monitoring_level_never_improves_status(actual, target, level, stricter_by, polarity):
    # given a level moved towards the better side (up for higher-is-better, down for lower)
    stricter = level + stricter_by if polarity == HIGHER else level - stricter_by
    # when
    loose = rag_status(actual, target, polarity=polarity, monitoring_level=level)
    strict = rag_status(actual, target, polarity=polarity, monitoring_level=stricter)
    # then
    assert order(strict) <= order(loose)


@given(actual=AMOUNTS, target=AMOUNTS, tolerance=TOLERANCES, wider_by=TOLERANCES, polarity=POLARITIES)
@QUICK_PROPERTY
def test_a_wider_tolerance_never_worsens_status(actual, target, tolerance, wider_by, polarity):
    narrow = rag_status(actual, target, polarity=polarity, tolerance=tolerance)
    wide = rag_status(actual, target, polarity=polarity, tolerance=tolerance + wider_by)
    assert order(wide) >= order(narrow)


@given(actual=AMOUNTS, target=AMOUNTS, level=st.none() | AMOUNTS, polarity=POLARITIES)
@QUICK_PROPERTY
def test_green_exactly_when_the_actual_meets_the_target(actual, target, level, polarity):
    status = rag_status(actual, target, polarity=polarity, monitoring_level=level)
    assert (status == Status.GREEN) == meets(actual, target, polarity)


# --- monitoring level sanity --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "level", "polarity"),
    [
        (D("100"), D("90"), HIGHER),
        (D("100"), D("100"), HIGHER),
        (D("10"), D("12"), LOWER),
        (D("10"), D("10"), LOWER),
        (None, D("10"), HIGHER),
        (D("10"), None, LOWER),
    ],
)
def test_a_monitoring_level_on_the_worse_side_or_equal_is_accepted(target, level, polarity):
    assert monitoring_level_problem(target, level, polarity) is None


def test_a_monitoring_level_above_a_higher_is_better_target_is_a_problem():
    problem = monitoring_level_problem(D("100"), D("100.01"), HIGHER)
    assert problem is not None and "at or below" in problem


def test_a_monitoring_level_below_a_lower_is_better_target_is_a_problem():
    problem = monitoring_level_problem(D("10"), D("9.99"), LOWER)
    assert problem is not None and "at or above" in problem


# --- direction of travel ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        (D("10"), D("8"), HIGHER, Direction.IMPROVING),
        (D("8"), D("10"), HIGHER, Direction.WORSENING),
        (D("8"), D("10"), LOWER, Direction.IMPROVING),
        (D("10"), D("8"), LOWER, Direction.WORSENING),
        (D("10"), D("10.00"), HIGHER, Direction.UNCHANGED),
        (D("10"), D("10"), LOWER, Direction.UNCHANGED),
        (None, D("10"), HIGHER, Direction.UNKNOWN),
        (D("10"), None, LOWER, Direction.UNKNOWN),
    ],
)
def test_direction_of_travel(current, previous, polarity, expected):
    assert direction_of_travel(current, previous, polarity) == expected


# --- ratios and zero denominators ---------------------------------------------------------------


def test_ratio_scales_numerator_over_denominator():
    assert ratio(D("1"), D("4"), 100) == D("25")
    assert ratio(D("3"), D("2000"), 1000) == D("1.5")


@pytest.mark.parametrize(
    ("numerator", "denominator"), [(D("5"), D("0")), (D("0"), D("0")), (None, D("4")), (D("5"), None)]
)
def test_ratio_without_a_usable_denominator_or_numerator_has_no_value(numerator, denominator):
    assert ratio(numerator, denominator, 100) is None


def test_an_observation_with_a_zero_denominator_has_no_period_value():
    assert period_value(Observation(numerator=D("5"), denominator=D("0")), 100) is None


def test_period_value_of_a_plain_value_and_of_nothing():
    assert period_value(count("7")) == D("7")
    assert period_value(Observation()) is None
    assert period_value(None) is None


def test_an_observation_with_a_zero_denominator_is_grey_in_the_year():
    # given
    rules = IndicatorRules(polarity=HIGHER, accumulation=SNAPSHOT, scale=D("100"))
    # when
    [assessment] = assess_year(
        [Observation(numerator=D("5"), denominator=D("0"))],
        [D("80")],
        rules=rules,
        annual_target=D("80"),
        annual_monitoring_level=D("70"),
    )
    # then
    assert assessment.actual is None
    assert assessment.compared is None
    assert assessment.status == Status.GREY


@pytest.mark.parametrize("accumulation", [CUMULATIVE, SNAPSHOT])
def test_aggregate_of_ratios_whose_denominators_sum_to_zero_has_no_value(accumulation):
    observations = [fraction("0", "0"), fraction("3", "0")]
    assert aggregate(observations, accumulation=accumulation, scale=100) is None


# --- aggregation --------------------------------------------------------------------------------


def test_cumulative_counts_sum_skipping_missing_periods():
    observations = [count("3"), None, count("4.5"), Observation()]
    assert aggregate(observations, accumulation=CUMULATIVE) == D("7.5")


def test_snapshot_non_ratios_take_the_latest_period_with_data():
    observations = [count("5"), count("7"), None, Observation()]
    assert aggregate(observations, accumulation=SNAPSHOT) == D("7")


@pytest.mark.parametrize("accumulation", [CUMULATIVE, SNAPSHOT])
def test_aggregate_of_nothing_has_no_value(accumulation):
    assert aggregate([], accumulation=accumulation) is None
    assert aggregate([None, Observation()], accumulation=accumulation) is None


@pytest.mark.parametrize("accumulation", [CUMULATIVE, SNAPSHOT])
def test_ratios_pool_numerators_and_denominators_and_never_average_percentages(accumulation):
    # given 1/10 (10%) and 50/100 (50%)
    observations = [fraction("1", "10"), fraction("50", "100")]
    # when
    pooled = aggregate(observations, accumulation=accumulation, scale=100)
    # then the year is 51/110 = 46.36...%, not the 30% mean of the quarters' percentages
    assert pooled == D("51") / D("110") * 100
    assert pooled != (D("10") + D("50")) / 2


@given(
    parts=st.lists(
        st.tuples(NON_NEGATIVE, decimals(D("0.01"), 10**6)),  # (numerator, positive denominator)
        min_size=1,
        max_size=12,
    ),
    accumulation=st.sampled_from([CUMULATIVE, SNAPSHOT]),
    scale=st.sampled_from([1, 100, 1000]),
)
@QUICK_PROPERTY
def test_a_pooled_ratio_lies_between_the_lowest_and_highest_period_ratio(parts, accumulation, scale):
    # given
    observations = [Observation(numerator=n, denominator=d) for n, d in parts]
    period_ratios = [period_value(o, scale) for o in observations]
    # when
    pooled = aggregate(observations, accumulation=accumulation, scale=scale)
    # then
    assert min(period_ratios) <= pooled <= max(period_ratios)


@given(values=st.lists(st.none() | AMOUNTS, max_size=12))
@QUICK_PROPERTY
def test_cumulative_aggregate_is_the_sum_of_the_present_values(values):
    observations = [None if v is None else Observation(value=v) for v in values]
    present = [v for v in values if v is not None]
    expected = sum(present, D(0)) if present else None
    assert aggregate(observations, accumulation=CUMULATIVE) == expected


# --- target profiles ----------------------------------------------------------------------------


def test_cumulative_default_profile_is_a_year_to_date_share():
    assert default_profile(D("100"), 4, CUMULATIVE) == [D("25"), D("50"), D("75"), D("100")]


def test_snapshot_default_profile_is_flat():
    assert default_profile(D("80"), 4, SNAPSHOT) == [D("80")] * 4


@pytest.mark.parametrize("accumulation", [CUMULATIVE, SNAPSHOT])
def test_no_annual_target_gives_no_period_targets(accumulation):
    assert default_profile(None, 4, accumulation) == [None] * 4


@given(annual=NON_NEGATIVE, periods=st.sampled_from([1, 2, 4, 12]))
@QUICK_PROPERTY
def test_cumulative_profile_rises_to_the_annual_target(annual, periods):
    profile = default_profile(annual, periods, CUMULATIVE)
    assert len(profile) == periods
    assert profile[-1] == annual
    assert all(earlier <= later for earlier, later in zip(profile, profile[1:], strict=False))


@given(annual=AMOUNTS, periods=st.sampled_from([1, 2, 4, 12]))
@QUICK_PROPERTY
def test_snapshot_profile_is_the_annual_target_every_period(annual, periods):
    assert default_profile(annual, periods, SNAPSHOT) == [annual] * periods


def test_cumulative_monitoring_level_scales_with_the_profile():
    # given an annual target of 100 with monitoring level 80, profiled 25/50/75/100
    levels = [
        profiled_monitoring_level(D("80"), D("100"), target, accumulation=CUMULATIVE, position=k, periods=4)
        for k, target in enumerate(default_profile(D("100"), 4, CUMULATIVE), start=1)
    ]
    # then
    assert levels == [D("20"), D("40"), D("60"), D("80")]


def test_cumulative_monitoring_level_follows_an_uneven_profile():
    level = profiled_monitoring_level(D("80"), D("100"), D("10"), accumulation=CUMULATIVE, position=2, periods=4)
    assert level == D("8")


@pytest.mark.parametrize(("annual_target", "period_target"), [(D("0"), D("0")), (None, D("50")), (D("100"), None)])
def test_cumulative_monitoring_level_is_spread_evenly_without_a_usable_target(annual_target, period_target):
    level = profiled_monitoring_level(
        D("80"), annual_target, period_target, accumulation=CUMULATIVE, position=2, periods=4
    )
    assert level == D("40")


@pytest.mark.parametrize("position", [1, 2, 3, 4])
def test_snapshot_monitoring_level_is_constant(position):
    level = profiled_monitoring_level(D("75"), D("80"), D("80"), accumulation=SNAPSHOT, position=position, periods=4)
    assert level == D("75")


@pytest.mark.parametrize("accumulation", [CUMULATIVE, SNAPSHOT])
def test_no_annual_monitoring_level_gives_no_period_level(accumulation):
    assert profiled_monitoring_level(None, D("100"), D("25"), accumulation=accumulation, position=1, periods=4) is None


@given(level=NON_NEGATIVE, annual=decimals(D("0.01"), 10**6), periods=st.sampled_from([1, 2, 4, 12]))
@QUICK_PROPERTY
def test_cumulative_monitoring_level_reaches_the_annual_level_at_year_end(level, annual, periods):
    profile = default_profile(annual, periods, CUMULATIVE)
    levels = [
        profiled_monitoring_level(level, annual, target, accumulation=CUMULATIVE, position=k, periods=periods)
        for k, target in enumerate(profile, start=1)
    ]
    assert levels[-1] == level
    assert all(earlier <= later for earlier, later in zip(levels, levels[1:], strict=False))


# --- assess_year --------------------------------------------------------------------------------

COUNT_RULES = IndicatorRules(polarity=HIGHER, accumulation=CUMULATIVE)
PERCENT_RULES = IndicatorRules(polarity=HIGHER, accumulation=SNAPSHOT, scale=D("100"))


def test_a_cumulative_count_is_judged_year_to_date_against_the_cumulative_profile():
    # given an annual target of 100 (profile 25/50/75/100) with monitoring level 80 (20/40/60/80)
    profile = default_profile(D("100"), 4, CUMULATIVE)
    observations = [count("30"), count("15"), count("10"), count("45")]
    # when
    year = assess_year(
        observations, profile, rules=COUNT_RULES, annual_target=D("100"), annual_monitoring_level=D("80")
    )
    # then year to date is 30, 45, 55, 100
    assert [a.actual for a in year] == [D("30"), D("15"), D("10"), D("45")]
    assert [a.compared for a in year] == [D("30"), D("45"), D("55"), D("100")]
    assert [a.target for a in year] == [D("25"), D("50"), D("75"), D("100")]
    assert [a.monitoring_level for a in year] == [D("20"), D("40"), D("60"), D("80")]
    assert [a.status for a in year] == [Status.GREEN, Status.AMBER, Status.RED, Status.GREEN]
    assert [a.position for a in year] == [1, 2, 3, 4]


def test_a_snapshot_percentage_is_judged_on_each_periods_own_value():
    # given a flat 80% target with a 75% monitoring level
    profile = default_profile(D("80"), 4, SNAPSHOT)
    observations = [fraction("40", "50"), fraction("38", "50"), fraction("7", "10"), None]
    # when
    year = assess_year(
        observations, profile, rules=PERCENT_RULES, annual_target=D("80"), annual_monitoring_level=D("75")
    )
    # then 80%, 76%, 70% (the pooled 85/110 = 77% would have been amber for Q3), no data
    assert [a.actual for a in year] == [D("80"), D("76"), D("70"), None]
    assert [a.compared for a in year] == [D("80"), D("76"), D("70"), None]
    assert [a.monitoring_level for a in year] == [D("75")] * 4
    assert [a.status for a in year] == [Status.GREEN, Status.AMBER, Status.RED, Status.GREY]


def test_a_cumulative_percentage_pools_the_year_to_date():
    # given
    rules = IndicatorRules(polarity=HIGHER, accumulation=CUMULATIVE, scale=D("100"))
    observations = [fraction("1", "10"), fraction("50", "100")]
    # when
    year = assess_year(
        observations, [D("40"), D("40")], rules=rules, annual_target=D("40"), annual_monitoring_level=None
    )
    # then Q1 is 10% (red), Q2 year to date is 51/110 = 46% (green), not the 30% mean
    assert year[1].compared == D("51") / D("110") * 100
    assert [a.status for a in year] == [Status.RED, Status.GREEN]


def test_directions_compare_with_the_previous_period_and_the_same_period_last_year():
    # given last year 20 a quarter (year to date 20/40/60/80)
    profile = default_profile(D("100"), 4, CUMULATIVE)
    last_year = [count("20")] * 4
    observations = [count("30"), count("15"), count("10"), count("45")]
    # when
    year = assess_year(
        observations,
        profile,
        rules=COUNT_RULES,
        annual_target=D("100"),
        annual_monitoring_level=D("80"),
        last_year=last_year,
    )
    # then Q1 compares with last year's Q4 (30 vs 20); later quarters with the quarter before
    assert [a.direction_from_previous for a in year] == [
        Direction.IMPROVING,
        Direction.WORSENING,
        Direction.WORSENING,
        Direction.IMPROVING,
    ]
    # and year to date (30/45/55/100) compares with last year's year to date (20/40/60/80)
    assert [a.direction_from_last_year for a in year] == [
        Direction.IMPROVING,
        Direction.IMPROVING,
        Direction.WORSENING,
        Direction.IMPROVING,
    ]


def test_the_first_period_uses_last_years_final_period_for_lower_is_better():
    # given
    rules = IndicatorRules(polarity=LOWER, accumulation=SNAPSHOT)
    last_year = [count("9"), count("9"), count("9"), count("6")]
    # when
    [first, *_] = assess_year(
        [count("7")], [D("5")], rules=rules, annual_target=D("5"), annual_monitoring_level=None, last_year=last_year
    )
    # then 7 against last year's final 6 is worse; against last year's Q1 of 9 it is better
    assert first.direction_from_previous == Direction.WORSENING
    assert first.direction_from_last_year == Direction.IMPROVING


def test_periods_without_observations_are_grey_with_unknown_directions():
    # given results for Q1 and Q3 only
    profile = default_profile(D("100"), 4, CUMULATIVE)
    observations = [count("30"), None, count("30"), None]
    # when
    year = assess_year(
        observations,
        profile,
        rules=COUNT_RULES,
        annual_target=D("100"),
        annual_monitoring_level=D("80"),
        last_year=[count("20")] * 4,
    )
    # then the empty quarters are grey with nothing to compare
    for empty in (year[1], year[3]):
        assert empty.status == Status.GREY
        assert empty.actual is None and empty.compared is None
        assert empty.direction_from_previous == Direction.UNKNOWN
        assert empty.direction_from_last_year == Direction.UNKNOWN
    # and Q3 is judged on 60 year to date, but has no previous quarter to compare with
    assert year[2].compared == D("60")
    assert year[2].status == Status.AMBER
    assert year[2].direction_from_previous == Direction.UNKNOWN


def test_without_last_year_the_first_period_has_unknown_directions():
    [first] = assess_year([count("5")], [D("5")], rules=COUNT_RULES, annual_target=D("5"), annual_monitoring_level=None)
    assert first.status == Status.GREEN
    assert first.direction_from_previous == Direction.UNKNOWN
    assert first.direction_from_last_year == Direction.UNKNOWN


def test_a_period_without_a_target_is_grey():
    year = assess_year(
        [count("5"), count("5")], [None, None], rules=COUNT_RULES, annual_target=None, annual_monitoring_level=None
    )
    assert [a.status for a in year] == [Status.GREY, Status.GREY]


def test_assess_year_accepts_observations_shorter_than_the_profile_by_one():
    # given only Q1 reported, listed as one observation for a quarterly profile of two periods
    year = assess_year(
        [count("30")], [D("25"), D("50")], rules=COUNT_RULES, annual_target=D("50"), annual_monitoring_level=None
    )
    # then the unreported quarter is grey
    assert [a.status for a in year] == [Status.GREEN, Status.GREY]


def test_assess_year_accepts_observations_shorter_than_the_profile():
    # given only Q1 reported, listed as one observation for a four-quarter profile
    profile = default_profile(D("100"), 4, CUMULATIVE)
    # when
    year = assess_year([count("30")], profile, rules=COUNT_RULES, annual_target=D("100"), annual_monitoring_level=None)
    # then the unreported quarters are grey
    assert [a.status for a in year] == [Status.GREEN, Status.GREY, Status.GREY, Status.GREY]


# --- year-end forecast --------------------------------------------------------------------------

QUARTERLY_100 = default_profile(D("100"), 4, CUMULATIVE)


def forecast_count(observations, profile=QUARTERLY_100, annual_target=D("100"), annual_monitoring_level=D("80")):
    return year_end_forecast(
        observations,
        profile,
        rules=COUNT_RULES,
        annual_target=annual_target,
        annual_monitoring_level=annual_monitoring_level,
    )


def test_a_cumulative_count_on_pace_is_likely():
    # 55 against a profile of 50 by Q2: projected 55 x 100 / 50 = 110
    result = forecast_count([count("30"), count("25")])
    assert result.projected == D("110")
    assert result.forecast == Forecast.LIKELY


def test_a_cumulative_count_behind_but_within_the_monitoring_level_is_difficult():
    # 40 against 50 by Q2: projected 80, exactly the monitoring level
    result = forecast_count([count("20"), count("20")])
    assert result.projected == D("80")
    assert result.forecast == Forecast.DIFFICULT


def test_a_cumulative_count_far_behind_is_unlikely():
    # 20 against 50 by Q2: projected 40, below the monitoring level of 80
    result = forecast_count([count("10"), count("10")])
    assert result.projected == D("40")
    assert result.forecast == Forecast.UNLIKELY


def test_a_cumulative_forecast_uses_the_profile_at_the_last_reported_period():
    # Q2 missing: 30 by Q3 against a profile of 75 projects 40
    result = forecast_count([count("10"), None, count("20"), None])
    assert result.projected == D("40")
    assert result.forecast == Forecast.UNLIKELY


@pytest.mark.parametrize("profile", [[D("0"), D("0"), D("50"), D("100")], [None, None, D("50"), D("100")]])
def test_a_zero_or_missing_profile_so_far_falls_back_to_run_rate(profile):
    # given a back-loaded profile and 15 in the first two quarters
    # when
    result = forecast_count([count("5"), count("10")], profile=profile)
    # then projected by run rate: 15 x 4 / 2 = 30
    assert result.projected == D("30")
    assert result.forecast == Forecast.UNLIKELY


def test_a_snapshot_lower_is_better_rate_projects_the_pooled_rate():
    # given a rate per 1,000, target 5, monitoring level 6
    rules = IndicatorRules(polarity=LOWER, accumulation=SNAPSHOT, scale=D("1000"))
    observations = [fraction("4", "1000"), fraction("14", "2000"), None, None]
    # when
    result = year_end_forecast(
        observations,
        default_profile(D("5"), 4, SNAPSHOT),
        rules=rules,
        annual_target=D("5"),
        annual_monitoring_level=D("6"),
    )
    # then 18 per 3,000 = 6.0 per 1,000 (not the latest 7.0, nor the mean 5.5): at the monitoring level
    assert result.projected == D("6")
    assert result.forecast == Forecast.DIFFICULT


def test_a_snapshot_value_projects_the_latest_period():
    rules = IndicatorRules(polarity=LOWER, accumulation=SNAPSHOT)
    result = year_end_forecast(
        [count("9"), count("4"), None, None],
        [D("5")] * 4,
        rules=rules,
        annual_target=D("5"),
        annual_monitoring_level=D("6"),
    )
    assert result.projected == D("4")
    assert result.forecast == Forecast.LIKELY


def test_a_forecast_without_monitoring_level_uses_the_tolerance():
    rules = IndicatorRules(polarity=HIGHER, accumulation=CUMULATIVE, tolerance=D("0.1"))
    # 45 against 50 by Q2 projects 90: exactly at the 10% tolerance edge
    result = year_end_forecast(
        [count("45"), None, None, None],
        [D("50"), D("100")],
        rules=rules,
        annual_target=D("100"),
        annual_monitoring_level=None,
    )
    assert result.projected == D("90")
    assert result.forecast == Forecast.DIFFICULT


@pytest.mark.parametrize(
    "observations",
    [[], [None, None, None, None], [Observation(), None], [Observation(numerator=D("5"), denominator=D("0"))]],
)
def test_a_forecast_without_results_is_unknown(observations):
    result = forecast_count(observations)
    assert result.forecast == Forecast.UNKNOWN
    assert result.projected is None


def test_a_forecast_without_an_annual_target_is_unknown():
    result = forecast_count([count("30")], profile=[None] * 4, annual_target=None)
    assert result.forecast == Forecast.UNKNOWN
    assert result.projected is None


@given(
    pace=decimals(0, 3, places=2),
    reported=st.integers(min_value=1, max_value=4),
    annual=decimals(1, 10**4, places=0),
)
@QUICK_PROPERTY
def test_a_cumulative_count_at_a_steady_pace_projects_that_pace_of_the_annual_target(pace, reported, annual):
    # given every quarter delivers `pace` times its share of the annual target
    profile = default_profile(annual, 4, CUMULATIVE)
    observations = [Observation(value=annual * pace / 4)] * reported
    # when
    result = year_end_forecast(
        observations, profile, rules=COUNT_RULES, annual_target=annual, annual_monitoring_level=annual * D("0.8")
    )
    # then
    assert result.projected == pytest.approx(annual * pace, abs=D("1e-12"))
    assert (
        result.forecast
        == FORECAST_FOR_STATUS[
            rag_status(result.projected, annual, polarity=HIGHER, monitoring_level=annual * D("0.8"))
        ]
    )


def test_a_zero_denominator_period_does_not_join_the_pool():
    # given one impossible period (5 / 0) and one real one (1 / 10)
    observations = [
        Observation(numerator=D("5"), denominator=D("0")),
        Observation(numerator=D("1"), denominator=D("10")),
    ]
    # then only the real period counts: 10%, not (5 + 1) / 10 = 60%
    assert aggregate(observations, accumulation=SNAPSHOT, scale=100) == D("10")
