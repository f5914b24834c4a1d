"""Milestone dates (pure): offsets, weekends and England and Wales bank holidays."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.holidays import england_and_wales
from reporting.timetable import (
    Offsets,
    Stage,
    is_performance_review,
    is_working_day,
    meeting_papers_problem,
    milestones,
    next_milestone,
    papers_for,
    review_meeting_problem,
    review_window_problem,
    stage_on,
    with_deadline,
)

HOLIDAYS = england_and_wales()
D = dt.date


def test_the_2025_holidays_are_known():
    assert {D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26), D(2025, 12, 25)} <= HOLIDAYS


def test_a_quarter_whose_milestones_hit_easter_and_the_early_may_bank_holiday():
    # Q4 2024/25 ends Monday 31 March 2025.
    m = milestones(D(2025, 3, 31), Offsets(), HOLIDAYS)
    assert m.returns_open == D(2025, 4, 1)
    # 7 days before the deadline is Easter Monday; the day before is Good Friday: Thursday it is.
    assert m.reminders == D(2025, 4, 17)
    assert m.collation_deadline == D(2025, 4, 28)  # 4 weeks: a normal Monday
    assert m.exception_reports_due == D(2025, 5, 6)  # 5 May is the Early May bank holiday
    assert m.partnership_report_due == D(2025, 5, 12)  # counted from the nominal 5 May, not from 6 May
    assert (m.review_from, m.review_to) == (D(2025, 5, 12), D(2025, 5, 26))


def test_a_weekend_deadline_moves_to_monday():
    m = milestones(D(2026, 6, 27), Offsets(), HOLIDAYS)  # a period ending on a Saturday
    assert m.collation_deadline == D(2026, 7, 27)  # Saturday 25 July -> Monday 27 July


def test_christmas_moves_a_milestone_past_boxing_day():
    m = milestones(D(2025, 11, 27), Offsets(), HOLIDAYS)  # 4 weeks later is Christmas Day, a Thursday
    assert m.collation_deadline == D(2025, 12, 29)  # not 25 (Christmas), 26 (Boxing Day) or the weekend


def test_offsets_are_configurable():
    m = milestones(
        D(2026, 9, 30), Offsets(collation_weeks=3, exception_report_weeks=2, partnership_report_weeks=1), HOLIDAYS
    )
    assert (m.collation_deadline, m.exception_reports_due, m.partnership_report_due) == (
        D(2026, 10, 21),
        D(2026, 11, 4),
        D(2026, 11, 11),
    )


@settings(max_examples=200)
@given(st.dates(min_value=D(2012, 1, 1), max_value=D(2028, 6, 30)))
def test_every_milestone_is_a_working_day_and_in_order(period_end):
    m = milestones(period_end, Offsets(), HOLIDAYS)
    for day in (m.reminders, m.collation_deadline, m.exception_reports_due, m.partnership_report_due):
        assert is_working_day(day, HOLIDAYS)
    assert m.returns_open <= m.reminders <= m.collation_deadline < m.exception_reports_due < m.partnership_report_due
    assert m.collation_deadline - period_end < dt.timedelta(weeks=4, days=5)  # a holiday moves it days, not weeks


def test_stages_follow_the_milestones():
    m = milestones(D(2025, 3, 31), Offsets(), HOLIDAYS)
    assert stage_on(m, D(2025, 4, 28)) == Stage.COLLATING
    assert stage_on(m, D(2025, 4, 29)) == Stage.EXCEPTION_REPORTS
    assert stage_on(m, D(2025, 5, 7)) == Stage.PARTNERSHIP_REPORT
    assert stage_on(m, D(2025, 5, 20)) == Stage.REVIEW
    assert stage_on(m, D(2025, 5, 27)) == Stage.CLOSED
    assert next_milestone(m, D(2025, 4, 29)) == ("Theme exception reports ready", D(2025, 5, 6))


def test_review_meetings_outside_six_to_eight_weeks_are_named():
    m = milestones(D(2025, 3, 31), Offsets(), HOLIDAYS)
    assert review_meeting_problem(D(2025, 5, 20), m) is None
    assert "before the review window" in review_meeting_problem(D(2025, 5, 1), m)
    assert "after the review window" in review_meeting_problem(D(2025, 6, 10), m)


def test_six_monthly_partnerships_review_at_half_years_only():
    assert [is_performance_review(D(2026, m, 28), "six_monthly") for m in (6, 9, 12, 3)] == [False, True, False, True]
    assert all(is_performance_review(D(2026, m, 28), "quarterly") for m in (6, 9, 12, 3))


def test_an_extended_deadline_moves_the_report_milestones_but_not_the_review_window():
    m = milestones(D(2025, 3, 31), Offsets(), HOLIDAYS)
    extended = with_deadline(m, D(2025, 5, 2), Offsets(), HOLIDAYS)  # a Friday
    assert extended.collation_deadline == D(2025, 5, 2)
    assert extended.reminders == D(2025, 4, 25)
    assert extended.exception_reports_due == D(2025, 5, 9)
    assert extended.partnership_report_due == D(2025, 5, 16)
    assert (extended.review_from, extended.review_to) == (m.review_from, m.review_to)
    assert with_deadline(m, m.collation_deadline, Offsets(), HOLIDAYS) is m


# Q1 2026/27 ends Tuesday 30 June 2026: exception reports Tuesday 4 August, HSP/PMG report
# Tuesday 11 August, review window 11 to 25 August.
Q1 = milestones(D(2026, 6, 30), Offsets(), HOLIDAYS)


def test_each_kind_of_board_reads_its_own_papers():
    assert (Q1.exception_reports_due, Q1.partnership_report_due) == (D(2026, 8, 4), D(2026, 8, 11))
    for kind in ("theme_board", "sub_group", "business_group"):
        assert papers_for(kind, Q1).ready == Q1.exception_reports_due
    for kind in ("executive_board", "partnership_board"):
        assert papers_for(kind, Q1).ready == Q1.partnership_report_due
    for kind in ("scrutiny", "area_committee"):  # sent what is escalated, not the quarter's papers
        assert papers_for(kind, Q1) is None
        assert meeting_papers_problem(kind, D(2026, 7, 1), Q1) is None
    # Halton's June quarter has no performance review: its boards look at the collated returns.
    assert papers_for("executive_board", Q1, with_reports=False).ready == Q1.collation_deadline


def test_a_meeting_before_its_papers_is_named():
    problem = meeting_papers_problem("theme_board", D(2026, 8, 3), Q1)
    assert "before its papers" in problem
    assert "the theme exception reports are ready on Tuesday 4 August 2026" in problem
    assert meeting_papers_problem("theme_board", D(2026, 8, 12), Q1) is None
    # The executive board needs the HSP/PMG report, a week after the theme reports.
    assert "the HSP/PMG report is ready" in meeting_papers_problem("executive_board", D(2026, 8, 6), Q1)
    assert meeting_papers_problem("business_group", D(2026, 8, 6), Q1) is None
    assert "before its papers" in meeting_papers_problem("partnership_board", D(2026, 8, 10), Q1)


def test_a_meeting_on_the_day_its_papers_are_ready_is_too_soon():
    assert "members will not have had time" in meeting_papers_problem("executive_board", D(2026, 8, 11), Q1)
    assert meeting_papers_problem("executive_board", D(2026, 8, 12), Q1) is None


def test_the_executive_board_meets_after_the_business_group_and_the_partnership_board_after_it():
    business_group = ("Business Group", D(2026, 8, 13))
    problem = meeting_papers_problem("executive_board", D(2026, 8, 12), Q1, follows=business_group)
    assert "before the Business Group (Thursday 13 August 2026)" in problem and "its recommendations" in problem
    assert meeting_papers_problem("executive_board", D(2026, 8, 14), Q1, follows=business_group) is None
    pmg = ("Performance Management Group", D(2026, 8, 14))
    assert "the same day as the Performance Management Group" in meeting_papers_problem(
        "partnership_board", D(2026, 8, 14), Q1, follows=pmg
    )
    assert meeting_papers_problem("partnership_board", D(2026, 8, 20), Q1, follows=pmg) is None
    # Only those two follow another board: a theme board is not held back by anyone's meeting.
    assert meeting_papers_problem("theme_board", D(2026, 8, 12), Q1, follows=pmg) is None


def test_a_quarter_without_a_review_needs_only_its_collated_returns():
    assert meeting_papers_problem("theme_board", D(2026, 7, 29), Q1, with_reports=False) is None
    problem = meeting_papers_problem("theme_board", D(2026, 7, 27), Q1, with_reports=False)
    assert "the quarter's collated returns are ready on Tuesday 28 July 2026" in problem


@settings(max_examples=100)
@given(st.dates(min_value=D(2012, 1, 1), max_value=D(2028, 6, 30)))
def test_with_the_default_offsets_a_meeting_in_the_review_window_after_the_reports_is_possible(period_end):
    m = milestones(period_end, Offsets(), HOLIDAYS)
    assert review_window_problem(m) is None
    day = m.review_to
    assert review_meeting_problem(day, m) is None and meeting_papers_problem("theme_board", day, m) is None


def test_a_deadline_extended_past_the_window_leaves_no_day_for_a_review_after_the_reports():
    extended = with_deadline(Q1, D(2026, 8, 18), Offsets(), HOLIDAYS)
    assert extended.exception_reports_due == D(2026, 8, 25) == extended.review_to
    problem = review_window_problem(extended)
    assert "ready on 25 August 2026 and the review window closes on 25 August 2026" in problem
    assert review_window_problem(with_deadline(Q1, D(2026, 8, 17), Offsets(), HOLIDAYS)) is None
