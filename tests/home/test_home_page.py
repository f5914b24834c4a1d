"""The home page: each partnership's next steps for the signed-in person, and the way to its overview."""

import pytest
from django.utils import timezone

from ..builders import make_member, make_user


def test_a_member_of_one_partnership_sees_their_steps_with_its_navigation(full_a, client):
    client.force_login(full_a.members["chair"].user)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What needs you now" in html and "Alpha Partnership" in html
    assert "Get the board pack for Q2 review" in html and "Decision due: Under 18 conception rate" in html
    assert 'href="/p/alpha/"' in html  # the governance overview, one click away
    assert response.context["partnership"] == full_a.partnership  # so the main navigation shows


def test_someone_in_two_partnerships_sees_both(client, tree_a, tree_b):
    user = tree_a.members["admin"].user
    make_member(tree_b.partnership, user)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Alpha Partnership" in html and "Beta Partnership" in html
    assert "Give Enterprise a Lead Information Officer" in html  # A's gap, as A's administrator
    assert "Nothing needs you in Beta Partnership right now." in html  # no role in B


def test_unread_notices_are_counted_for_each_partnership(client, tree_a):
    from partnership.models import Notice

    officer = tree_a.members["officer"]
    for number in range(3):
        Notice.objects.create(membership=officer, kind="reminder", subject=f"Reminder {number}", body="", path="/")
    Notice.objects.filter(subject="Reminder 0").update(read_at=timezone.now())
    client.force_login(officer.user)
    assert "2 unread notices" in client.get("/").content.decode()


def test_someone_with_no_partnership_is_told_what_to_do(client, db):
    client.force_login(make_user("nobody"))
    assert "Ask your partnership administrator to add you" in client.get("/").content.decode()


def test_the_home_page_needs_signing_in(client, db):
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_nothing_of_another_partnership_appears(client, full_a, tree_b):
    client.force_login(tree_b.members["admin"].user)
    html = client.get("/").content.decode()
    assert "Alpha Partnership" not in html and "/p/alpha/" not in html


@pytest.mark.parametrize("role", ["admin", "officer", "chair", "business", "outcome_lead"])
def test_the_home_page_costs_a_bounded_number_of_queries(client, full_a, django_assert_max_num_queries, role):
    client.force_login(full_a.members[role].user)
    with django_assert_max_num_queries(20):
        assert client.get("/").status_code == 200
