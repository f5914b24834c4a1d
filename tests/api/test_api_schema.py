"""The OpenAPI schema documents the API and generates without warnings."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


# --- the schema -----------------------------------------------------------------------------


def test_the_schema_documents_the_api(db):
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/token/",
        "/api/p/{partnership_slug}/indicators/",
        "/api/p/{partnership_slug}/indicators/{id}/",
        "/api/p/{partnership_slug}/indicators/{indicator_id}/targets/",
        "/api/p/{partnership_slug}/indicators/{indicator_id}/results/",
        "/api/p/{partnership_slug}/returns/",
        "/api/p/{partnership_slug}/returns/{id}/",
        "/api/p/{partnership_slug}/returns/{id}/decide/",
        "/api/p/{partnership_slug}/spend-returns/",
        "/api/p/{partnership_slug}/spend-returns/{id}/",
        "/api/p/{partnership_slug}/spend-returns/{id}/decide/",
    ):
        assert path in paths
    assert APIClient().get("/api/docs/").status_code == 200


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
