"""The REST API: token auth, tenant scoping, reading indicators, and returns entered and decided
through the same service (and so the same rules) as the web form."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators.models import AnnualTarget, IndicatorReturn, Period, PeriodTarget, Result
from indicators.periods import year_span
from indicators.return_rules import DATA_QUALITY_STANDARDS
from indicators.services.rounds import open_round
from indicators.values import NUMBER_ERRORS
from partnership.roles import Role

from ..builders import PASSWORD, make_indicator, make_member, make_return, make_user

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")

ALL_ATTESTED = {name: True for name, _, _ in DATA_QUALITY_STANDARDS}


def api_as(membership):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=membership.user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def officer(tree_a):
    return api_as(tree_a.members["officer"])


@pytest.fixture
def coordinator(tree_a):
    return api_as(make_member(tree_a.partnership, make_user("rc"), [(Role.REPORT_COORDINATOR, tree_a.theme)]))


def entry(indicator, span, **changes):
    body = {
        "indicator": indicator.pk,
        "period_start": span.start.isoformat(),
        "value": "42",
        "action": "save_draft",
        "version": 0,
    }
    return {**body, **changes}


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


# --- indicators, targets, results -----------------------------------------------------------


@pytest.fixture
def on_target(tree_a):
    """A percentage indicator, higher is better: 85% in the latest quarter against a target of 80%."""
    fy = tree_a.quarter.financial_year
    return make_indicator(
        tree_a,
        "NI 50",
        unit="percentage",
        polarity="higher",
        title="Emotional health",
        is_laa=True,
        targets=[(fy, Decimal(80), Decimal(70))],
        results=[(tree_a.quarter, Decimal(85))],
    )


def test_the_indicator_list_shows_each_indicators_status(tree_a, officer, on_target):
    response = officer.get("/api/p/alpha/indicators/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    rows = {row["code"]: row for row in body["results"]}
    row = rows["NI 50"]
    assert row["title"] == "Emotional health" and row["unit"] == "percentage" and row["polarity"] == "higher"
    assert row["frequency"] == "quarterly" and row["accumulation"] == "snapshot" and row["is_ratio"] is False
    assert row["lead_theme"] == "well-being" and row["is_laa"] is True
    current = row["current"]
    assert current["status"] == "green" and current["status_meaning"] == "On target"
    assert current["period"] == {
        "label": tree_a.quarter.label,
        "kind": "quarter",
        "start": tree_a.quarter.start.isoformat(),
        "end": tree_a.quarter.end.isoformat(),
    }
    assert (
        Decimal(current["actual"]) == 85
        and Decimal(current["target"]) == 80
        and Decimal(current["annual_target"]) == 80
    )
    assert current["forecast"] in {"likely", "difficult", "unlikely", "unknown"}
    # no approved result yet: grey, and nothing to show for the latest period
    assert rows["NI 112"]["current"]["status"] == "grey"
    assert rows["NI 112"]["current"]["period"] is None and rows["NI 112"]["current"]["actual"] is None


def test_an_indicator_reads_the_same_on_its_own(officer, on_target):
    response = officer.get(f"/api/p/alpha/indicators/{on_target.pk}/")
    assert response.status_code == 200
    assert response.json()["code"] == "NI 50" and response.json()["current"]["status"] == "green"


def test_targets_come_with_monitoring_levels_and_periods(tree_a, officer, on_target):
    PeriodTarget.objects.create(indicator=on_target, period=Period.objects.for_span(tree_a.quarter), value=Decimal(78))
    body = officer.get(f"/api/p/alpha/indicators/{on_target.pk}/targets/").json()
    year = year_span(tree_a.quarter.financial_year)
    assert body["indicator"] == on_target.pk
    assert body["annual_targets"] == [
        {
            "period": {
                "label": year.label,
                "kind": "year",
                "start": year.start.isoformat(),
                "end": year.end.isoformat(),
            },
            "value": "80.0000",
            "monitoring_level": "70.0000",
        }
    ]
    assert [(t["period"]["label"], t["value"]) for t in body["period_targets"]] == [(tree_a.quarter.label, "78.0000")]
    assert AnnualTarget.objects.filter(indicator=on_target).count() == 1


def test_results_are_the_approved_figures_only(tree_a, officer, on_target):
    make_return(on_target, tree_a.quarter.previous(), value=Decimal(60))  # a draft: not a result
    body = officer.get(f"/api/p/alpha/indicators/{on_target.pk}/results/").json()
    assert body["count"] == 1
    result = body["results"][0]
    assert result["value"] == "85.0000" and result["period"]["label"] == tree_a.quarter.label
    assert (
        result["period"]["start"] == tree_a.quarter.start.isoformat()
        and result["period"]["end"] == tree_a.quarter.end.isoformat()
    )


def test_the_indicator_list_does_not_grow_queries_with_indicators(
    tree_a, officer, on_target, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert officer.get("/api/p/alpha/indicators/").status_code == 200
    fy = tree_a.quarter.financial_year
    for number in range(6):
        make_indicator(
            tree_a,
            f"L {number}",
            unit="count",
            accumulation="cumulative",
            targets=[(fy, 100, 90)],
            results=[(tree_a.quarter, 30), (tree_a.quarter.previous(), 20)],
        )
    with django_assert_max_num_queries(8):
        response = officer.get("/api/p/alpha/indicators/")
    assert response.json()["count"] == 8


# --- returns --------------------------------------------------------------------------------


def test_an_officer_saves_a_draft_and_updates_it(tree_a, officer):
    span = tree_a.quarter.previous()
    open_round(tree_a.partnership, span)
    response = officer.post(
        "/api/p/alpha/returns/", entry(tree_a.indicator, span, commentary="First go"), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft" and body["version"] == 1 and body["value"] == "42.0000"
    assert body["period"]["start"] == span.start.isoformat() and body["commentary"] == "First go"
    ret = IndicatorReturn.objects.get(pk=body["id"])
    assert ret.history.first().history_user == tree_a.members["officer"].user  # the audit trail knows who

    response = officer.post(
        "/api/p/alpha/returns/", entry(tree_a.indicator, span, value=43.5, version=1), format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2 and response.json()["id"] == ret.pk
    assert officer.get(f"/api/p/alpha/returns/{ret.pk}/").json()["value"] == "43.5000"


def test_a_submission_without_the_attestations_is_refused_with_the_forms_message(tree_a, officer):
    response = officer.post(
        "/api/p/alpha/returns/",
        entry(tree_a.indicator, tree_a.quarter, action="submit", version=1, attestations={"accurate": True}),
        format="json",
    )
    assert response.status_code == 400
    message = response.json()["errors"]["attestation"]
    assert message.startswith("Confirm the data meets all six data-quality standards") and "accurate" not in message
    tree_a.indicator_return.refresh_from_db()
    assert tree_a.indicator_return.state == "draft" and tree_a.indicator_return.version == 1


def test_a_complete_submission_is_submitted(tree_a, officer):
    response = officer.post(
        "/api/p/alpha/returns/",
        entry(tree_a.indicator, tree_a.quarter, action="submit", version=1, attestations=ALL_ATTESTED),
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "submitted" and body["submitted_by"] == "officer_a"
    assert body["attestations"] == ALL_ATTESTED


def test_a_value_that_is_not_a_number_is_refused(tree_a, officer):
    response = officer.post(
        "/api/p/alpha/returns/", entry(tree_a.indicator, tree_a.quarter, value="about 40", version=1), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"value": NUMBER_ERRORS["invalid"]}}


def test_a_percentage_over_100_is_refused(tree_a, officer):
    indicator = make_indicator(tree_a, "NI 50", unit="percentage", polarity="higher")
    response = officer.post("/api/p/alpha/returns/", entry(indicator, tree_a.quarter, value="120"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["value"] == "Enter a percentage between 0 and 100."
    assert not IndicatorReturn.objects.filter(indicator=indicator).exists()


def test_a_date_that_does_not_start_one_of_the_indicators_periods_is_refused(tree_a, officer):
    day = tree_a.quarter.start.replace(day=2)
    response = officer.post(
        "/api/p/alpha/returns/", entry(tree_a.indicator, tree_a.quarter, period_start=day.isoformat()), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["period_start"].startswith(f"{day.isoformat()} does not start a quarter")


def test_a_period_not_yet_ended_is_refused(tree_a, officer):
    future = tree_a.quarter.next()
    response = officer.post("/api/p/alpha/returns/", entry(tree_a.indicator, future), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["period_start"] == (
        f"Returns for {future.label} are not open: there is no round of returns for that period."
    )
    open_round(tree_a.partnership, future)  # even opened early, it cannot have a result yet
    response = officer.post("/api/p/alpha/returns/", entry(tree_a.indicator, future), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["period"].startswith("This period has not ended yet")


def test_a_member_without_a_role_may_not_enter_returns(tree_a):
    open_round(tree_a.partnership, tree_a.quarter.previous())
    plain = api_as(tree_a.members["plain"])
    response = plain.post("/api/p/alpha/returns/", entry(tree_a.indicator, tree_a.quarter.previous()), format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the theme's officers can enter its returns."}
    assert not IndicatorReturn.objects.filter(period__start=tree_a.quarter.previous().start).exists()


def test_saving_over_someone_elses_save_is_a_conflict(tree_a, officer):
    response = officer.post(
        "/api/p/alpha/returns/", entry(tree_a.indicator, tree_a.quarter, value="99", version=0), format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current"]["version"] == 1 and body["current"]["value"] == "50.0000"
    tree_a.indicator_return.refresh_from_db()
    assert tree_a.indicator_return.value == 50


def test_returns_can_be_filtered_by_period_and_indicator(tree_a, officer):
    earlier = make_return(tree_a.indicator, tree_a.quarter.previous(), value=40)
    by_period = officer.get(f"/api/p/alpha/returns/?period={tree_a.quarter.previous().start.isoformat()}").json()
    assert [r["id"] for r in by_period["results"]] == [earlier.pk]
    other = make_indicator(tree_a, "NI 50", unit="percentage", polarity="higher")
    assert officer.get(f"/api/p/alpha/returns/?indicator={other.pk}").json()["count"] == 0
    assert officer.get(f"/api/p/alpha/returns/?indicator={tree_a.indicator.pk}").json()["count"] == 2
    assert officer.get("/api/p/alpha/returns/?period=last-quarter").status_code == 400


def test_a_report_coordinator_approves_a_return_and_it_becomes_the_result(tree_a, coordinator):
    span = tree_a.quarter.previous()
    ret = make_return(tree_a.indicator, span, state="submitted", value=Decimal(40), commentary="Down again")
    response = coordinator.post(
        f"/api/p/alpha/returns/{ret.pk}/decide/", {"action": "approve", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "approved" and response.json()["decided_by"] == "rc"
    result = Result.objects.get(indicator=tree_a.indicator, period__start=span.start)
    assert result.value == 40 and result.commentary == "Down again"


def test_a_decision_keeps_the_workflow_rules(tree_a, officer, coordinator):
    ret = make_return(tree_a.indicator, tree_a.quarter.previous(), state="submitted", value=Decimal(40))
    url = f"/api/p/alpha/returns/{ret.pk}/decide/"
    refused = officer.post(url, {"action": "approve"}, format="json")
    assert refused.status_code == 403 and "Report Coordinator" in refused.json()["detail"]
    no_reason = coordinator.post(url, {"action": "return", "version": 1}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]["return_reason"]
    stale = coordinator.post(url, {"action": "approve", "version": 0}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["id"] == ret.pk
    assert coordinator.post(url, {"action": "publish"}, format="json").status_code == 400
    assert not Result.objects.filter(indicator=tree_a.indicator).exists()


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
    ):
        assert path in paths
    assert APIClient().get("/api/docs/").status_code == 200


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
