"""Shared by the API tests: a client signed in with a member's token, the six attestations, and a
return entry for the API."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators.return_rules import DATA_QUALITY_STANDARDS

ALL_ATTESTED = {name: True for name, _, _ in DATA_QUALITY_STANDARDS}


def api_as(membership):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=membership.user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def entry(indicator, span, **changes):
    body = {
        "indicator": indicator.pk,
        "period_start": span.start.isoformat(),
        "value": "42",
        "action": "save_draft",
        "version": 0,
    }
    return {**body, **changes}
