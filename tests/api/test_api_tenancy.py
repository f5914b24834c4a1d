"""The API is scoped to the partnership: outsiders and inactive members find nothing, and another
partnership's objects are not found under my slug."""

import pytest

from indicators.models import IndicatorReturn

from .helpers import api_as, entry

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


# --- tenant scoping -------------------------------------------------------------------------


def alpha_urls(tree):
    indicator, ret = tree.indicator.pk, tree.indicator_return.pk
    return [
        "/api/p/alpha/indicators/",
        f"/api/p/alpha/indicators/{indicator}/",
        f"/api/p/alpha/indicators/{indicator}/targets/",
        f"/api/p/alpha/indicators/{indicator}/results/",
        "/api/p/alpha/returns/",
        f"/api/p/alpha/returns/{ret}/",
    ]


def test_an_outsider_finds_nothing_of_another_partnership(tree_a, tree_b):
    outsider = api_as(tree_b.members["admin"])
    for url in alpha_urls(tree_a):
        assert outsider.get(url).status_code == 404, url
    response = outsider.post(
        f"/api/p/alpha/returns/{tree_a.indicator_return.pk}/decide/", {"action": "approve"}, format="json"
    )
    assert response.status_code == 404


def test_an_inactive_member_finds_nothing(tree_a):
    membership = tree_a.members["officer"]
    membership.is_active = False
    membership.save()
    for url in alpha_urls(tree_a):
        assert api_as(membership).get(url).status_code == 404, url


def test_another_partnerships_objects_are_not_found_under_my_slug(tree_a, tree_b, officer):
    assert officer.get(f"/api/p/alpha/indicators/{tree_b.indicator.pk}/").status_code == 404
    assert officer.get(f"/api/p/alpha/indicators/{tree_b.indicator.pk}/targets/").status_code == 404
    assert officer.get(f"/api/p/alpha/indicators/{tree_b.indicator.pk}/results/").status_code == 404
    assert officer.get(f"/api/p/alpha/returns/{tree_b.indicator_return.pk}/").status_code == 404
    assert officer.get("/api/p/beta/indicators/").status_code == 404
    listed = officer.get("/api/p/alpha/returns/").json()["results"]
    assert [r["id"] for r in listed] == [tree_a.indicator_return.pk]


def test_a_return_for_another_partnerships_indicator_is_not_found_and_not_saved(tree_a, tree_b, officer):
    before = IndicatorReturn.objects.count()
    span = tree_b.quarter.previous()
    response = officer.post("/api/p/alpha/returns/", entry(tree_b.indicator, span), format="json")
    assert response.status_code == 404
    assert IndicatorReturn.objects.count() == before


def test_another_partnerships_return_cannot_be_decided_under_my_slug(tree_a, tree_b, coordinator):
    response = coordinator.post(
        f"/api/p/alpha/returns/{tree_b.indicator_return.pk}/decide/", {"action": "approve"}, format="json"
    )
    assert response.status_code == 404
    tree_b.indicator_return.refresh_from_db()
    assert tree_b.indicator_return.state == "draft"
