"""England and Wales bank holidays, computed by rule for any year by the `holidays` library (GB,
subdivision ENG): the fixed and Easter-based days, their substitute days when one falls on a
weekend, and the one-off days proclaimed so far (jubilees, royal weddings and funerals, the
coronation, a moved early May holiday). Nothing is fetched at run time; a new one-off day comes
with an upgrade of the library. Its rules run from 1872 to 2100.

Only the days off are listed: a Christmas Day on a Saturday is not, its substitute Monday is (as on
GOV.UK's own list)."""

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

from reporting.clock import clock

# The years covered when no years are asked for: wide enough for any quarter the product reports
# on, its milestones in the next year, and far-off periods entered by hand.
YEARS_BACK, YEARS_AHEAD = 50, 50


def england_and_wales(years: Iterable[int] | None = None) -> frozenset[dt.date]:
    """The bank holidays of `years` (by default YEARS_BACK before this year to YEARS_AHEAD after)."""
    if years is None:
        this_year = clock.today().year
        years = range(this_year - YEARS_BACK, this_year + YEARS_AHEAD + 1)
    return bank_holidays(tuple(sorted(set(years))))


@lru_cache(maxsize=16)
def bank_holidays(years: tuple[int, ...]) -> frozenset[dt.date]:
    days = holidays.country_holidays("GB", subdiv="ENG", years=years)
    return frozenset(day for day in days if day.weekday() < 5)
