"""Data challenges: the business group challenges a return and its source answers."""

import pytest

from indicators.models import DataChallenge

from .return_helpers import as_member

pytestmark = pytest.mark.usefixtures("returns_a")


# --- data challenges -------------------------------------------------------------------------------


def test_the_business_group_challenges_and_the_source_answers(client, tree_a):
    ret = tree_a.indicator_return
    as_member(client, tree_a, "business")
    client.post(f"/p/alpha/returns/r/{ret.pk}/challenges/new/", {"question": "Why did this fall by a third?"})
    challenge = DataChallenge.objects.get(question="Why did this fall by a third?")
    assert "Why did this fall by a third?" in client.get("/p/alpha/returns/challenges/").content.decode()
    # only the theme's officers answer
    assert client.post(f"/p/alpha/returns/challenges/{challenge.pk}/answer/", {"answer": "x"}).status_code == 403
    as_member(client, tree_a, "officer")
    client.post(
        f"/p/alpha/returns/challenges/{challenge.pk}/answer/", {"answer": "A data-entry error in Q1, now corrected."}
    )
    challenge.refresh_from_db()
    assert challenge.state == "answered" and challenge.answered_by == tree_a.members["officer"]


def test_others_cannot_raise_challenges(client, tree_a):
    ret = tree_a.indicator_return
    response = as_member(client, tree_a, "plain").post(
        f"/p/alpha/returns/r/{ret.pk}/challenges/new/", {"question": "?"}
    )
    assert response.status_code == 403


def test_an_empty_challenge_is_explained(client, tree_a):
    ret = tree_a.indicator_return
    response = as_member(client, tree_a, "business").post(
        f"/p/alpha/returns/r/{ret.pk}/challenges/new/", {"question": ""}, follow=True
    )
    assert "Say what you are challenging" in response.content.decode()
