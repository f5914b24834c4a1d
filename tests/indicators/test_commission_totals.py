"""Commission totals count only approved spend: the summaries, the list (filters, CSV export, a
query count that does not grow) and the detail page's quarters and match funding."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import Commission, Period, SpendReturn
from indicators.services.money import commission_summaries
from indicators.workflow import ReturnState

from ..builders import make_commission
from .money_helpers import approve, login, quarters, spend_url, url

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


# --- totals: only approved spend -----------------------------------------------------------------


def test_commission_summaries_count_only_approved_spend_in_two_queries(tree_a, django_assert_num_queries):
    q1, q2, q3, q4 = quarters(2024)
    busy = make_commission(tree_a, "Busy", profile=[(q1, 4000), (q2, 6000), (q3, 5000), (q4, 5000)])
    idle = make_commission(tree_a, "Idle", profile=[(q3, 1000)])

    def spend(commission, span, state, **figures):
        SpendReturn.objects.create(commission=commission, period=Period.objects.for_span(span), state=state, **figures)

    spend(busy, q1, ReturnState.APPROVED, actual_spend=3000, match_cash=100, match_in_kind=50, match_leverage=25)
    spend(busy, q2, ReturnState.SUBMITTED, actual_spend=99999, match_cash=99999)  # not approved: does not count
    spend(
        busy, q3, ReturnState.APPROVED, actual_spend=5000, match_cash=1000
    )  # after the quarter to date: does not count
    with django_assert_num_queries(2):
        summaries = commission_summaries([busy, idle, tree_a.commission], 2024, q2)
    mine = summaries[busy.pk]
    assert (mine.annual_budget, mine.profile_to_date, mine.spend_to_date) == (20000, 10000, 3000)
    assert (mine.match_cash, mine.match_in_kind, mine.match_leverage, mine.match_total) == (100, 50, 25, 175)
    assert mine.variance == -70 and mine.variance_words == "70.0% under profile"
    nothing_to_date = summaries[idle.pk]
    assert (nothing_to_date.annual_budget, nothing_to_date.profile_to_date, nothing_to_date.variance) == (1000, 0, None)
    assert summaries[tree_a.commission.pk].annual_budget == 0  # its profile is in another year
    assert commission_summaries([busy], 2024, None)[busy.pk].spend_to_date == 0  # no quarter finished yet


def test_the_list_counts_only_approved_spend(client, people):
    tree = people
    login(client, tree.members["plain"])
    response = client.get(url("list", tree))
    row = response.context["table"].rows[0].record
    assert (row.summary.annual_budget, row.summary.profile_to_date, row.summary.spend_to_date) == (10000, 10000, 0)
    page = response.content.decode()
    assert "Healthy Living Commission" in page and "100.0% under profile" in page

    approve(tree, tree.spend_return, tree.members["coordinator"])
    page = client.get(url("list", tree)).content.decode()
    assert "£9,000" in page and "10.0% under profile" in page


def test_the_list_filters_and_exports_csv(client, tree_a):
    make_commission(tree_a, "Old NRF Project")
    Commission.objects.filter(name="Old NRF Project").update(kind=Commission.Kind.PROJECT, theme=tree_a.other_theme)
    login(client, tree_a.members["plain"])
    names = lambda response: [row.record.name for row in response.context["table"].rows]  # noqa: E731
    assert names(client.get(url("list", tree_a), {"kind": "project"})) == ["Old NRF Project"]
    assert names(client.get(url("list", tree_a), {"theme": tree_a.theme.pk})) == ["Healthy Living Commission"]
    response = client.get(url("list", tree_a), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Theme", "Commission or project", "Type"]
    assert {row[1] for row in rows[1:]} == {"Healthy Living Commission", "Old NRF Project"}


def test_the_list_query_count_does_not_grow_with_commissions(client, people, django_assert_max_num_queries):
    tree = people
    approve(tree, tree.spend_return, tree.members["coordinator"])
    login(client, tree.members["plain"])
    with django_assert_max_num_queries(20) as few:
        client.get(url("list", tree))
    for i in range(20):
        commission = make_commission(tree, f"Commission {i}", profile=[(tree.quarter, 1000 + i)])
        SpendReturn.objects.create(
            commission=commission, period=tree.period, actual_spend=900, match_cash=10, state=ReturnState.APPROVED
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("list", tree))
    assert len(response.context["table"].rows) == 21


def test_the_detail_page_shows_each_quarter_and_the_match_funding(client, people):
    tree = people
    ret = tree.spend_return
    ret.match_cash, ret.match_in_kind, ret.match_leverage = 500, 250, Decimal("125.50")
    ret.save()
    approve(tree, ret, tree.members["coordinator"])
    login(client, tree.members["plain"])
    response = client.get(url("detail", tree, commission_id=tree.commission.pk))
    page = response.content.decode()
    rows = response.context["rows"]
    assert [row.span for row in rows] == quarters(tree.quarter.financial_year)
    # links only once a quarter is over, and only where its round opened its period (a GET never writes)
    assert all(row.period is None or row.span.has_ended(timezone.localdate()) for row in rows)
    assert next(row for row in rows if row.span == tree.quarter).period == tree.period
    for text in [
        tree.quarter.label,
        "£10,000",
        "£9,000",
        "10.0% under profile",
        "Approved",
        "£500",
        "£250",
        "£125.50",
        "£875.50",
    ]:
        assert text in page, text
    assert spend_url(tree) in page
