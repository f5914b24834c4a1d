"""England and Wales bank holidays by rule, for any year: the years past any bundled list, the
substitute days, the one-off days, and milestones moved off them."""

import datetime as dt

import pytest

from reporting.clock import clock
from reporting.holidays import england_and_wales
from reporting.timetable import Offsets, milestones

D = dt.date


def test_the_years_past_2028_have_their_bank_holidays():
    days = england_and_wales()
    assert {D(2029, 5, 7), D(2029, 5, 28), D(2029, 8, 27)} <= days  # early May, spring, late summer
    assert {D(2030, 4, 19), D(2030, 4, 22)} <= days  # Good Friday and Easter Monday 2030
    assert {D(2031, 4, 11), D(2031, 4, 14)} <= days  # and 2031
    assert {D(2040, 12, 25), D(2040, 12, 26), D(2060, 1, 1)} <= days


def test_a_christmas_and_boxing_day_on_the_weekend_are_kept_on_the_monday_and_tuesday():
    days = england_and_wales()
    # 25 December 2032 is a Saturday: the substitute days are Monday 27 and Tuesday 28
    assert {D(2032, 12, 27), D(2032, 12, 28)} <= days
    assert D(2032, 12, 25) not in days and D(2032, 12, 26) not in days  # the weekend itself is no day off
    # 26 December 2037 is a Saturday: Christmas on the Friday, Boxing Day's substitute on the Monday
    assert {D(2037, 12, 25), D(2037, 12, 28)} <= days
    assert D(2033, 1, 3) in days  # New Year's Day 2033 is a Saturday


def test_the_one_off_days_are_there_and_the_days_they_replaced_are_not():
    days = england_and_wales()
    assert D(2022, 9, 19) in days  # the State Funeral of Queen Elizabeth II
    assert D(2023, 5, 8) in days  # the Coronation of King Charles III
    assert {D(2022, 6, 2), D(2022, 6, 3)} <= days and D(2022, 5, 30) not in days  # the Platinum Jubilee
    assert D(2020, 5, 8) in days and D(2020, 5, 4) not in days  # early May moved to VE Day
    assert D(2012, 6, 5) in days and D(2011, 4, 29) in days


def test_they_match_the_published_gov_uk_list():
    """GOV.UK's list for England and Wales, as published for 2026 and 2027."""
    assert sorted(england_and_wales([2026, 2027])) == [
        *(D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31)),
        *(D(2026, 12, 25), D(2026, 12, 28)),
        *(D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31), D(2027, 8, 30)),
        *(D(2027, 12, 27), D(2027, 12, 28)),
    ]


@pytest.mark.parametrize("year", range(2029, 2076))
def test_every_later_year_has_its_eight_days_off(year):
    days = england_and_wales([year])
    assert len(days) == 8 and all(day.year == year and day.weekday() < 5 for day in days)


def test_the_default_years_follow_the_clock_and_are_cached():
    clock.set(D(2060, 6, 1))
    assert D(2099, 12, 25) in england_and_wales()  # a Friday (the library's rules run to 2100)
    clock.set(None)
    assert england_and_wales() is england_and_wales()
    this_year = clock.today().year
    assert any(day.year == this_year + 40 for day in england_and_wales())


def test_a_milestone_on_a_bank_holiday_after_2028_moves_to_the_next_working_day():
    # Q4 2030/31 ends Monday 31 March 2031: the exception reports' week ends on Monday 5 May, the
    # early May bank holiday.
    m = milestones(D(2031, 3, 31), Offsets(), england_and_wales())
    assert m.collation_deadline == D(2031, 4, 28)
    assert m.exception_reports_due == D(2031, 5, 6)
    # four weeks after 29 November 2032 is Monday 27 December, the substitute Christmas Day, and
    # Tuesday is Boxing Day's
    assert milestones(D(2032, 11, 29), Offsets(), england_and_wales()).collation_deadline == D(2032, 12, 29)
    # Easter 2030: the reminder a week before a deadline of Monday 29 April falls on Easter
    # Monday, and the working day before it (Good Friday, then the weekend) is Thursday 18 April
    m = milestones(D(2030, 4, 1), Offsets(), england_and_wales())
    assert m.collation_deadline == D(2030, 4, 29)
    assert m.reminders == D(2030, 4, 18)
