"""Returns through the API keep the web form's rules: drafts, submission with the attestations,
validation, who may enter and decide, conflicts and filters."""

from decimal import Decimal

import pytest

from indicators.models import IndicatorReturn, Result
from indicators.services.rounds import open_round
from indicators.values import NUMBER_ERRORS

from ..builders import make_indicator, make_return
from .helpers import ALL_ATTESTED, api_as, entry

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


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
    assert response.json() == {
        "detail": f"value: {NUMBER_ERRORS['invalid']}",
        "errors": {"value": NUMBER_ERRORS["invalid"]},
    }


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
