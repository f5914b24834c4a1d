"""The returns workflow and who may move it: officers enter, coordinators approve or return with a
reason, locked returns wait for the Performance Management Lead; optimistic locking and the audit
trail."""

from decimal import Decimal

import pytest

from indicators.models import IndicatorReturn, Result
from indicators.services.rounds import lock_round
from partnership.roles import Role

from ..builders import make_member, make_user
from .return_helpers import ALL_SIX, as_member, decide, post, submitted, url

pytestmark = pytest.mark.usefixtures("returns_a")


# --- who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("member", ["plain", "chair", "business", "outcome_lead", "admin"])
def test_only_the_themes_officers_enter_its_returns(client, tree_a, homes, member):
    response = post(as_member(client, tree_a, member), tree_a, homes, value="40", action="save_draft")
    assert response.status_code == 403
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_members_can_read_a_return_without_edit_controls(client, tree_a):
    html = as_member(client, tree_a, "plain").get(url(tree_a, tree_a.indicator)).content.decode()
    assert "Submit for approval" not in html and "Approve" not in html


def test_the_coordinator_approves_and_only_then_the_value_counts(client, tree_a, homes, coordinator):
    ret = submitted(tree_a, homes, client)
    assert not Result.objects.filter(indicator=homes).exists()  # submitted values do not count
    client.force_login(coordinator.user)
    decide(client, ret, "approve")
    ret.refresh_from_db()
    assert ret.state == "approved" and ret.decided_by == coordinator.user
    assert Result.objects.get(indicator=homes, period=ret.period).value == Decimal(120)


def test_an_officer_cannot_approve_their_own_return(client, tree_a, homes):
    ret = submitted(tree_a, homes, client)
    assert decide(client, ret, "approve").status_code == 403
    ret.refresh_from_db()
    assert ret.state == "submitted"


def test_returning_for_revision_needs_a_reason_which_the_source_sees(client, tree_a, homes, coordinator):
    ret = submitted(tree_a, homes, client)
    client.force_login(coordinator.user)
    decide(client, ret, "return", reason="")
    ret.refresh_from_db()
    assert ret.state == "submitted"
    decide(client, ret, "return", reason="Q2 figure looks like year to date")
    ret.refresh_from_db()
    assert ret.state == "returned" and ret.return_reason == "Q2 figure looks like year to date"
    as_member(client, tree_a, "officer")
    assert "Returned for revision: Q2 figure looks like year to date" in client.get(url(tree_a, homes)).content.decode()
    # the officer corrects it and submits again
    response = post(client, tree_a, homes, value="110", action="submit", version=str(ret.version), **ALL_SIX)
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.state == "submitted" and ret.value == Decimal(110)


def test_a_locked_return_cannot_be_edited_until_the_performance_management_lead_reopens_it(
    client, tree_a, homes, analyst, coordinator
):
    ret = submitted(tree_a, homes, client)
    # the collation deadline passes
    assert lock_round(tree_a.round) >= 1
    assert lock_round(tree_a.round) == 0  # idempotent
    ret.refresh_from_db()
    assert ret.is_locked
    response = post(
        as_member(client, tree_a, "officer"), tree_a, homes, value="130", action="save_draft", version=str(ret.version)
    )
    assert "locked" in response.content.decode()
    # a coordinator cannot reopen; the Performance Management Lead can, with a reason
    client.force_login(coordinator.user)
    assert decide(client, ret, "reopen", reason="late correction").status_code == 302
    ret.refresh_from_db()
    assert ret.is_locked
    client.force_login(analyst.user)
    decide(client, ret, "reopen", reason="Late correction from the PCT")
    ret.refresh_from_db()
    assert not ret.is_locked and ret.reopen_reason == "Late correction from the PCT"


def test_the_whole_round_shows_locked_after_the_deadline(client, tree_a):
    lock_round(tree_a.round)
    html = as_member(client, tree_a, "officer").get("/p/alpha/returns/").content.decode()
    assert "these returns are locked" in html and "Locked" in html


# --- two people at once ---------------------------------------------------------------------------


def test_a_stale_save_is_refused_and_both_versions_are_shown(client, tree_a):
    second_officer = make_member(
        tree_a.partnership, make_user("officer2"), [(Role.LEAD_INFORMATION_OFFICER, tree_a.theme)]
    )
    ret = tree_a.indicator_return  # version 1, value 50
    # given: the first officer saves on top of version 1
    as_member(client, tree_a, "officer")
    assert (
        post(
            client, tree_a, tree_a.indicator, value="52", commentary="first", version="1", action="save_draft"
        ).status_code
        == 302
    )
    # when: the second officer, who also opened version 1, saves
    client.force_login(second_officer.user)
    response = post(client, tree_a, tree_a.indicator, value="61", commentary="second", version="1", action="save_draft")
    # then: refused, explained, both versions visible, and nothing overwritten
    html = response.content.decode()
    assert "Someone else changed this return" in html
    assert "The version saved by someone else (version 2)" in html and "52.0 per 1,000" in html
    assert 'value="61"' in html and "second" in html
    ret.refresh_from_db()
    assert ret.value == Decimal(52)


# --- audit trail -------------------------------------------------------------------------------------


def test_every_change_is_kept_with_who_when_old_new_and_why(client, tree_a, homes, coordinator):
    ret = submitted(tree_a, homes, client)
    client.force_login(coordinator.user)
    decide(client, ret, "return", reason="Check the count")
    as_member(client, tree_a, "officer")
    post(client, tree_a, homes, value="118", action="save_draft", version=str(ret.version + 1))
    history = list(IndicatorReturn.history.filter(id=ret.pk).order_by("history_date"))
    assert [h.history_change_reason for h in history] == [
        "Submitted for approval",
        "Returned for revision: Check the count",
        "Draft saved",
    ]
    assert [h.history_user.username for h in history] == ["officer_a", "coordinator_a", "officer_a"]
    html = client.get(url(tree_a, homes)).content.decode()
    assert "Changes to this return" in html
    assert "Value: 120 → 118" in html and "State: Returned for revision → In progress" in html
    assert "Accurate: Yes → No" in html and "Decided by: – → Coordinator_A Tester" in html


def test_refusals_are_worded_for_people():
    from indicators.workflow import ReturnAction, decide
    from partnership.roles import Access, Grant

    officer = Access(frozenset({Grant(Role.LEAD_INFORMATION_OFFICER, 1)}))
    decision = decide(ReturnAction.SAVE_DRAFT, state="submitted", locked=False, access=officer, theme_id=1)
    assert decision.reason == "A return that is submitted cannot be saved as a draft."
