"""Fixtures shared by the indicators tests: the personas and indicators the money, returns and
spreadsheet tests add to partnership A."""

from decimal import Decimal

import pytest

from partnership.roles import Role

from ..builders import make_indicator, make_member, make_user
from ..conftest import client_for

# --- money ---------------------------------------------------------------------------------------


@pytest.fixture
def people(tree_a):
    """The theme's Report Coordinator and Performance Management Lead, beside its officer."""
    tree_a.members["coordinator"] = make_member(
        tree_a.partnership, make_user("coordinator_a"), [(Role.REPORT_COORDINATOR, tree_a.theme)]
    )
    tree_a.members["pm_lead"] = make_member(
        tree_a.partnership, make_user("pm_lead_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, tree_a.theme)]
    )
    return tree_a


# --- returns ---------------------------------------------------------------------------------------


@pytest.fixture
def coordinator(tree_a):
    return make_member(tree_a.partnership, make_user("coordinator_a"), [(Role.REPORT_COORDINATOR, tree_a.theme)])


@pytest.fixture
def analyst(tree_a):
    return make_member(tree_a.partnership, make_user("analyst_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, tree_a.theme)])


@pytest.fixture
def homes(tree_a):
    """A count judged quarter by quarter (higher is better): target 100, monitoring level 90."""
    quarter = tree_a.quarter
    return make_indicator(
        tree_a,
        "L 154",
        unit="count",
        polarity="higher",
        accumulation="snapshot",
        targets=[(quarter.financial_year, Decimal(100), Decimal(90))],
    )


@pytest.fixture
def recycling(tree_a):
    """A percentage worked out from a numerator and denominator."""
    return make_indicator(
        tree_a,
        "NI 192",
        unit="percentage",
        polarity="higher",
        is_ratio=True,
        numerator_label="tonnes recycled",
        denominator_label="tonnes collected",
        targets=[(tree_a.quarter.financial_year, Decimal(30), Decimal(27))],
    )


# --- spreadsheets ----------------------------------------------------------------------------------


@pytest.fixture
def as_officer(client, tree_a):
    return client_for(client, tree_a.members["officer"])


@pytest.fixture
def ratio(tree_a):
    """A percentage worked out from a numerator and a denominator, higher is better, not started."""
    return make_indicator(
        tree_a, "L 50", unit="percentage", polarity="higher", is_ratio=True, numerator_label="n", denominator_label="d"
    )
