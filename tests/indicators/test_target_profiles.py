"""Target profiles: an annual target and monitoring level shared out over the year's periods,
cumulatively or as a snapshot."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.status import default_profile, profiled_monitoring_level

from .status_helpers import AMOUNTS, CUMULATIVE, NON_NEGATIVE, QUICK_PROPERTY, SNAPSHOT, decimals

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
