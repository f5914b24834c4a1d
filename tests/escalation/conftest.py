import datetime as dt
from decimal import Decimal

import pytest

from escalation.services.decisions import open_by_hand, set_route
from escalation.services.escalations import executive_board
from indicators.models import Period, Result
from indicators.periods import PeriodKind, Span, spans_in_year
from partnership.roles import Role

from ..builders import make_indicator, make_member, make_user

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


@pytest.fixture
def people(tree_a):
    """Adds an executive board member and a Performance Management Lead to A's personas."""
    tree_a.executive = executive_board(tree_a.partnership)
    tree_a.members["executive"] = make_member(
        tree_a.partnership, make_user("exec_a"), [(Role.BOARD_MEMBER, tree_a.executive)]
    )
    tree_a.members["analyst"] = make_member(
        tree_a.partnership, make_user("analyst_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, tree_a.other_theme)]
    )
    set_route(tree_a.partnership, ["Performance Board", "Overview & Scrutiny"])
    tree_a.top = open_by_hand(
        tree_a.partnership, make_indicator(tree_a, "L 20"), stage=3, evidence="Still below.", user=None
    )
    return tree_a
