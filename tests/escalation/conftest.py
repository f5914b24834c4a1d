import datetime as dt
from decimal import Decimal

import pytest

from indicators.models import Period, Result
from indicators.periods import PeriodKind, Span, spans_in_year

from ..builders import make_indicator

FY = 2024
Q1, Q2, Q3, Q4 = spans_in_year(FY, PeriodKind.QUARTER)
NEXT_Q1 = Span(PeriodKind.QUARTER, dt.date(FY + 1, 4, 1))


def reviewed_on(span):
    """The day a review point is evaluated: six weeks after it ends, when results are approved."""
    return span.end + dt.timedelta(weeks=6)


def approve(indicator, span, value):
    """An approved result (Result holds approved results only)."""
    return Result.objects.create(indicator=indicator, period=Period.objects.for_span(span), value=Decimal(str(value)))


@pytest.fixture
def rate(tree_a):
    """A quarterly rate, lower is better: target 50, monitoring level 55, for two years."""
    return make_indicator(
        tree_a,
        "L 10",
        title="Repeat victimisation rate",
        polarity="lower",
        unit="rate",
        outcome_lead=tree_a.members["outcome_lead"],
        targets=[(FY, 50, 55), (FY + 1, 50, 55)],
    )
