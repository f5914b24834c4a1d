"""My returns: each officer's returns by theme with their state and deadline, what waits for the
coordinator's approval, and pages that list returns never write."""

import pytest
from django.utils import timezone

from .return_helpers import as_member

pytestmark = pytest.mark.usefixtures("returns_a")


# --- My returns ------------------------------------------------------------------------------


def test_my_returns_lists_the_officers_returns_by_theme_with_state_and_deadline(client, tree_a, homes):
    html = as_member(client, tree_a, "officer").get("/p/alpha/returns/").content.decode()
    assert f"Returns for {tree_a.quarter.label}" in html
    assert "NI 112 Under 18 conception rate" in html and "In progress" in html  # the fixture's draft
    assert "L 154" in html and "Not started" in html
    days = (tree_a.round.collation_deadline - timezone.localdate()).days
    assert f"{abs(days)} day" in html
    assert "govuk-task-list" in html


def test_members_without_a_theme_role_have_no_returns_to_do(client, tree_a):
    html = as_member(client, tree_a, "plain").get("/p/alpha/returns/").content.decode()
    assert "You are not responsible for any returns in this round" in html


def test_the_coordinator_sees_what_waits_for_approval(client, tree_a, coordinator):
    tree_a.indicator_return.state = "submitted"
    tree_a.indicator_return.save()
    client.force_login(coordinator.user)
    assert "waiting for your approval" in client.get("/p/alpha/returns/").content.decode()


def test_a_get_never_writes(client, tree_a):
    # given: an annual and a six-monthly indicator due in the round, and the pages that list returns
    from indicators.models import Period

    from ..builders import make_indicator

    make_indicator(tree_a, "L 90", frequency="annual")
    make_indicator(tree_a, "L 91", frequency="six_monthly")
    client.force_login(tree_a.members["officer"].user)
    pages = [
        "/p/alpha/returns/",
        f"/p/alpha/returns/?round={tree_a.round.pk}",
        f"/p/alpha/money/{tree_a.commission.pk}/",
        f"/p/alpha/returns/spreadsheet/{tree_a.round.pk}/well-being/download/",
        "/p/alpha/timetable/",
    ]
    before = Period.objects.count()
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert Period.objects.count() == before
