"""Who may do what on the money pages: every member reads them, administrators and the theme's
officers set budgets, only officers post spend and only approvers decide; another partnership's
ids and outsiders get 404."""

import pytest

from indicators.models import Period, SpendReturn
from indicators.periods import year_span

from .money_helpers import decide_url, login, spend_form, spend_url, url

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


# --- who may do what ------------------------------------------------------------------------------


def test_every_member_may_read_the_money_pages(client, tree_a):
    login(client, tree_a.members["plain"])
    for path in [url("list", tree_a), url("detail", tree_a, commission_id=tree_a.commission.pk), spend_url(tree_a)]:
        response = client.get(path)
        assert response.status_code == 200, path
    page = client.get(spend_url(tree_a)).content.decode()
    assert 'name="actual_spend"' not in page and "£9,000" in page  # read-only


def test_administrators_and_the_themes_officers_set_the_budget_profile(client, tree_a):
    budget = url("budget", tree_a, commission_id=tree_a.commission.pk) + "?year=2026"
    for who in ("plain", "chair", "outcome_lead"):
        login(client, tree_a.members[who])
        assert client.get(budget).status_code == 403, who
        assert client.post(budget, {"q1": "5"}).status_code == 403, who
    for who in ("admin", "officer"):
        login(client, tree_a.members[who])
        assert client.get(budget).status_code == 200, who


def test_only_the_themes_officers_post_spend_and_only_approvers_decide(client, people):
    tree = people
    for who in ("plain", "admin", "chair", "outcome_lead"):
        login(client, tree.members[who])
        assert client.post(spend_url(tree), spend_form(1, actual_spend="1")).status_code == 403, who
        assert client.post(decide_url(tree), {"action": "approve", "version": 1}).status_code == 403, who
    login(client, tree.members["officer"])  # enters returns, but cannot approve them
    assert client.post(decide_url(tree), {"action": "approve", "version": 1}).status_code == 403
    assert SpendReturn.objects.get(pk=tree.spend_return.pk).actual_spend == 9000


def test_another_partnerships_ids_are_404(client, tree_a, tree_b):
    login(client, tree_a.members["admin"])
    b = tree_b
    paths = [
        url("detail", tree_a, commission_id=b.commission.pk),
        url("edit", tree_a, commission_id=b.commission.pk),
        url("budget", tree_a, commission_id=b.commission.pk),
        url("spend", tree_a, commission_id=b.commission.pk, period_id=b.period.pk),
    ]
    for path in paths:
        assert client.get(path).status_code == 404, path
    for path in paths[1:]:  # the detail page takes no POST at all
        assert client.post(path, {"name": "X", "q1": "1", "action": "save_draft"}).status_code == 404, path
    assert (
        client.post(url("spend_decide", tree_a, spend_return_id=b.spend_return.pk), {"action": "approve"}).status_code
        == 404
    )
    b.commission.refresh_from_db()
    assert b.commission.name == "Healthy Living Commission"


def test_an_outsider_gets_404_on_every_money_page(client, tree_a, tree_b):
    login(client, tree_b.members["admin"])
    for path in [
        url("list", tree_a),
        url("create", tree_a),
        url("detail", tree_a, commission_id=tree_a.commission.pk),
        url("budget", tree_a, commission_id=tree_a.commission.pk),
        spend_url(tree_a),
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(decide_url(tree_a), {"action": "approve"}).status_code == 404


def test_a_spend_return_is_for_a_quarter(client, tree_a):
    login(client, tree_a.members["officer"])
    year = Period.objects.for_span(year_span(tree_a.quarter.financial_year))
    assert client.get(spend_url(tree_a, year)).status_code == 404
