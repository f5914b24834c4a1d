"""Every escalation page: it works for the right person, is 403 for the wrong role, 404 across
partnerships, 405 for the wrong method; and bad input is explained beside the field, nothing lost."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from escalation.models import Action, Escalation, EventKind, LadderSettings, Risk, RouteStep
from escalation.services.decisions import open_by_hand, set_route
from escalation.services.escalations import executive_board
from partnership.roles import Role

from ..builders import make_indicator, make_member, make_user
from ..tenant_urls import tenant_urls

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a", "escalations_b")


@pytest.fixture
def people(tree_a):
    """Adds an executive board member and a Performance Management Lead to A's personas."""
    tree_a.executive = executive_board(tree_a.partnership)
    tree_a.members["executive"] = make_member(
        tree_a.partnership, make_user("exec_a"), [(Role.BOARD_MEMBER, tree_a.executive)]
    )
    tree_a.members["analyst"] = make_member(
        tree_a.partnership, make_user("analyst_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, tree_a.other_theme)]
    )
    set_route(tree_a.partnership, ["Performance Board", "Overview & Scrutiny"])
    tree_a.top = open_by_hand(
        tree_a.partnership, make_indicator(tree_a, "L 20"), stage=3, evidence="Still below.", user=None
    )
    return tree_a


def url(tree, name, **kwargs):
    return reverse(f"escalation:{name}", kwargs={"partnership_slug": tree.partnership.slug, **kwargs})


def later(days=30):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


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


# --- what the pages do --------------------------------------------------------------------------


def test_opening_by_hand_records_the_evidence_and_who(client, people):
    client.force_login(people.members["executive"].user)
    indicator = make_indicator(people, "L 31")
    response = client.post(url(people, "open"), {"indicator": indicator.pk, "stage": "2", "evidence": "Partner audit."})
    escalation = Escalation.objects.get(indicator=indicator)
    assert response["Location"] == escalation.get_absolute_url()
    event = escalation.events.get()
    assert (event.kind, event.by, event.note, event.to_stage) == (
        EventKind.OPENED,
        people.members["executive"].user,
        "Partner audit.",
        2,
    )


def test_bad_input_is_explained_beside_the_field_and_nothing_typed_is_lost(client, people):
    client.force_login(people.members["executive"].user)
    response = client.post(
        url(people, "open"), {"indicator": people.indicator.pk, "stage": "9", "evidence": "Typed evidence stays"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "govuk-error-message" in html
    assert "NI 112 already has an open escalation." in html
    assert "Select a valid choice" in html  # the stage
    assert "Typed evidence stays" in html


def test_another_partnerships_indicator_cannot_be_chosen(client, people, tree_b):
    client.force_login(people.members["executive"].user)
    response = client.post(url(people, "open"), {"indicator": tree_b.indicator.pk, "stage": "1", "evidence": "x"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Escalation.objects.filter(indicator=tree_b.indicator, partnership=people.partnership).exists()


def test_a_smart_action_form_explains_each_problem(client, people):
    client.force_login(people.members["outcome_lead"].user)
    response = client.post(
        url(people, "action_create", escalation_id=people.escalation.pk),
        {"description": "Do better", "measure": "Improve things", "resources": "", "due_date": "31/02/2020"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    for message in (
        "in at least 5 words",
        "with a figure or date",
        "what resources",
        "named lead",
        "Enter a real date",
    ):
        assert message in html, message
    assert "Improve things" in html and "Do better" in html
    assert not Action.objects.filter(escalation=people.escalation, description="Do better").exists()


def test_an_action_lead_records_progress_on_their_own_action(client, people):
    plain = people.members["plain"]
    action = Action.objects.create(
        escalation=people.escalation,
        stage=1,
        lead=plain,
        due_date=timezone.localdate(),
        description="a b c d e",
        measure="1",
        resources="r",
    )
    client.force_login(plain.user)
    target = url(people, "action_progress", action_id=action.pk)
    assert client.post(target, {"status": "complete", "note": "All done."}).status_code == 302
    action.refresh_from_db()
    assert action.status == "complete" and action.updates.get().by == plain.user
    assert client.get(url(people, "action_edit", action_id=action.pk)).status_code == 403


def test_nomination_offers_executive_board_members_only(client, people):
    client.force_login(people.members["executive"].user)
    response = client.get(url(people, "nominate", escalation_id=people.top.pk))
    choices = list(response.context["form"].fields["nominee"].queryset)
    assert choices == [people.members["executive"]]
    # and nomination is for stage 3 only
    assert client.get(url(people, "nominate", escalation_id=people.escalation.pk)).status_code == 403


def test_referring_up_then_the_route_page_shows_what_reached_each_body(client, people):
    client.force_login(people.members["executive"].user)
    refer = url(people, "refer", escalation_id=people.escalation.pk)
    client.post(refer, {"note": "First."})
    client.post(refer, {"note": "Second."})
    response = client.post(refer, {"note": "Third."})
    assert "the last body on the route" in response.content.decode()
    page = client.get(url(people, "route"))
    reached = {step.name: [e.pk for e in escalations] for step, escalations in page.context["steps"]}
    assert reached == {"Performance Board": [people.escalation.pk], "Overview & Scrutiny": [people.escalation.pk]}
    scrutiny = RouteStep.objects.get(partnership=people.partnership, name="Overview & Scrutiny")
    listed = client.get(url(people, "list"), {"reached": scrutiny.pk})
    assert [row.record.pk for row in listed.context["table"].rows] == [people.escalation.pk]


def test_the_route_cannot_drop_a_body_that_has_referrals(client, people):
    client.force_login(people.members["admin"].user)
    client.post(url(people, "refer", escalation_id=people.escalation.pk), {"note": "Up."})
    response = client.post(url(people, "route_edit"), {"bodies": "Overview & Scrutiny\nOverview & Scrutiny"})
    assert "listed twice" in response.content.decode()
    response = client.post(url(people, "route_edit"), {"bodies": "Overview & Scrutiny"})
    assert "keep it on the route" in response.content.decode()


def test_settings_cannot_drop_below_an_open_stage(client, people):
    client.force_login(people.members["admin"].user)
    response = client.post(
        url(people, "settings"), {"stage_count": "2", "review_point": "quarterly", "report_back_months": "3"}
    )
    assert "at least 3 stages" in response.content.decode()
    assert LadderSettings.objects.get(partnership=people.partnership).stage_count == 3


def test_a_risk_is_saved_with_its_score_and_scoped_links(client, people, tree_b):
    client.force_login(people.members["analyst"].user)
    data = {
        "title": "Staff turnover",
        "likelihood": "5",
        "impact": "4",
        "mitigation": "Retention plan.",
        "review_date": later(),
        "status": "open",
        "themes": [tree_b.theme.pk],
    }
    response = client.post(url(people, "risk_create"), data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    data["themes"] = [people.theme.pk]
    data["indicators"] = [people.indicator.pk]
    client.post(url(people, "risk_create"), data)
    risk = Risk.objects.get(title="Staff turnover")
    assert risk.score == 20 and risk.partnership == people.partnership
    assert list(risk.themes.all()) == [people.theme] and list(risk.indicators.all()) == [people.indicator]
    detail = client.get(risk.get_absolute_url()).content.decode()
    assert "20: Very high" in detail and "highlighted" in detail


def test_a_duplicate_or_incomplete_risk_is_explained(client, people):
    client.force_login(people.members["admin"].user)
    response = client.post(
        url(people, "risk_create"),
        {"title": "grant reduced mid-year", "likelihood": "", "impact": "7", "review_date": "", "status": "open"},
    )
    html = response.content.decode()
    for message in (
        "already a risk with this name",
        "Choose how likely",
        "Choose an impact from 1 to 5",
        "Say how the risk is being mitigated",
        "Enter the next review date",
    ):
        assert message in html, message
