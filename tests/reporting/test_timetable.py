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
    milestones,
    next_milestone,
    review_meeting_problem,
    stage_on,
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
    from reporting.timetable import with_deadline

    m = milestones(D(2025, 3, 31), Offsets(), HOLIDAYS)
    extended = with_deadline(m, D(2025, 5, 2), Offsets(), HOLIDAYS)  # a Friday
    assert extended.collation_deadline == D(2025, 5, 2)
    assert extended.reminders == D(2025, 4, 25)
    assert extended.exception_reports_due == D(2025, 5, 9)
    assert extended.partnership_report_due == D(2025, 5, 16)
    assert (extended.review_from, extended.review_to) == (m.review_from, m.review_to)
    assert with_deadline(m, m.collation_deadline, Offsets(), HOLIDAYS) is m
