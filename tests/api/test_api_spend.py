"""Spend returns through the API keep the spend return page's rules: drafts and submission with a
reason off profile, amounts of £0 or more in the form's words, nothing saved unless all of it is
accepted, no changes once submitted, approved or locked, conflicts, decisions by the theme's
Report Coordinator, filters, and another partnership's spend returns are not found."""

from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import SpendReturn
from indicators.services.rounds import open_round
from partnership.roles import Role

from ..builders import make_commission, make_member, make_spend, make_user
from .helpers import api_as

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")

URL = "/api/p/alpha/spend-returns/"
PROGRESS = {
    "sustainability": "The PCT funds it from April",
    "partnership_working": "Run with the fire service",
    "community_engagement": "Residents chose the venues",
}


def spend(tree, span=None, **changes):
    body = {
        "commission": tree.commission.pk,
        "period_start": (span or tree.quarter).start.isoformat(),
        "actual_spend": "9500.00",
        "action": "save_draft",
        "version": 1,
    }
    return {**body, **changes}


def saved(tree):
    return SpendReturn.objects.get(pk=tree.spend_return.pk)


def assert_unchanged(tree):
    ret = saved(tree)
    assert (ret.actual_spend, ret.match_cash, ret.version, ret.state) == (Decimal("9000"), None, 1, "draft")


# --- entering spend ----------------------------------------------------------------------------


def test_an_officer_starts_a_spend_return_then_updates_it_with_its_progress(tree_a, officer):
    span = tree_a.quarter.previous()
    open_round(tree_a.partnership, span)
    response = officer.post(
        URL, spend(tree_a, span, actual_spend="£1,250.50", match_cash=300, version=0, **PROGRESS), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["version"], body["actual_spend"], body["match_cash"]) == (
        "draft",
        1,
        "1250.50",
        "300.00",
    )
    assert (body["commission_name"], body["theme"], body["funding"]) == (
        "Healthy Living Commission",
        "well-being",
        "abg",
    )
    assert body["funding_shares"] == {"abg": None, "mainstream": None, "other_grant": None}  # not split
    assert {name: body[name] for name in PROGRESS} == PROGRESS
    assert body["period"]["start"] == span.start.isoformat()
    ret = SpendReturn.objects.get(pk=body["id"])
    assert ret.history.first().history_user == tree_a.members["officer"].user  # the audit trail knows who

    response = officer.post(URL, spend(tree_a, span, actual_spend="1300", version=1), format="json")
    assert response.status_code == 200 and response.json()["id"] == ret.pk
    assert officer.get(f"{URL}{ret.pk}/").json()["version"] == 2
    assert [h.history_change_reason for h in ret.history.all()] == ["Draft saved", "Draft saved"]


def test_negative_money_is_refused_in_the_forms_words_and_nothing_is_saved(tree_a, officer):
    response = officer.post(URL, spend(tree_a, match_in_kind="-5"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"match_in_kind": "Enter an amount of £0 or more."}
    for typed, message in (("12.345", "no more than 2 decimal places"), ("lots", "Enter an amount in pounds")):
        response = officer.post(URL, spend(tree_a, match_cash=typed), format="json")
        assert message in response.json()["errors"]["match_cash"]
    assert_unchanged(tree_a)


def test_a_write_is_all_or_nothing(tree_a, officer):
    # one good figure, one bad one, and words: none of it is saved
    body = spend(tree_a, actual_spend="9999", match_cash="-1", match_leverage=True, **PROGRESS)
    response = officer.post(URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"match_cash", "match_leverage"}
    assert_unchanged(tree_a)
    assert saved(tree_a).sustainability == ""
    # a submission off profile without its reasons: nothing saved either
    response = officer.post(URL, spend(tree_a, actual_spend="15000", action="submit", **PROGRESS), format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"variance_reason", "action_taken"}
    assert "50.0% over profile" in response.json()["errors"]["variance_reason"]
    assert_unchanged(tree_a)


def test_a_complete_submission_is_submitted_and_then_cannot_be_changed(tree_a, officer):
    response = officer.post(URL, spend(tree_a, action="submit"), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "submitted" and response.json()["submitted_by"] == "officer_a"
    response = officer.post(URL, spend(tree_a, actual_spend="1", version=2), format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "A return that is submitted cannot be saved as a draft."}
    assert saved(tree_a).actual_spend == Decimal("9500")


def test_an_approved_or_locked_spend_return_cannot_be_changed(tree_a, officer):
    SpendReturn.objects.filter(pk=tree_a.spend_return.pk).update(state="approved")
    response = officer.post(URL, spend(tree_a), format="json")
    assert response.status_code == 403 and "approved cannot be saved" in response.json()["detail"]
    SpendReturn.objects.filter(pk=tree_a.spend_return.pk).update(state="draft", locked_at=timezone.now())
    response = officer.post(URL, spend(tree_a), format="json")
    assert response.status_code == 403 and "locked" in response.json()["detail"]
    assert saved(tree_a).actual_spend == Decimal("9000")


def test_saving_over_someone_elses_save_is_a_conflict_with_the_spend_return_as_saved(tree_a, officer):
    response = officer.post(URL, spend(tree_a, version=0), format="json")
    assert response.status_code == 409
    current = response.json()["current"]
    assert (current["id"], current["version"], current["actual_spend"]) == (tree_a.spend_return.pk, 1, "9000.00")
    assert_unchanged(tree_a)


def test_a_quarter_without_a_round_or_a_date_that_starts_no_quarter_is_refused(tree_a, officer):
    response = officer.post(URL, spend(tree_a, tree_a.quarter.next(), version=0), format="json")
    assert response.status_code == 400
    assert "are not open: there is no round" in response.json()["errors"]["period_start"]
    day = tree_a.quarter.start.replace(day=2).isoformat()
    response = officer.post(URL, spend(tree_a, period_start=day), format="json")
    assert response.json()["errors"]["period_start"] == f"{day} does not start a quarter of the financial year."


def test_a_member_without_a_role_may_not_enter_spend(tree_a):
    plain = api_as(tree_a.members["plain"])
    response = plain.post(URL, spend(tree_a), format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the theme's officers can enter its returns."}
    assert_unchanged(tree_a)


# --- deciding -------------------------------------------------------------------------------------


def test_the_report_coordinator_approves_or_returns_with_a_reason_and_the_officer_cannot(tree_a, officer, coordinator):
    SpendReturn.objects.filter(pk=tree_a.spend_return.pk).update(state="submitted")
    url = f"{URL}{tree_a.spend_return.pk}/decide/"
    refused = officer.post(url, {"action": "approve"}, format="json")
    assert refused.status_code == 403 and "Report Coordinator" in refused.json()["detail"]
    no_reason = coordinator.post(url, {"action": "return", "version": 1}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]["return_reason"]
    stale = coordinator.post(url, {"action": "approve", "version": 0}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["commission"] == tree_a.commission.pk

    returned = coordinator.post(url, {"action": "return", "reason": "Invoice missing", "version": 1}, format="json")
    assert returned.status_code == 200
    assert (returned.json()["state"], returned.json()["return_reason"]) == ("returned", "Invoice missing")
    SpendReturn.objects.filter(pk=tree_a.spend_return.pk).update(state="submitted")
    approved = coordinator.post(url, {"action": "approve"}, format="json")
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved" and approved.json()["decided_by"] == "rc"
    assert saved(tree_a).history.first().history_change_reason == "Approved"


def test_whoever_submitted_it_may_not_approve_it(tree_a):
    both = make_member(
        tree_a.partnership,
        make_user("both"),
        [(Role.LEAD_INFORMATION_OFFICER, tree_a.theme), (Role.REPORT_COORDINATOR, tree_a.theme)],
    )
    client = api_as(both)
    assert client.post(URL, spend(tree_a, action="submit"), format="json").status_code == 200
    response = client.post(f"{URL}{tree_a.spend_return.pk}/decide/", {"action": "approve"}, format="json")
    assert response.status_code == 403 and "someone else must approve it" in response.json()["detail"]


# --- reading, and tenancy --------------------------------------------------------------------------


def test_spend_returns_are_listed_page_by_page_and_filtered(tree_a, officer, django_assert_max_num_queries):
    other = make_commission(tree_a, "Youth Commission")
    earlier = make_spend(other, tree_a.quarter.previous(), 500)
    make_spend(other, tree_a.quarter, 700, state="submitted")
    with django_assert_max_num_queries(6):
        body = officer.get(URL).json()
    assert body["count"] == 3 and {r["commission_name"] for r in body["results"]} == {
        "Healthy Living Commission",
        "Youth Commission",
    }
    assert officer.get(f"{URL}?limit=1").json()["next"]
    by_period = officer.get(f"{URL}?period={tree_a.quarter.previous().start.isoformat()}").json()
    assert [r["id"] for r in by_period["results"]] == [earlier.pk]
    assert officer.get(f"{URL}?commission={other.pk}").json()["count"] == 2
    assert [r["actual_spend"] for r in officer.get(f"{URL}?state=submitted").json()["results"]] == ["700.00"]
    SpendReturn.objects.filter(pk=earlier.pk).update(locked_at=timezone.now())
    assert [r["id"] for r in officer.get(f"{URL}?state=locked").json()["results"]] == [earlier.pk]
    assert officer.get(f"{URL}?state=approved").json()["count"] == 0  # locked shows as locked
    assert officer.get(f"{URL}?state=finished").status_code == 400
    assert officer.get(f"{URL}?period=soon").status_code == 400


def test_another_partnerships_spend_returns_and_commissions_are_not_found(tree_a, tree_b, officer, coordinator):
    theirs = tree_b.spend_return
    assert officer.get(f"{URL}{theirs.pk}/").status_code == 404
    SpendReturn.objects.filter(pk=theirs.pk).update(state="submitted")
    assert coordinator.post(f"{URL}{theirs.pk}/decide/", {"action": "approve"}, format="json").status_code == 404
    response = officer.post(URL, spend(tree_a, commission=tree_b.commission.pk), format="json")
    assert response.status_code == 404
    assert officer.get("/api/p/beta/spend-returns/").status_code == 404
    assert tree_b.spend_return.pk not in [r["id"] for r in officer.get(URL).json()["results"]]
    theirs.refresh_from_db()
    assert (theirs.state, theirs.version, theirs.actual_spend) == ("submitted", 1, Decimal("9000"))


def test_every_null_of_a_fresh_spend_return_is_nullable_in_the_schema(tree_a, officer):
    from .test_api_contract import nulls

    schema = officer.get("/api/schema/", {"format": "json"}).json()
    fresh = make_commission(tree_a, "Fresh Commission")
    ret = SpendReturn.objects.create(commission=fresh, period=tree_a.period)
    found = nulls(schema, "SpendReturn", officer.get(f"{URL}{ret.pk}/").json())
    conflict = officer.post(URL, spend(tree_a, commission=fresh.pk, version=3), format="json").json()
    found += nulls(schema, "SpendReturn", conflict["current"], "current.")
    names = {name for name, _ in found}
    assert {"actual_spend", "match_cash", "submitted_by", "decided_by", "current.locked_at"} <= names
    assert [name for name, nullable in found if not nullable] == []
