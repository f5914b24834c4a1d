"""The year-end forecast: the year's results so far projected to the year end (by the profile, or
by run rate where nothing is profiled yet) and judged likely, difficult or unlikely."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.status import (
    FORECAST_FOR_STATUS,
    Forecast,
    IndicatorRules,
    Observation,
    default_profile,
    rag_status,
    year_end_forecast,
)

from .status_helpers import COUNT_RULES, CUMULATIVE, HIGHER, LOWER, QUICK_PROPERTY, SNAPSHOT, count, decimals, fraction

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
