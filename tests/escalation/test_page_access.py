"""Every escalation page: it works for the right person, is 403 for the wrong role, 404 across
partnerships and for a bad id, and 405 for the wrong method."""

import pytest
from django.utils import timezone

from ..builders import make_indicator
from ..tenant_urls import tenant_urls
from .helpers import later, url

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a", "escalations_b")


# name, kwargs(tree) , who may, who may not (None: everyone reads), POST data (None: read-only page)
CASES = [
    ("list", lambda t: {}, "plain", None, None),
    ("detail", lambda t: {"escalation_id": t.escalation.pk}, "plain", None, None),
    ("action_list", lambda t: {}, "plain", None, None),
    ("risk_list", lambda t: {}, "plain", None, None),
    ("risk_detail", lambda t: {"risk_id": t.risk.pk}, "plain", None, None),
    ("route", lambda t: {}, "plain", None, None),
    ("report", lambda t: {}, "plain", None, None),
    ("report_pdf", lambda t: {}, "plain", None, None),
    (
        "open",
        lambda t: {},
        "executive",
        "chair",
        lambda t: {"indicator": make_indicator(t, "L 30").pk, "stage": "2", "evidence": "Audit evidence."},
    ),
    (
        "nominate",
        lambda t: {"escalation_id": t.top.pk},
        "executive",
        "outcome_lead",
        lambda t: {"nominee": t.members["executive"].pk},
    ),
    (
        "refer",
        lambda t: {"escalation_id": t.escalation.pk},
        "executive",
        "plain",
        lambda t: {"note": "Needs challenge."},
    ),
    ("close", lambda t: {"escalation_id": t.escalation.pk}, "admin", "outcome_lead", lambda t: {"note": "Recovered."}),
    (
        "report_received",
        lambda t: {"escalation_id": t.escalation.pk},
        "outcome_lead",
        "plain",
        lambda t: {"received_on": timezone.localdate().isoformat(), "note": "Progress made."},
    ),
    (
        "plan",
        lambda t: {"escalation_id": t.escalation.pk},
        "outcome_lead",
        "executive",
        lambda t: {"plan": "Agreed plan."},
    ),
    (
        "action_create",
        lambda t: {"escalation_id": t.escalation.pk},
        "officer",
        "business",
        lambda t: {
            "description": "Hold five extra clinics in the north of the borough",
            "measure": "5 clinics held by 30 June",
            "resources": "PCT nurses",
            "lead": t.members["officer"].pk,
            "due_date": later(),
        },
    ),
    (
        "action_edit",
        lambda t: {"action_id": t.action.pk},
        "chair",
        "plain",
        lambda t: {
            "description": "Run weekly drop-in sessions at all five schools",
            "measure": "Rate at or below 48",
            "resources": "Two nurses",
            "lead": t.action.lead_id,
            "due_date": later(),
            "status": "on_track",
        },
    ),
    (
        "action_progress",
        lambda t: {"action_id": t.action.pk},
        "admin",
        "business",
        lambda t: {"status": "on_track", "note": "Sessions started."},
    ),
    (
        "risk_create",
        lambda t: {},
        "analyst",
        "officer",
        lambda t: {
            "title": "New risk",
            "likelihood": "2",
            "impact": "3",
            "mitigation": "Watch it.",
            "review_date": later(),
            "status": "open",
            "themes": [t.theme.pk],
        },
    ),
    (
        "risk_edit",
        lambda t: {"risk_id": t.risk.pk},
        "admin",
        "plain",
        lambda t: {
            "title": "Grant reduced mid-year",
            "likelihood": "5",
            "impact": "5",
            "mitigation": "Spend reviewed.",
            "review_date": later(),
            "status": "open",
        },
    ),
    (
        "route_edit",
        lambda t: {},
        "admin",
        "executive",
        lambda t: {"bodies": "Performance Board\nCabinet\nOverview & Scrutiny"},
    ),
    (
        "settings",
        lambda t: {},
        "admin",
        "executive",
        lambda t: {"stage_count": "3", "review_point": "six_monthly", "report_back_months": "2"},
    ),
]
IDS = [case[0] for case in CASES]


@pytest.mark.parametrize("name, kwargs, allowed, refused, data", CASES, ids=IDS)
def test_it_works(client, people, name, kwargs, allowed, refused, data):
    client.force_login(people.members[allowed].user)
    target = url(people, name, **kwargs(people))
    response = client.get(target)
    assert response.status_code == 200
    if name == "report_pdf":
        assert response.content.startswith(b"%PDF")
        return
    assert b"Escalation" in response.content  # the navigation item
    if data is not None:
        response = client.post(target, data(people))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert response["Location"].startswith(f"/p/{people.partnership.slug}/escalation/")


@pytest.mark.parametrize(
    "name, kwargs, allowed, refused, data", [c for c in CASES if c[3]], ids=[c[0] for c in CASES if c[3]]
)
def test_it_checks_the_role(client, people, name, kwargs, allowed, refused, data):
    client.force_login(people.members[refused].user)
    target = url(people, name, **kwargs(people))
    assert client.get(target).status_code == 403
    assert client.post(target, data(people)).status_code == 403


@pytest.mark.parametrize("name, kwargs, allowed, refused, data", CASES, ids=IDS)
def test_it_rejects_the_wrong_method(client, people, name, kwargs, allowed, refused, data):
    client.force_login(people.members[allowed].user)
    target = url(people, name, **kwargs(people))
    response = client.post(target) if data is None else client.delete(target)
    assert response.status_code == 405


@pytest.mark.parametrize("name, kwargs, allowed, refused, data", CASES, ids=IDS)
def test_it_checks_the_partnership(client, people, tree_b, name, kwargs, allowed, refused, data):
    # given B's administrator on A's pages
    client.force_login(tree_b.members["admin"].user)
    target = url(people, name, **kwargs(people))
    assert client.get(target).status_code == 404
    assert client.post(target, data(people) if data else {}).status_code == 404


OBJECT_PAGES = [
    ("detail", "escalation_id", "escalation"),
    ("refer", "escalation_id", "escalation"),
    ("close", "escalation_id", "escalation"),
    ("plan", "escalation_id", "escalation"),
    ("report_received", "escalation_id", "escalation"),
    ("action_create", "escalation_id", "escalation"),
    ("nominate", "escalation_id", "escalation"),
    ("action_edit", "action_id", "action"),
    ("action_progress", "action_id", "action"),
    ("risk_detail", "risk_id", "risk"),
    ("risk_edit", "risk_id", "risk"),
]


@pytest.mark.parametrize("name, kwarg, attribute", OBJECT_PAGES)
def test_another_partnerships_object_is_404_through_your_own_partnership(
    as_admin, tree_a, tree_b, name, kwarg, attribute
):
    target = url(tree_a, name, **{kwarg: getattr(tree_b, attribute).pk})
    assert as_admin.get(target).status_code == 404
    if name not in ("detail", "risk_detail"):  # read-only pages answer a POST with 405 before looking
        assert as_admin.post(target, {}).status_code == 404


@pytest.mark.parametrize(
    "name, kwarg", [("detail", "escalation_id"), ("action_edit", "action_id"), ("risk_detail", "risk_id")]
)
def test_a_bad_id_is_404(as_admin, tree_a, name, kwarg):
    assert as_admin.get(url(tree_a, name, **{kwarg: 999999})).status_code == 404


def test_every_escalation_url_is_in_the_tenancy_walk(tree_a):
    names = {name for name, _ in tenant_urls(tree_a)}
    assert {f"escalation:{case[0]}" for case in CASES} <= names
