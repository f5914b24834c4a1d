"""The bridge from the database to the status engine: correct figures, constant queries."""

import datetime as dt
from decimal import Decimal

from indicators.models import Period, PeriodTarget, Result
from indicators.periods import PeriodKind, Span
from indicators.services.results import indicator_years, summarise

from ..builders import make_indicator

TODAY = dt.date(2026, 11, 22)
Q1, Q2, Q3 = (Span(PeriodKind.QUARTER, dt.date(2026, month, 1)) for month in (4, 7, 10))


def test_a_cumulative_count_is_judged_year_to_date(tree_a):
    # given: 600 homes a year, profiled 150 / 300 / 450 / 600; 140 in Q1 and 170 in Q2 (310 to date)
    indicator = make_indicator(
        tree_a,
        "NI 154",
        unit="count",
        polarity="higher",
        accumulation="cumulative",
        targets=[(2026, Decimal(600), Decimal(540))],
        results=[(Q1, 140), (Q2, 170)],
    )
    summary = summarise([indicator], Decimal(5), TODAY)[indicator.pk]
    assert summary.latest.span == Q2
    assert summary.latest.assessment.compared == Decimal(310) and summary.latest.assessment.target == Decimal(300)
    assert summary.status == "green"
    assert summary.year.forecast.projected == Decimal(620)  # 310 x 600 / 300
    assert summary.forecast == "likely"


def test_a_stored_profile_overrides_the_default(tree_a):
    indicator = make_indicator(
        tree_a,
        "NI 154",
        unit="count",
        polarity="higher",
        accumulation="cumulative",
        targets=[(2026, Decimal(600), Decimal(540))],
        results=[(Q1, 140), (Q2, 170)],
    )
    PeriodTarget.objects.create(indicator=indicator, period=Period.objects.for_span(Q2), value=Decimal(350))
    summary = summarise([indicator], Decimal(5), TODAY)[indicator.pk]
    assert summary.latest.assessment.target == Decimal(350)
    # the monitoring level is profiled the same way: 540 x 350 / 600 = 315, and 310 misses it
    assert summary.latest.assessment.monitoring_level == Decimal(315)
    assert summary.status == "red"


def test_a_ratio_is_pooled_not_averaged(tree_a):
    indicator = make_indicator(
        tree_a,
        "L 112",
        unit="rate",
        polarity="lower",
        is_ratio=True,
        numerator_label="conceptions",
        denominator_label="females 15-17",
        targets=[(2026, Decimal(50), Decimal(55))],
    )
    Result.objects.create(indicator=indicator, period=Period.objects.for_span(Q1), numerator=10, denominator=100)
    Result.objects.create(indicator=indicator, period=Period.objects.for_span(Q2), numerator=50, denominator=1000)
    year = indicator_years(indicator, Decimal(5), [2026])[0]
    assert [row.assessment.actual for row in year.rows[:2]] == [Decimal(100), Decimal(50)]
    assert year.forecast.projected == Decimal(60) / Decimal(1100) * 1000  # pooled, not (100 + 50) / 2


def test_no_results_means_grey_and_no_forecast(tree_a):
    summary = summarise([tree_a.indicator], Decimal(5), TODAY)[tree_a.indicator.pk]
    assert summary.latest is None and summary.status == "grey" and summary.forecast == "unknown"


def test_results_for_periods_not_yet_ended_are_not_the_latest(tree_a):
    indicator = make_indicator(tree_a, "X", unit="count", targets=[(2026, 100, 110)], results=[(Q2, 20), (Q3, 30)])
    assert summarise([indicator], Decimal(5), TODAY)[indicator.pk].latest.span == Q2


def test_summarise_uses_three_queries_however_many_indicators(tree_a, django_assert_num_queries):
    indicators = [
        make_indicator(
            tree_a,
            f"X {i}",
            unit="count",
            accumulation="cumulative",
            targets=[(2026, 100, 90)],
            results=[(Q1, 20), (Q2, 30)],
        )
        for i in range(30)
    ]
    with django_assert_num_queries(3):
        summaries = summarise(indicators, Decimal(5), TODAY)
    assert len(summaries) == 30
