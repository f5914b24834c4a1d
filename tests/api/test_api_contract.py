"""The API's contract, as the schema states it: every 4xx in one shape ({"detail"}, plus `errors`
on a 400 and `current` on a 409), each status an operation can give documented with that shape,
and every field that can be null marked nullable."""

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ..builders import PASSWORD, make_indicator, make_return
from .helpers import entry

pytestmark = pytest.mark.usefixtures("returns_a")

SHAPES = {  # the error bodies: the keys each always has
    "Error": {"detail"},
    "ValidationError": {"detail", "errors"},
    "Conflict": {"detail", "current"},
    "SpendConflict": {"detail", "current"},
}


@pytest.fixture
def schema(db):
    return APIClient().get("/api/schema/", {"format": "json"}).json()


def component(schema, ref_holder):
    return ref_holder["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


def assert_shape(response, shape):
    body = response.json()
    assert set(body) == SHAPES[shape], body
    assert isinstance(body["detail"], str) and body["detail"]
    if shape == "ValidationError":
        assert body["errors"] and all(isinstance(m, str) for m in body["errors"].values())


# --- one error shape -------------------------------------------------------------------------


def test_every_error_has_the_one_shape(tree_a, officer, coordinator, client):
    slug = "/api/p/alpha"
    ret = tree_a.indicator_return
    # 400: the serializer's checks, the returns service's, and a body that is not JSON
    assert_shape(
        officer.post(f"{slug}/returns/", entry(tree_a.indicator, tree_a.quarter, value="x", version=1), format="json"),
        "ValidationError",
    )
    assert_shape(
        officer.post(f"{slug}/returns/", entry(tree_a.indicator, tree_a.quarter, value="-1", version=1), format="json"),
        "ValidationError",
    )
    assert_shape(officer.generic("POST", f"{slug}/returns/", "{", content_type="application/json"), "ValidationError")
    assert_shape(officer.get(f"{slug}/returns/?period=soon"), "ValidationError")
    assert_shape(
        APIClient().post("/api/token/", {"username": "officer_a", "password": "wrong"}, format="json"),
        "ValidationError",
    )
    # 401, with the header that says how to authenticate
    response = APIClient().get(f"{slug}/indicators/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert_shape(response, "Error")
    # 403: the role, and a browser session without its CSRF token
    response = officer.post(f"{slug}/returns/{ret.pk}/decide/", {"action": "approve"}, format="json")
    assert response.status_code == 403
    assert_shape(response, "Error")
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(tree_a.members["officer"].user)
    response = browser.post(f"{slug}/returns/", entry(tree_a.indicator, tree_a.quarter, version=1), format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert_shape(response, "Error")
    # 404: another partnership, a missing object, an address that is no route
    for url in ("/api/p/beta/indicators/", f"{slug}/indicators/999999/", f"{slug}/indicators/x/", "/api/nothing/"):
        response = officer.get(url)
        assert response.status_code == 404, url
        assert_shape(response, "Error")
    # 405, with the methods that are allowed
    response = officer.delete(f"{slug}/returns/{ret.pk}/")
    assert response.status_code == 405 and "GET" in response["Allow"]
    assert_shape(response, "Error")
    # 409, with the return as saved now
    response = officer.post(f"{slug}/returns/", entry(tree_a.indicator, tree_a.quarter, version=0), format="json")
    assert response.status_code == 409 and response.json()["current"]["version"] == 1
    assert_shape(response, "Conflict")
    # 415
    response = officer.generic("POST", f"{slug}/returns/", "indicator: 1", content_type="text/yaml")
    assert response.status_code == 415
    assert_shape(response, "Error")


def test_a_locked_out_username_gets_a_429_in_the_shape(tree_a):
    client = APIClient()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/token/", {"username": "officer_a", "password": "wrong"}, format="json")
    response = client.post("/api/token/", {"username": "officer_a", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert_shape(response, "Error")


def test_a_400_says_every_problem_in_detail_too(tree_a, officer):
    body = entry(tree_a.indicator, tree_a.quarter, value="x", version="y")
    response = officer.post("/api/p/alpha/returns/", body, format="json")
    errors = response.json()["errors"]
    assert set(errors) == {"value", "version"}
    assert all(f"{name}: {message}" in response.json()["detail"] for name, message in errors.items())


def test_the_token_endpoint_ignores_credentials_sent_along(tree_a):
    """A stale token or a browser session without CSRF does not stop someone getting their token."""
    stale = APIClient()
    stale.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(tree_a.members["plain"].user)
    for client in (stale, browser):
        response = client.post("/api/token/", {"username": "officer_a", "password": PASSWORD}, format="json")
        assert response.status_code == 200
        assert response.json()["token"] == Token.objects.get(user__username="officer_a").key


# --- the schema says so ----------------------------------------------------------------------


def test_each_operation_documents_the_errors_it_can_give(schema):
    tenant_read = {"401", "404"}
    tenant_write = {"400", "401", "403", "404", "409", "415"}
    expected = {
        ("get", "/api/partnerships/"): {"401"},
        ("post", "/api/token/"): {"400", "415", "429"},
        ("get", "/api/p/{partnership_slug}/returns/"): {"400", *tenant_read},
        ("post", "/api/p/{partnership_slug}/returns/"): tenant_write,
        ("post", "/api/p/{partnership_slug}/returns/{id}/decide/"): tenant_write,
        ("get", "/api/p/{partnership_slug}/spend-returns/"): {"400", *tenant_read},
        ("post", "/api/p/{partnership_slug}/spend-returns/"): tenant_write,
        ("post", "/api/p/{partnership_slug}/spend-returns/{id}/decide/"): tenant_write,
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            errors = {status for status in operation["responses"] if status.startswith("4")}
            assert errors == expected.get((method, path), tenant_read), (method, path)
            for status in errors:
                shape = component(schema, operation["responses"][status])
                conflict = "SpendConflict" if "/spend-returns/" in path else "Conflict"
                wanted = {"400": "ValidationError", "409": conflict}.get(status, "Error")
                assert shape == wanted, (method, path, status)
                assert operation["responses"][status]["description"]
    for shape, keys in SHAPES.items():
        assert set(schema["components"]["schemas"][shape]["required"]) == keys
    assert "one shape" in schema["info"]["description"] and "405" in schema["info"]["description"]


def test_page_sizes_are_documented_with_their_bounds(schema):
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/p/{partnership_slug}/returns/"]["get"]["parameters"]
    }
    assert parameters["limit"] == {"type": "integer", "minimum": 1, "maximum": 500}
    assert parameters["offset"] == {"type": "integer", "minimum": 0}


def resolve(schema, node):
    """A property's own schema: through `allOf: [$ref]` (how nullable references are written)."""
    ref = node.get("$ref") or (node.get("allOf") or [{}])[0].get("$ref")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else None


def nulls(schema, component_name, body, path=""):
    """Every (path, nullable?) of a field that is null in `body`, walking into nested objects."""
    found = []
    properties = schema["components"]["schemas"][component_name]["properties"]
    for name, value in body.items():
        node = properties[name]
        if value is None:
            found.append((f"{path}{name}", node.get("nullable", False) or "NullEnum" in str(node)))
        elif isinstance(value, dict) and resolve(schema, node) is not None:
            nested = resolve(schema, node)
            nested_name = next(k for k, v in schema["components"]["schemas"].items() if v is nested)
            found.extend(nulls(schema, nested_name, value, f"{path}{name}."))
    return found


def test_every_field_that_can_be_null_is_marked_nullable(schema, tree_a, officer):
    """Fresh objects (nothing submitted, decided or reported yet) are full of nulls: each is in the schema."""
    bare = make_indicator(tree_a, "L 01", unit="count", accumulation="cumulative", is_ratio=True)
    started = make_return(bare, tree_a.quarter, numerator=None)
    found = []
    found += nulls(schema, "Indicator", officer.get(f"/api/p/alpha/indicators/{bare.pk}/").json())
    found += nulls(schema, "Return", officer.get(f"/api/p/alpha/returns/{started.pk}/").json())
    conflict = officer.post("/api/p/alpha/returns/", entry(bare, tree_a.quarter, version=0), format="json").json()
    found += nulls(schema, "Return", conflict["current"], "current.")
    names = {name for name, _ in found}
    assert {"submitted_by", "decided_by", "value", "numerator", "current.period", "current.actual"} <= names
    assert [name for name, nullable in found if not nullable] == []
