"""The ladder of intervention as a pure state machine (escalation.ladder)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from escalation.ladder import (
    LadderRules,
    LadderState,
    OwnerKind,
    ReportTo,
    ReviewPoint,
    StepKind,
    add_months,
    next_state,
    owner_for,
    report_to_for,
    review_points_due,
)
from indicators.periods import PeriodKind

Q_ENDS = [dt.date(2025, 6, 30), dt.date(2025, 9, 30), dt.date(2025, 12, 31), dt.date(2026, 3, 31), dt.date(2026, 6, 30)]


def run(results, rules=None, state=None):
    rules, state = rules or LadderRules(), state or LadderState()
    steps = []
    for end, below in zip(Q_ENDS, results, strict=False):
        step = next_state(rules, state, end, below)
        steps.append(step.kind)
        state = step.after
    return steps, state


def test_one_miss_opens_stage_1_two_raise_to_2_three_to_3_and_recovery_closes():
    steps, state = run([True, True, True, False])
    assert steps == [StepKind.OPENED, StepKind.RAISED, StepKind.RAISED, StepKind.CLOSED]
    assert state == LadderState(stage=0, misses=0, last_reviewed=Q_ENDS[3])


def test_the_top_stage_holds_while_performance_stays_below():
    steps, state = run([True, True, True, True])
    assert steps[-1] == StepKind.UNCHANGED
    assert (state.stage, state.misses) == (3, 4)


def test_a_recovery_breaks_the_run_of_misses():
    steps, state = run([True, False, True])
    assert steps == [StepKind.OPENED, StepKind.CLOSED, StepKind.OPENED]
    assert (state.stage, state.misses) == (1, 1)


def test_stepping_down_lowers_one_stage_at_a_time():
    steps, state = run([True, True, True, False, False], rules=LadderRules(step_down=True))
    assert steps == [StepKind.OPENED, StepKind.RAISED, StepKind.RAISED, StepKind.LOWERED, StepKind.LOWERED]
    assert state.stage == 1


def test_no_data_changes_nothing_and_is_not_counted_as_judged():
    state = LadderState(stage=1, misses=1, last_reviewed=Q_ENDS[0])
    step = next_state(LadderRules(), state, Q_ENDS[1], None)
    assert step.kind == StepKind.UNCHANGED and step.after == state


def test_an_escalation_held_by_the_board_is_not_closed_by_the_numbers():
    state = LadderState(stage=2, misses=0, held=True)
    step = next_state(LadderRules(), state, Q_ENDS[0], False)
    assert step.kind == StepKind.UNCHANGED and step.after.stage == 2
    assert next_state(LadderRules(), state, Q_ENDS[0], True).kind == StepKind.RAISED


def test_owners_and_reporting_lines_follow_halton():
    assert owner_for(1) == OwnerKind.LEAD_PARTNER and report_to_for(1) == ReportTo.THEME
    assert owner_for(2) == OwnerKind.THEME_BOARD and report_to_for(2) == ReportTo.EXECUTIVE_BOARD
    assert owner_for(3) == OwnerKind.EXECUTIVE_NOMINEE and report_to_for(3) == ReportTo.EXECUTIVE_BOARD


def test_report_back_dates_are_calendar_months_later():
    assert add_months(dt.date(2026, 1, 15), 3) == dt.date(2026, 4, 15)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


def test_review_points_are_quarter_ends_or_half_year_ends():
    quarters = review_points_due(ReviewPoint.QUARTERLY, dt.date(2026, 2, 10), None)
    assert [s.end for s in quarters] == [dt.date(2025, 9, 30), dt.date(2025, 12, 31)]
    halves = review_points_due(ReviewPoint.SIX_MONTHLY, dt.date(2026, 2, 10), None)
    assert [s.end for s in halves] == [dt.date(2025, 3, 31), dt.date(2025, 9, 30)]
    assert all(s.kind == PeriodKind.HALF for s in halves)


def test_a_late_run_judges_every_review_point_since_the_last_one_judged_in_order():
    # given: the job last judged the quarter ending June 2025, then did not run for three quarters
    due = review_points_due(ReviewPoint.QUARTERLY, dt.date(2026, 5, 1), dt.date(2025, 6, 30))
    # then: June again (for results approved late), and every quarter since, oldest first
    assert [s.end for s in due] == [
        dt.date(2025, 6, 30),
        dt.date(2025, 9, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 3, 31),
    ]
    # and an up-to-date job judges only the latest review point again
    assert [s.end for s in review_points_due(ReviewPoint.QUARTERLY, dt.date(2026, 5, 1), dt.date(2026, 3, 31))] == [
        dt.date(2026, 3, 31)
    ]
    halves = review_points_due(ReviewPoint.SIX_MONTHLY, dt.date(2027, 5, 1), dt.date(2025, 9, 30))
    assert [s.end for s in halves] == [
        dt.date(2025, 9, 30),
        dt.date(2026, 3, 31),
        dt.date(2026, 9, 30),
        dt.date(2027, 3, 31),
    ]


def test_a_stage_count_outside_the_limits_is_refused():
    with pytest.raises(ValueError):
        LadderRules(stage_count=0)


# --- properties -------------------------------------------------------------------------------

results = st.lists(st.sampled_from([True, False, None]), max_size=30)
rules = st.builds(LadderRules, stage_count=st.integers(1, 6), step_down=st.booleans())


def drive(rules, sequence, held=False):
    state = LadderState(held=held)
    day = dt.date(2020, 6, 30)
    for below in sequence:
        step = next_state(rules, state, day, below)
        yield day, below, step
        state = step.after
        day = add_months(day, 3)


@given(rules, results, st.booleans())
def test_the_stage_never_exceeds_the_configured_count(rules, sequence, held):
    for _, _, step in drive(rules, sequence, held):
        assert 0 <= step.after.stage <= rules.stage_count


@given(rules, results)
def test_a_recovery_never_raises_and_a_miss_never_lowers(rules, sequence):
    for _, below, step in drive(rules, sequence):
        if below is False:
            assert step.after.stage <= step.before.stage
            assert step.kind in (StepKind.LOWERED, StepKind.CLOSED, StepKind.UNCHANGED)
        if below is True:
            assert step.after.stage >= step.before.stage
            assert step.after.stage >= 1


@given(rules, results)
def test_reapplying_the_same_review_point_is_a_no_op(rules, sequence):
    for day, below, step in drive(rules, sequence):
        again = next_state(rules, step.after, day, below)
        assert again.after == step.after and again.kind == StepKind.UNCHANGED
        if step.after.last_reviewed is not None:  # nor can an older review point rewrite history
            earlier = next_state(rules, step.after, step.after.last_reviewed - dt.timedelta(days=1), True)
            assert earlier.after == step.after


@given(rules, results)
def test_consecutive_misses_count_the_run_of_misses(rules, sequence):
    run = 0
    for _, below, step in drive(rules, sequence):
        if below is True:
            run += 1
        elif below is False:
            run = 0
        assert step.after.misses == run
