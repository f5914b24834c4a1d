"""One year's assessment (assess_year): each period judged year to date or on its own value
against its profiled target, with directions against the previous period and last year."""

from decimal import Decimal as D

from indicators.status import Direction, IndicatorRules, Status, assess_year, default_profile

from .status_helpers import COUNT_RULES, CUMULATIVE, HIGHER, LOWER, SNAPSHOT, count, fraction

# --- assess_year --------------------------------------------------------------------------------

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
