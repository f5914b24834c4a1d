"""RAG status (indicators/status.py): the boundaries of meeting a target, monitoring levels and
tolerances, missing data, and the invariants that hold for every value (polarity symmetry,
monotonicity), checked with hypothesis."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.status import (
    FORECAST_FOR_STATUS,
    STATUS_MEANING,
    STATUS_ORDER,
    Status,
    meets,
    monitoring_level_problem,
    rag_status,
    tolerance_level,
)

from .status_helpers import (
    AMOUNTS,
    HIGHER,
    LOWER,
    NON_NEGATIVE,
    POLARITIES,
    PROPERTY,
    QUICK_PROPERTY,
    TOLERANCES,
    order,
)

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
