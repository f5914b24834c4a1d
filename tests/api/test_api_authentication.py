"""Signing in to the API: a token from a password, 401 without a valid one, a browser session
works too, and a member sees only their own partnerships."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators.models import IndicatorReturn

from ..builders import PASSWORD
from .helpers import api_as, entry

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


# --- authentication -------------------------------------------------------------------------


def test_a_token_is_obtained_with_a_password_and_opens_the_api(tree_a):
    client = APIClient()
    response = client.post("/api/token/", {"username": "officer_a", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=tree_a.members["officer"].user).key  # per user

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/p/alpha/indicators/").status_code == 200


def test_a_wrong_password_gets_no_token(tree_a):
    response = APIClient().post("/api/token/", {"username": "officer_a", "password": "wrong"}, format="json")
    assert response.status_code == 400 and "token" not in response.json()


@pytest.mark.parametrize("credentials", [{}, {"HTTP_AUTHORIZATION": "Token not-a-real-token"}])
def test_without_a_valid_token_the_api_answers_401(tree_a, credentials):
    client = APIClient()
    client.credentials(**credentials)
    assert client.get("/api/p/alpha/indicators/").status_code == 401
    assert (
        client.post(
            "/api/p/alpha/returns/", entry(tree_a.indicator, tree_a.quarter.previous()), format="json"
        ).status_code
        == 401
    )
    assert not IndicatorReturn.objects.filter(period__start=tree_a.quarter.previous().start).exists()


def test_a_signed_in_browser_session_works_too(client, tree_a):
    client.force_login(tree_a.members["plain"].user)
    assert client.get("/api/p/alpha/indicators/").status_code == 200


def test_partnerships_lists_only_mine(tree_a, tree_b):
    response = api_as(tree_a.members["officer"]).get("/api/partnerships/")
    assert [p["slug"] for p in response.json()] == ["alpha"]
