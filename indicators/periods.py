"""UK financial-year periods as real date ranges. Pure: no database access.

The financial year runs April to March and is named by the years it spans ("2026/27"); Q1 is
April-June, H1 is April-September. A `Span` is one month, quarter, half or year; the `Period`
model stores spans so targets and results share them.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models

from partnership.years import FIRST_MONTH, financial_year_label, financial_year_of


class PeriodKind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    HALF = "half", "Half-year"
    YEAR = "year", "Financial year"


class Frequency(models.TextChoices):
    """How often an indicator is reported (seed 001 §5.2: most quarterly, some annual)."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Six-monthly"
    ANNUAL = "annual", "Annual"


KIND_FOR_FREQUENCY = {
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.SIX_MONTHLY: PeriodKind.HALF,
    Frequency.ANNUAL: PeriodKind.YEAR,
}
MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Span:
    kind: str
    start: dt.date

    def __post_init__(self):
        months_from_april = (self.start.month - FIRST_MONTH) % 12
        if self.start.day != 1 or months_from_april % MONTHS_IN[self.kind]:
            raise ValueError(f"{self.start} does not start a {self.kind} of the financial year")

    @property
    def months(self) -> int:
        return MONTHS_IN[self.kind]

    @property
    def end(self) -> dt.date:
        last = _add_months(self.start, self.months - 1)
        return last.replace(day=calendar.monthrange(last.year, last.month)[1])

    @property
    def financial_year(self) -> int:
        return financial_year_of(self.start)

    @property
    def number(self) -> int:
        """1-based position in its financial year (Q3 -> 3)."""
        return (self.start.month - FIRST_MONTH) % 12 // self.months + 1

    @property
    def label(self) -> str:
        fy = financial_year_label(self.financial_year)
        if self.kind == PeriodKind.YEAR:
            return fy
        if self.kind == PeriodKind.QUARTER:
            return f"Q{self.number} {fy}"
        if self.kind == PeriodKind.HALF:
            return f"H{self.number} {fy}"
        return self.start.strftime("%B %Y")

    def previous(self) -> "Span":
        return Span(self.kind, _add_months(self.start, -self.months))

    def next(self) -> "Span":
        return Span(self.kind, _add_months(self.start, self.months))

    def same_period_last_year(self) -> "Span":
        return Span(self.kind, _add_months(self.start, -12))

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def has_ended(self, today: dt.date) -> bool:
        return today > self.end

    def year(self) -> "Span":
        return year_span(self.financial_year)


def year_span(fy: int) -> Span:
    return Span(PeriodKind.YEAR, dt.date(fy, FIRST_MONTH, 1))


def span_containing(kind: str, day: dt.date) -> Span:
    months_from_april = (day.month - FIRST_MONTH) % 12
    offset = months_from_april - months_from_april % MONTHS_IN[kind]
    return Span(kind, _add_months(dt.date(financial_year_of(day), FIRST_MONTH, 1), offset))


def spans_in_year(fy: int, kind: str) -> list[Span]:
    first = Span(kind, dt.date(fy, FIRST_MONTH, 1))
    spans = [first]
    while len(spans) < 12 // MONTHS_IN[kind]:
        spans.append(spans[-1].next())
    return spans


def latest_ended(kind: str, today: dt.date) -> Span:
    """The most recent span of this kind that has finished by `today`."""
    return span_containing(kind, today).previous()
