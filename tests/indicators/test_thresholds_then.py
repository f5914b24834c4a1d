"""Past statuses are judged against the thresholds that applied then (issue 15): a period whose
round of returns is locked keeps the annual target, profiled target and monitoring level in force
at the lock (indicators.services.thresholds); an unlocked period follows today's."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalation.models import LadderEvaluation
from escalation.services.ladder import evaluate, judge
from indicators.models import AnnualTarget, Period, PeriodTarget
from indicators.periods import PeriodKind, Span, year_span
from indicators.services.results import indicator_years, load_data, summarise
from indicators.services.rounds import lock_round, open_round
from indicators.services.thresholds import DELETED, in_force_at

from ..builders import make_indicator

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 22)
Q1, Q2 = (Span(PeriodKind.QUARTER, dt.date(2026, month, 1)) for month in (4, 7))
LOCKED_AT = dt.datetime(2026, 7, 28, 10, 0, tzinfo=LONDON)  # Q1's collation deadline
BEFORE_LOCK = dt.datetime(2026, 3, 20, 9, 0, tzinfo=LONDON)  # when the year's targets were set
TOLERANCE = Decimal(5)


def percentage(tree, code="L 1", *, target=52, level=45, results=((Q1, 50),)):
    """A percentage, higher is better, judged quarter by quarter; its targets set in March."""
    indicator = make_indicator(
        tree,
        code,
        unit="percentage",
        polarity="higher",
        targets=[(2026, Decimal(target), Decimal(level) if level is not None else None)] if target else [],
        results=results,
    )
    set_before_the_lock(indicator)
    return indicator


def set_before_the_lock(indicator):
    """The targets' history so far was written in March, before Q1 was collated."""
    for model in (AnnualTarget, PeriodTarget):
        model.history.filter(indicator_id=indicator.pk).update(history_date=BEFORE_LOCK)


def collate(tree, span=Q1, at=LOCKED_AT):
    """Open the period's round and lock it at its collation deadline."""
    round_ = open_round(tree.partnership, span)
    lock_round(round_, now=at)
    return round_


def change_annual(indicator, **values):
    target = AnnualTarget.objects.get(indicator=indicator, period=Period.objects.for_span(year_span(2026)))
    for name, value in values.items():
        setattr(target, name, Decimal(value))
    target.save()


def q1(indicator):
    return indicator_years(indicator, TOLERANCE, [2026])[0].rows[0]


# --- a locked period keeps its status ---------------------------------------------------------


def test_a_locked_period_keeps_its_status_after_the_annual_target_changes(tree_a):
    # given 50% against a target of 52% and a monitoring level of 45%: amber, and Q1 is collated
    indicator = percentage(tree_a)
    collate(tree_a)
    assert q1(indicator).assessment.status == "amber"
    # when the year's target is lowered to 50% after the lock
    change_annual(indicator, value=50)
    # then Q1 is still judged against 52%, and says so
    row = q1(indicator)
    assert row.assessment.status == "amber" and row.assessment.target == Decimal(52)
    note = row.judged_then
    assert note.judged_on == dt.date(2026, 7, 28)
    assert (note.target_then, note.target_now) == (Decimal(52), Decimal(50))
    assert not note.level_changed
    assert note.sentence(indicator.format) == "Judged against the target in force on 28 July 2026: 52.0% (now 50.0%)"


def test_a_locked_period_keeps_its_status_after_its_monitoring_level_changes(tree_a):
    # given 47% against 52% with a monitoring level of 45%: amber
    indicator = percentage(tree_a, results=[(Q1, 47)])
    collate(tree_a)
    # when the monitoring level is raised to 48% after the lock (47% would now be red)
    change_annual(indicator, monitoring_level=48)
    row = q1(indicator)
    assert row.assessment.status == "amber" and row.assessment.monitoring_level == Decimal(45)
    assert (row.judged_then.level_then, row.judged_then.level_now) == (Decimal(45), Decimal(48))
    assert row.judged_then.sentence(indicator.format).startswith("Judged against the monitoring level in force on")


def test_a_locked_period_keeps_its_status_after_its_profiled_target_changes(tree_a):
    # given a count of 140 homes to date against a profiled 150 (monitoring level 540 x 150 / 600 = 135)
    indicator = make_indicator(
        tree_a,
        "NI 154",
        unit="count",
        polarity="higher",
        accumulation="cumulative",
        targets=[(2026, Decimal(600), Decimal(540))],
        results=[(Q1, 140)],
    )
    PeriodTarget.objects.create(indicator=indicator, period=Period.objects.for_span(Q1), value=Decimal(150))
    set_before_the_lock(indicator)
    collate(tree_a)
    assert q1(indicator).assessment.status == "amber"
    # when Q1's profiled target is cut to 100 after the lock
    profiled = PeriodTarget.objects.get(indicator=indicator, period__start=Q1.start)
    profiled.value = Decimal(100)
    profiled.save()
    row = q1(indicator)
    assert row.assessment.status == "amber" and row.assessment.target == Decimal(150)
    assert row.assessment.monitoring_level == Decimal(135)
    assert (row.judged_then.target_then, row.judged_then.target_now) == (Decimal(150), Decimal(100))


def test_a_target_removed_after_the_lock_still_judges_the_locked_period(tree_a):
    indicator = percentage(tree_a)
    collate(tree_a)
    AnnualTarget.objects.filter(indicator=indicator).get().delete()
    row = q1(indicator)
    assert row.assessment.status == "amber" and row.assessment.target == Decimal(52)
    assert row.judged_then.target_now is None


def test_a_period_collated_after_the_change_takes_the_new_target(tree_a):
    # given Q1 locked in July; the target changed; Q2 locked after the change
    indicator = percentage(tree_a, results=[(Q1, 50), (Q2, 50)])
    collate(tree_a)
    change_annual(indicator, value=50)
    collate(tree_a, Q2, at=timezone.now())
    q1_row, q2_row = indicator_years(indicator, TOLERANCE, [2026])[0].rows[:2]
    assert (q1_row.assessment.status, q2_row.assessment.status) == ("amber", "green")
    assert q2_row.judged_then is None


# --- an unlocked period follows the change ------------------------------------------------------


def test_an_unlocked_period_follows_the_change(tree_a):
    # given Q1's round is open but not locked
    indicator = percentage(tree_a)
    open_round(tree_a.partnership, Q1)
    change_annual(indicator, value=50)
    row = q1(indicator)
    assert row.assessment.status == "green" and row.judged_then is None


def test_a_period_with_no_round_follows_the_change(tree_a):
    indicator = percentage(tree_a)
    change_annual(indicator, value=50)
    assert q1(indicator).assessment.status == "green"


def test_another_partnerships_lock_does_not_freeze_this_one(tree_a, tree_b):
    indicator = percentage(tree_a)
    collate(tree_b)
    change_annual(indicator, value=50)
    assert q1(indicator).assessment.status == "green"


# --- a target first set after the lock ---------------------------------------------------------


def test_a_target_first_set_after_the_lock_applies_from_its_first_value(tree_a):
    # given Q1 was collated with no target at all
    indicator = percentage(tree_a, target=None)
    collate(tree_a)
    assert q1(indicator).assessment.status == "grey"
    # when a target of 52% is set afterwards, then changed to 50%
    AnnualTarget.objects.create(
        indicator=indicator,
        period=Period.objects.for_span(year_span(2026)),
        value=52,
        monitoring_level=45,
        agreement="agreed",
    )
    assert q1(indicator).assessment.status == "amber"
    change_annual(indicator, value=50)
    # then the first value recorded (52%) applies: there was nothing earlier
    row = q1(indicator)
    assert row.assessment.status == "amber" and row.assessment.target == Decimal(52)


def test_in_force_at_reads_the_history():
    march, august, september = (dt.datetime(2026, month, 1, tzinfo=LONDON) for month in (3, 8, 9))
    rows = [(march, "+", (52,)), (august, "~", (50,)), (september, DELETED, (50,))]
    assert in_force_at(rows, LOCKED_AT) == (52,)
    assert in_force_at(rows, dt.datetime(2026, 8, 15, tzinfo=LONDON)) == (50,)
    assert in_force_at(rows, dt.datetime(2026, 10, 1, tzinfo=LONDON)) is None  # removed by then
    assert in_force_at(rows[1:], LOCKED_AT) == (50,)  # first set after the lock: its first value
    assert in_force_at([], LOCKED_AT) is None


# --- every reader agrees ---------------------------------------------------------------------------


def test_summarise_indicator_years_and_the_ladder_agree(tree_a):
    # given 47% against 52% (monitoring level 45%) in Q1, collated; then the level raised to 48%
    indicator = percentage(tree_a, results=[(Q1, 47)])
    collate(tree_a)
    change_annual(indicator, value=50, monitoring_level=48)
    # then the list, the indicator's page and the ladder all judge Q1 against 52% and 45%
    summary = summarise([indicator], TOLERANCE, TODAY)[indicator.pk]
    assert summary.latest.span == Q1
    assert summary.latest.assessment == q1(indicator).assessment
    assert summary.status == "amber" and summary.latest.assessment.monitoring_level == Decimal(45)
    judgement = judge(indicator, load_data([indicator])[indicator.pk], Q1, TOLERANCE)
    assert judgement.below is False and judgement.monitoring_level == Decimal(45)
    evaluate(tree_a.partnership, Q1, today=dt.date(2026, 8, 11))
    evaluation = LadderEvaluation.objects.get(indicator=indicator)
    assert evaluation.below is False and evaluation.monitoring_level == Decimal(45)


def test_a_collated_years_forecast_keeps_its_target_and_a_current_years_follows(tree_a):
    # given an annual indicator: 2025/26 reported and collated, 2026/27 reported and not yet
    last_year, this_year = year_span(2025), year_span(2026)
    indicator = make_indicator(
        tree_a,
        "L 9",
        unit="percentage",
        polarity="higher",
        frequency="annual",
        targets=[(2025, Decimal(52), Decimal(45)), (2026, Decimal(52), Decimal(45))],
        results=[(last_year, 50), (this_year, 50)],
    )
    set_before_the_lock(indicator)
    collate(tree_a, last_year, at=dt.datetime(2026, 4, 28, 10, 0, tzinfo=LONDON))
    for fy in (2025, 2026):
        target = AnnualTarget.objects.get(indicator=indicator, period__start=year_span(fy).start)
        target.value = Decimal(50)
        target.save()
    before, current = indicator_years(indicator, TOLERANCE, [2025, 2026])
    assert before.forecast.forecast == "difficult" and before.forecast_target == Decimal(52)
    assert current.forecast.forecast == "likely" and current.forecast_target == Decimal(50)
    assert before.annual_target == Decimal(50)  # the caption shows today's target, the rows what applied


# --- the indicator's page ----------------------------------------------------------------------------


def test_the_indicator_page_notes_the_target_in_force_then(client, tree_a):
    indicator = percentage(tree_a)
    collate(tree_a)
    client.force_login(tree_a.members["plain"].user)
    assert "Judged against" not in client.get(indicator.get_absolute_url()).content.decode()
    change_annual(indicator, value=50)
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Judged against the target in force on 28 July 2026: 52.0% (now 50.0%)." in page
    assert "Recent changes to targets" in page  # the targets' history stays


# --- bounded queries ----------------------------------------------------------------------------------


def test_summarise_adds_a_bounded_number_of_queries_for_later_changes(tree_a, django_assert_max_num_queries):
    # given 40 indicators with Q1 collated and no target changed since
    indicators = [percentage(tree_a, f"X {i}", results=[(Q1, 50), (Q2, 50)]) for i in range(40)]
    collate(tree_a)
    with CaptureQueriesContext(connection) as unchanged:
        summarise(indicators, TOLERANCE, TODAY)
    assert len(unchanged) <= 4  # the three loads, and one look at the history written since the lock
    # when half of them have their target changed after the lock
    for indicator in indicators[::2]:
        change_annual(indicator, value=50, monitoring_level=40)
    # then at most two more queries (one per target table's history), however many changed
    with django_assert_max_num_queries(len(unchanged) + 2):
        summaries = summarise(indicators, TOLERANCE, TODAY)
    # Q2 (not locked) follows each change; Q1 (locked) keeps 52% everywhere
    assert [summaries[i.pk].status for i in indicators[:4]] == ["green", "amber", "green", "amber"]
    assert {indicator_years(i, TOLERANCE, [2026])[0].rows[0].assessment.status for i in indicators[:4]} == {"amber"}
