"""Ratios and the aggregation of a year's results: zero denominators have no value, counts sum,
snapshots take the latest period, and ratios pool their numerators and denominators (a pooled
ratio never leaves the range of the periods' own ratios)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.status import IndicatorRules, Observation, Status, aggregate, assess_year, period_value, ratio

from .status_helpers import (
    AMOUNTS,
    CUMULATIVE,
    HIGHER,
    NON_NEGATIVE,
    QUICK_PROPERTY,
    SNAPSHOT,
    count,
    decimals,
    fraction,
)

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


def test_a_zero_denominator_period_does_not_join_the_pool():
    # given one impossible period (5 / 0) and one real one (1 / 10)
    observations = [
        Observation(numerator=D("5"), denominator=D("0")),
        Observation(numerator=D("1"), denominator=D("10")),
    ]
    # then only the real period counts: 10%, not (5 + 1) / 10 = 60%
    assert aggregate(observations, accumulation=SNAPSHOT, scale=100) == D("10")
