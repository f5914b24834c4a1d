"""Calculated indicators: their values come from what the product holds, are kept as versions with
their inputs, and what a board was shown never changes afterwards."""

import datetime as dt

from django.utils import timezone

from escalation.models import Risk
from indicators.calculations import CalculationKind, IndicatorSet
from indicators.models import AnnualTarget, CalculationSettings, ComputedValue, Period, Result
from indicators.periods import PeriodKind, latest_ended, year_span
from reporting.models import ThemeSnapshot
from reporting.services.computed import end_of, freeze_for_snapshot, record, refresh_partnership
from reporting.services.cycles import open_cycle
from reporting.services.dashboards import theme_dashboard
from reporting.services.snapshots import draft_theme_report, quarter_as_of

from ..builders import make_indicator, make_return

QUARTER = latest_ended(PeriodKind.QUARTER, timezone.localdate())


def calculated(tree, code, kind, unit="percentage", polarity="higher", lead_theme=None, **settings):
    indicator = make_indicator(
        tree, code, unit=unit, polarity=polarity, calculation=kind, lead_theme=lead_theme or tree.theme
    )
    CalculationSettings.objects.create(indicator=indicator, **settings)
    return indicator


def risk(tree, title, likelihood, impact, **extra):
    return Risk.objects.create(
        partnership=tree.partnership,
        title=title,
        likelihood=likelihood,
        impact=impact,
        mitigation="Reviewed monthly.",
        review_date=timezone.localdate(),
        **extra,
    )


def backdate(model_history, when):
    model_history.update(history_date=when)


def result_of(indicator, span):
    return Result.objects.get(indicator=indicator, period=Period.objects.for_span(span))


# --- risks ---------------------------------------------------------------------------------------


def test_risks_of_20_or_over_are_counted_as_the_register_stood_at_the_period_end(tree_a):
    # given: a register at the quarter's end with two risks of 20+ and one below, then a change after
    measure = calculated(tree_a, "HSP S2", CalculationKind.RISKS, unit="count", polarity="lower", risk_score=20)
    risks = [risk(tree_a, "Grant cut", 4, 5), risk(tree_a, "Data loss", 5, 5), risk(tree_a, "Staff turnover", 3, 3)]
    before = end_of(QUARTER.end) - dt.timedelta(days=10)
    for item in risks:
        backdate(Risk.history.filter(id=item.pk), before)
    risks[0].likelihood = 1  # after the quarter: no longer 20 or over
    risks[0].save()
    risk(tree_a, "New after the quarter", 5, 5)

    # when
    recorded = record(measure, QUARTER, reason="test")

    # then: the count is the register's at the period end, with its inputs
    assert result_of(measure, QUARTER).value == 2
    assert recorded.version.inputs["open_risks"] == 3
    assert "2 of 3 open risks" in recorded.version.summary


def test_a_frozen_count_keeps_its_value_after_the_register_changes(tree_a):
    measure = calculated(tree_a, "HSP S2", CalculationKind.RISKS, unit="count", polarity="lower")
    item = risk(tree_a, "Grant cut", 4, 5)
    backdate(Risk.history.filter(id=item.pk), end_of(QUARTER.end) - dt.timedelta(days=1))
    first = freeze_for_snapshot(tree_a.theme, QUARTER.end + dt.timedelta(days=1), reason="snapshot")[0]
    assert ComputedValue.objects.get(pk=first.pk).frozen_at is not None

    # the register's history is rewritten as if the risk had been lower then, and the job runs
    Risk.history.filter(id=item.pk).update(likelihood=1, score=5)
    assert refresh_partnership(tree_a.partnership, QUARTER.end + dt.timedelta(days=2)) == 0
    assert result_of(measure, QUARTER).value == 1  # the job does not recalculate what a board saw

    # calculating again by hand makes a new version and leaves the frozen one as it was
    again = record(measure, QUARTER, reason="recalculated by hand", after_freeze=True)
    assert again.made and again.version.version == 2 and again.version.value == 0
    assert ComputedValue.objects.get(pk=first.pk).value == 1


# --- share green -----------------------------------------------------------------------------------


def test_share_green_equals_the_dashboards_counts(tree_a):
    fy = QUARTER.financial_year
    for code, value in [("L 1", 60), ("L 2", 40), ("L 3", 55), ("L 4", None)]:
        results = [(QUARTER, value)] if value is not None else []
        make_indicator(tree_a, code, unit="percentage", polarity="higher", targets=[(fy, 50, 45)], results=results)
    # NI 112 (tree_a's own) has no data: grey
    measure = calculated(
        tree_a, "HSP C2", CalculationKind.SHARE_GREEN, theme=tree_a.theme, indicator_set=IndicatorSet.ALL
    )
    measure.lead_theme = tree_a.other_theme  # so it is not on the theme's dashboard it measures
    measure.save()

    record(measure, QUARTER, reason="test")

    counts = theme_dashboard(tree_a.theme, QUARTER.end + dt.timedelta(days=1))["counts"]
    result = result_of(measure, QUARTER)
    assert (result.numerator, result.denominator) == (
        counts["green"],
        counts["green"] + counts["amber"] + counts["red"],
    )
    assert result.numerator == 2 and result.denominator == 3


def test_a_share_of_stretch_targets_counts_only_stretch_targets(tree_a):
    fy = QUARTER.financial_year
    make_indicator(
        tree_a,
        "S 1",
        unit="percentage",
        polarity="higher",
        is_stretch=True,
        targets=[(fy, 50, 40)],
        results=[(QUARTER, 30)],
    )
    make_indicator(tree_a, "S 2", unit="percentage", polarity="higher", targets=[(fy, 50, 40)], results=[(QUARTER, 60)])
    measure = calculated(tree_a, "HSP C3", CalculationKind.SHARE_GREEN, indicator_set=IndicatorSet.STRETCH)
    record(measure, QUARTER, reason="test")
    assert result_of(measure, QUARTER).numerator == 0
    assert result_of(measure, QUARTER).denominator == 1


# --- returns: on time and attested -----------------------------------------------------------------


def test_timeliness_and_completeness_of_a_themes_returns(tree_a):
    round_ = tree_a.with_returns().round
    tree_a.indicator_return.delete()
    deadline = timezone.make_aware(dt.datetime.combine(round_.collation_deadline, dt.time(12)))
    attested = {f"dq_{name}": True for name in ("accurate", "valid", "reliable", "timely", "relevant", "complete")}
    make_return(tree_a.indicator, QUARTER, state="approved", value=40, submitted_at=deadline, **attested)
    late = make_indicator(tree_a, "L 9", unit="count", polarity="higher", accumulation="cumulative")
    make_return(late, QUARTER, state="submitted", value=3, submitted_at=deadline + dt.timedelta(days=2))
    on_time = calculated(tree_a, "DQ 1", CalculationKind.ON_TIME, theme=tree_a.theme, lead_theme=tree_a.other_theme)
    complete = calculated(tree_a, "DQ 2", CalculationKind.ATTESTED, theme=tree_a.theme, lead_theme=tree_a.other_theme)

    record(on_time, QUARTER, reason="test")
    record(complete, QUARTER, reason="test")

    assert (result_of(on_time, QUARTER).numerator, result_of(on_time, QUARTER).denominator) == (1, 2)
    assert ComputedValue.objects.get(indicator=on_time).inputs["late_or_missing"] == ["L 9"]
    assert result_of(complete, QUARTER).numerator == 1


# --- formulas ----------------------------------------------------------------------------------------


def test_a_formula_combines_other_indicators_of_the_period(tree_a):
    make_indicator(tree_a, "L 1", unit="count", accumulation="cumulative", polarity="higher", results=[(QUARTER, 30)])
    make_indicator(tree_a, "L 2", unit="count", accumulation="cumulative", polarity="higher", results=[(QUARTER, 12)])
    total = calculated(tree_a, "L 3", CalculationKind.FORMULA, unit="count", formula="{L 1} + {L 2}")
    total.accumulation = "cumulative"
    total.save()
    record(total, QUARTER, reason="test")
    assert result_of(total, QUARTER).value == 42
    assert "= 42" in result_of(total, QUARTER).commentary


def test_a_calculation_that_finds_nothing_has_no_result(tree_a):
    measure = calculated(tree_a, "L 3", CalculationKind.FORMULA, unit="count", formula="{NI 112} * 2")
    recorded = record(measure, QUARTER, reason="test")
    assert not Result.objects.filter(indicator=measure).exists()
    assert "no value for NI 112" in recorded.version.summary


def test_recalculating_unchanged_figures_makes_no_new_version(tree_a):
    measure = calculated(tree_a, "HSP S2", CalculationKind.RISKS, unit="count", polarity="lower")
    assert record(measure, QUARTER, reason="first").made
    assert not record(measure, QUARTER, reason="again").made
    assert ComputedValue.objects.filter(indicator=measure).count() == 1


# --- frozen with the snapshot; targets changed later ----------------------------------------------


def test_the_snapshot_shows_the_frozen_calculation_and_a_later_target_does_not_recolour_it(tree_a):
    # given: a count of high risks, with a target it meets, frozen with the theme's snapshot
    tree_a.with_returns()
    fy = QUARTER.financial_year
    measure = calculated(tree_a, "HSP S2", CalculationKind.RISKS, unit="count", polarity="lower")
    AnnualTarget.objects.create(
        indicator=measure,
        period=Period.objects.for_span(year_span(fy)),
        value=1,
        monitoring_level=2,
        agreement="agreed",
    )
    item = risk(tree_a, "Grant cut", 4, 5)
    backdate(Risk.history.filter(id=item.pk), end_of(QUARTER.end) - dt.timedelta(days=1))
    cycle = open_cycle(tree_a.partnership, QUARTER)
    draft_theme_report(cycle, tree_a.theme, today=cycle.collation_deadline, reason="test")
    snapshot = ThemeSnapshot.objects.get(cycle=cycle, theme=tree_a.theme)
    row = next(r for r in snapshot.data["indicators"] if r["code"] == "HSP S2")
    assert (row["actual"], row["status"]) == ("1", "green")
    assert ComputedValue.objects.get(indicator=measure).frozen_at is not None

    # when: the target is made stricter and two more risks appear
    AnnualTarget.objects.filter(indicator=measure).update(value=0, monitoring_level=0)
    risk(tree_a, "Another", 5, 5)

    # then: what the board was shown stands
    snapshot.refresh_from_db()
    row = next(r for r in snapshot.data["indicators"] if r["code"] == "HSP S2")
    assert (row["actual"], row["status"]) == ("1", "green")
    assert quarter_as_of(cycle) == QUARTER.end + dt.timedelta(days=1)
