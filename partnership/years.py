"""The UK financial year: April to March, named by the years it spans ("2026/27"). Pure.

It lives here, in the lowest layer, because a partnership's agreement years need it; every
other app's periods (indicators.periods) are built on it.
"""

import datetime as dt

from django.utils import timezone

FIRST_MONTH = 4  # April


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of `day` in the project's time zone (history is read as it stood then)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def financial_year_of(day: dt.date) -> int:
    """The calendar year in which the financial year containing `day` began."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def financial_year_label(fy: int) -> str:
    return f"{fy}/{(fy + 1) % 100:02d}"
