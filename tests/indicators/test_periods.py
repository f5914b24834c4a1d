"""UK financial-year periods (indicators/periods.py): April to March, Q1 = April-June,
H1 = April-September, as `Span` date ranges."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.periods import (
    KIND_FOR_FREQUENCY,
    Frequency,
    PeriodKind,
    Span,
    financial_year_label,
    financial_year_of,
    latest_ended,
    span_containing,
    spans_in_year,
    year_span,
)

MONTH, QUARTER, HALF, YEAR = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR
ONE_DAY = dt.timedelta(days=1)

# The autouse `fast_passwords` fixture in tests/conftest.py only swaps a setting; it does not need
# resetting between generated examples.
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

KINDS = st.sampled_from([MONTH, QUARTER, HALF, YEAR])
YEARS = st.integers(min_value=2000, max_value=2100)
DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
FIRSTS_OF_MONTHS = st.builds(dt.date, YEARS, st.integers(min_value=1, max_value=12), st.just(1))


def quarter(fy, number):
    return spans_in_year(fy, QUARTER)[number - 1]


# --- the financial year -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (dt.date(2027, 3, 31), 2026),
        (dt.date(2026, 4, 1), 2026),
        (dt.date(2026, 3, 31), 2025),
        (dt.date(2026, 12, 31), 2026),
        (dt.date(2027, 1, 1), 2026),
    ],
)
def test_financial_year_of_turns_over_on_1_april(day, fy):
    assert financial_year_of(day) == fy


@pytest.mark.parametrize(("fy", "label"), [(2026, "2026/27"), (1999, "1999/00"), (2009, "2009/10"), (2099, "2099/00")])
def test_financial_year_label(fy, label):
    assert financial_year_label(fy) == label


# --- labels, numbers and ends -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "start", "label"),
    [
        (QUARTER, dt.date(2026, 4, 1), "Q1 2026/27"),
        (QUARTER, dt.date(2027, 1, 1), "Q4 2026/27"),
        (HALF, dt.date(2026, 4, 1), "H1 2026/27"),
        (HALF, dt.date(2026, 10, 1), "H2 2026/27"),
        (YEAR, dt.date(2026, 4, 1), "2026/27"),
        (MONTH, dt.date(2026, 4, 1), "April 2026"),
        (MONTH, dt.date(2027, 3, 1), "March 2027"),
    ],
)
def test_labels(kind, start, label):
    assert Span(kind, start).label == label


@pytest.mark.parametrize(
    ("kind", "start", "number"),
    [
        (QUARTER, dt.date(2026, 4, 1), 1),
        (QUARTER, dt.date(2026, 10, 1), 3),
        (QUARTER, dt.date(2027, 1, 1), 4),
        (HALF, dt.date(2026, 10, 1), 2),
        (MONTH, dt.date(2026, 4, 1), 1),
        (MONTH, dt.date(2027, 3, 1), 12),
        (YEAR, dt.date(2026, 4, 1), 1),
    ],
)
def test_number_is_the_position_in_the_financial_year(kind, start, number):
    assert Span(kind, start).number == number


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        (QUARTER, dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (QUARTER, dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
        (HALF, dt.date(2026, 4, 1), dt.date(2026, 9, 30)),
        (HALF, dt.date(2026, 10, 1), dt.date(2027, 3, 31)),
        (YEAR, dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
        (MONTH, dt.date(2026, 4, 1), dt.date(2026, 4, 30)),
        (MONTH, dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
        (MONTH, dt.date(2027, 2, 1), dt.date(2027, 2, 28)),
        (MONTH, dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
    ],
)
def test_end_is_the_last_day_of_the_span(kind, start, end):
    assert Span(kind, start).end == end


def test_a_quarter_spanning_the_calendar_new_year_belongs_to_the_year_it_started_in():
    q4 = Span(QUARTER, dt.date(2027, 1, 1))
    assert q4.financial_year == 2026
    assert q4.year() == year_span(2026)


# --- moving between spans -----------------------------------------------------------------------


def test_the_quarter_before_q1_is_the_previous_years_q4():
    previous = quarter(2026, 1).previous()
    assert previous == Span(QUARTER, dt.date(2026, 1, 1))
    assert previous.label == "Q4 2025/26"


def test_the_quarter_after_q4_is_the_next_years_q1():
    assert quarter(2026, 4).next().label == "Q1 2027/28"


@pytest.mark.parametrize(
    ("span", "previous"),
    [
        (Span(MONTH, dt.date(2026, 4, 1)), Span(MONTH, dt.date(2026, 3, 1))),
        (Span(MONTH, dt.date(2027, 1, 1)), Span(MONTH, dt.date(2026, 12, 1))),
        (Span(HALF, dt.date(2026, 4, 1)), Span(HALF, dt.date(2025, 10, 1))),
        (Span(YEAR, dt.date(2026, 4, 1)), Span(YEAR, dt.date(2025, 4, 1))),
    ],
)
def test_previous_crosses_year_boundaries(span, previous):
    assert span.previous() == previous


@pytest.mark.parametrize(
    ("span", "last_year"),
    [
        (Span(QUARTER, dt.date(2026, 7, 1)), Span(QUARTER, dt.date(2025, 7, 1))),
        (Span(QUARTER, dt.date(2027, 1, 1)), Span(QUARTER, dt.date(2026, 1, 1))),
        (Span(MONTH, dt.date(2028, 2, 1)), Span(MONTH, dt.date(2027, 2, 1))),
        (Span(HALF, dt.date(2026, 10, 1)), Span(HALF, dt.date(2025, 10, 1))),
        (Span(YEAR, dt.date(2026, 4, 1)), Span(YEAR, dt.date(2025, 4, 1))),
    ],
)
def test_same_period_last_year(span, last_year):
    assert span.same_period_last_year() == last_year


@given(kind=KINDS, day=DAYS)
@PROPERTY
def test_same_period_last_year_has_the_same_number_one_year_earlier(kind, day):
    span = span_containing(kind, day)
    last_year = span.same_period_last_year()
    assert last_year.number == span.number
    assert last_year.financial_year == span.financial_year - 1


@given(kind=KINDS, day=DAYS)
@PROPERTY
def test_previous_and_next_are_inverse_and_adjacent(kind, day):
    span = span_containing(kind, day)
    assert span.previous().next() == span
    assert span.previous().end + ONE_DAY == span.start


# --- spans in a year ----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "count"), [(MONTH, 12), (QUARTER, 4), (HALF, 2), (YEAR, 1)])
def test_spans_in_year_counts(kind, count):
    assert len(spans_in_year(2026, kind)) == count


def test_quarters_of_2026_27():
    assert [q.label for q in spans_in_year(2026, QUARTER)] == ["Q1 2026/27", "Q2 2026/27", "Q3 2026/27", "Q4 2026/27"]


@given(fy=YEARS, kind=KINDS)
@PROPERTY
def test_spans_in_year_cover_the_year_contiguously_without_gaps_or_overlaps(fy, kind):
    # when
    spans = spans_in_year(fy, kind)
    # then they run from 1 April to 31 March
    assert spans[0].start == dt.date(fy, 4, 1)
    assert spans[-1].end == dt.date(fy + 1, 3, 31)
    # and each starts the day after the one before ends
    assert all(earlier.end + ONE_DAY == later.start for earlier, later in zip(spans, spans[1:], strict=False))
    # and every span is of this kind and this year, numbered in order
    assert all(s.kind == kind and s.financial_year == fy for s in spans)
    assert [s.number for s in spans] == list(range(1, len(spans) + 1))


# --- span containing a day ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "day", "label"),
    [
        (QUARTER, dt.date(2026, 6, 30), "Q1 2026/27"),
        (QUARTER, dt.date(2026, 7, 1), "Q2 2026/27"),
        (QUARTER, dt.date(2027, 3, 31), "Q4 2026/27"),
        (HALF, dt.date(2027, 2, 14), "H2 2026/27"),
        (YEAR, dt.date(2027, 3, 31), "2026/27"),
        (MONTH, dt.date(2028, 2, 29), "February 2028"),
    ],
)
def test_span_containing(kind, day, label):
    assert span_containing(kind, day).label == label


@given(kind=KINDS, day=DAYS)
@PROPERTY
def test_span_containing_contains_the_day(kind, day):
    span = span_containing(kind, day)
    assert span.kind == kind
    assert span.contains(day)
    assert span.start <= day <= span.end
    assert span.financial_year == financial_year_of(day)
    assert not span.previous().contains(day)
    assert not span.next().contains(day)


def test_contains_and_has_ended_at_the_edges():
    q1 = quarter(2026, 1)
    assert q1.contains(dt.date(2026, 4, 1)) and q1.contains(dt.date(2026, 6, 30))
    assert not q1.contains(dt.date(2026, 3, 31)) and not q1.contains(dt.date(2026, 7, 1))
    assert not q1.has_ended(dt.date(2026, 6, 30))
    assert q1.has_ended(dt.date(2026, 7, 1))


# --- valid starts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "start"),
    [
        (MONTH, dt.date(2026, 4, 15)),
        (QUARTER, dt.date(2026, 5, 1)),
        (QUARTER, dt.date(2026, 1, 2)),
        (HALF, dt.date(2026, 7, 1)),
        (HALF, dt.date(2026, 1, 1)),
        (YEAR, dt.date(2026, 1, 1)),
        (YEAR, dt.date(2026, 4, 2)),
    ],
)
def test_span_rejects_a_start_that_does_not_begin_a_period(kind, start):
    with pytest.raises(ValueError):
        Span(kind, start)


@given(kind=KINDS, day=DAYS | FIRSTS_OF_MONTHS)
@PROPERTY
def test_span_accepts_exactly_the_first_days_of_periods(kind, day):
    # given
    is_start = span_containing(kind, day).start == day
    # when / then
    if is_start:
        assert Span(kind, day).start == day
    else:
        with pytest.raises(ValueError):
            Span(kind, day)


# --- latest ended -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "today", "label"),
    [
        (QUARTER, dt.date(2026, 4, 1), "Q4 2025/26"),
        (QUARTER, dt.date(2026, 6, 30), "Q4 2025/26"),
        (QUARTER, dt.date(2026, 7, 1), "Q1 2026/27"),
        (YEAR, dt.date(2026, 5, 10), "2025/26"),
        (MONTH, dt.date(2026, 5, 10), "April 2026"),
        (HALF, dt.date(2026, 10, 1), "H1 2026/27"),
    ],
)
def test_latest_ended(kind, today, label):
    assert latest_ended(kind, today).label == label


@given(kind=KINDS, day=DAYS)
@PROPERTY
def test_latest_ended_has_ended_and_the_next_span_has_not(kind, day):
    span = latest_ended(kind, day)
    assert span.has_ended(day)
    assert not span.next().has_ended(day)


def test_every_frequency_has_a_period_kind():
    assert set(KIND_FOR_FREQUENCY) == set(Frequency)
    assert KIND_FOR_FREQUENCY[Frequency.QUARTERLY] == QUARTER
