"""Spend returns go through the same workflow, validation, conflict handling and audit as indicator
returns: drafts, submission with a reason when off profile, approval, reopening, stale versions
and locked rounds."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import SpendReturn
from indicators.services.money import SpendInput, save_spend_return
from indicators.services.returns import ReturnInvalid, ReturnRefused
from indicators.workflow import ReturnAction, ReturnState
from partnership.concurrency import StaleEdit
from partnership.services.access import access_for

from ..builders import make_commission
from .money_helpers import decide_url, login, spend_form, spend_url, url

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


# --- spend returns: the workflow -----------------------------------------------------------------


def test_an_officer_saves_a_draft_then_submits_and_the_history_says_who_and_why(client, tree_a):
    officer = tree_a.members["officer"]
    login(client, officer)
    response = client.post(
        spend_url(tree_a), spend_form(1, actual_spend="£9,500", match_cash="1000", commentary="On track")
    )
    assert response.status_code == 302
    ret = SpendReturn.objects.get(pk=tree_a.spend_return.pk)
    assert (ret.state, ret.version, ret.actual_spend, ret.match_cash) == (
        ReturnState.DRAFT,
        2,
        Decimal("9500"),
        Decimal("1000"),
    )

    response = client.post(
        spend_url(tree_a), spend_form(2, "submit", actual_spend="9500", match_cash="1000", commentary="On track")
    )
    assert response.status_code == 302
    ret.refresh_from_db()
    assert (ret.state, ret.version, ret.submitted_by) == (ReturnState.SUBMITTED, 3, officer.user)

    history = list(ret.history.order_by("history_date", "history_id"))
    assert [h.history_change_reason for h in history[-2:]] == ["Draft saved", "Submitted for approval"]
    assert all(h.history_user == officer.user for h in history[-2:])
    page = client.get(spend_url(tree_a)).content.decode()
    assert "Changes to this return" in page and "Submitted for approval" in page
    assert "Actual spend: £9,000 → £9,500" in page


def test_submitting_spend_off_profile_needs_a_reason_and_an_action(client, tree_a):
    login(client, tree_a.members["officer"])
    # 12,000 against a 10,000 profile is 20% over: more than the threshold
    response = client.post(spend_url(tree_a), spend_form(1, "submit", actual_spend="12000"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "20.0% over profile: explain the reason for the variance" in form.errors["variance_reason"][0]
    assert "say what action is being taken" in form.errors["action_taken"][0]
    page = response.content.decode()
    assert (
        "There is a problem" in page
        and 'href="#id_variance_reason"' in page
        and 'id="id_variance_reason-error"' in page
    )
    assert "20.0% over profile" in page  # the variance of the figures typed
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).state == ReturnState.DRAFT

    response = client.post(
        spend_url(tree_a),
        spend_form(1, "submit", actual_spend="12000", variance_reason="Extra sessions", action_taken="Reprofiling Q3"),
    )
    assert response.status_code == 302
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).state == ReturnState.SUBMITTED


def test_spend_within_the_threshold_is_submitted_without_a_reason(client, tree_a):
    login(client, tree_a.members["officer"])
    response = client.post(spend_url(tree_a), spend_form(1, "submit", actual_spend="9000"))  # exactly 10% under
    assert response.status_code == 302
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).state == ReturnState.SUBMITTED


def test_a_submission_needs_the_actual_spend_but_a_draft_does_not(client, tree_a):
    login(client, tree_a.members["officer"])
    response = client.post(spend_url(tree_a), spend_form(1, "submit", match_cash="50"))
    assert response.context["form"].errors["actual_spend"] == [
        "Enter the actual spend for this quarter (enter 0 if nothing was spent)."
    ]
    assert client.post(spend_url(tree_a), spend_form(1, match_cash="50")).status_code == 302
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).actual_spend is None


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-100", "Enter an amount of £0 or more."),
        ("100.555", "no more than 2 decimal places"),
        ("a lot", "Enter an amount in pounds"),
    ],
)
def test_bad_money_is_explained_beside_the_field_and_nothing_is_saved(client, tree_a, typed, message):
    login(client, tree_a.members["officer"])
    response = client.post(spend_url(tree_a), spend_form(1, actual_spend="100", match_in_kind=typed))
    assert response.status_code == 200
    assert message in response.context["form"].errors["match_in_kind"][0]
    assert 'href="#id_match_in_kind"' in response.content.decode()
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).version == 1


def test_the_coordinator_approves_or_returns_with_a_reason(client, people):
    tree = people
    ret = tree.spend_return
    ret.state = ReturnState.SUBMITTED
    ret.save()
    login(client, tree.members["coordinator"])
    page = client.get(spend_url(tree)).content.decode()
    assert 'value="approve"' in page and 'value="return"' in page and 'name="actual_spend"' not in page

    client.post(decide_url(tree), {"action": "return", "reason": "", "version": ret.version})
    ret.refresh_from_db()
    assert ret.state == ReturnState.SUBMITTED  # a return needs a reason
    assert (
        client.post(
            decide_url(tree), {"action": "return", "reason": "Invoice missing", "version": ret.version}
        ).status_code
        == 302
    )
    ret.refresh_from_db()
    assert (ret.state, ret.return_reason, ret.decided_by) == (
        ReturnState.RETURNED,
        "Invoice missing",
        tree.members["coordinator"].user,
    )
    assert "Returned for revision: Invoice missing" in client.get(spend_url(tree)).content.decode()

    ret.state = ReturnState.SUBMITTED
    ret.save()
    client.post(decide_url(tree), {"action": "approve", "version": ret.version})
    ret.refresh_from_db()
    assert ret.state == ReturnState.APPROVED
    assert ret.history.first().history_change_reason == "Approved"


def test_the_performance_management_lead_reopens_a_locked_return_with_a_reason(client, people):
    tree = people
    ret = tree.spend_return
    ret.locked_at = timezone.now()
    ret.save()
    login(client, tree.members["officer"])
    response = client.post(spend_url(tree), spend_form(1, actual_spend="1"))
    assert "locked" in response.content.decode()  # refused, in words
    assert SpendReturn.objects.get(pk=ret.pk).actual_spend == 9000

    login(client, tree.members["pm_lead"])
    client.post(decide_url(tree), {"action": "reopen", "reason": "", "version": 1})
    assert SpendReturn.objects.get(pk=ret.pk).is_locked
    client.post(decide_url(tree), {"action": "reopen", "reason": "Late invoice found", "version": 1})
    ret.refresh_from_db()
    assert not ret.is_locked and ret.reopen_reason == "Late invoice found"
    assert ret.history.first().history_change_reason == "Reopened: Late invoice found"


def test_a_stale_version_is_a_conflict_showing_both_versions(client, tree_a):
    login(client, tree_a.members["officer"])
    # given: someone saved version 1 (9,000) after this person opened the blank return (version 0)
    response = client.post(spend_url(tree_a), spend_form(0, actual_spend="7777", commentary="My figure"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this return while you were editing it" in page
    assert "The version saved by someone else (version 1)" in page and "£9,000" in page  # theirs
    assert 'value="7777"' in page and "My figure" in page  # mine, still in the form
    assert response.context["form"].data["version"] == 1  # saving again replaces theirs
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).actual_spend == 9000


def test_the_service_refuses_conflicts_unended_quarters_and_people_who_are_not_officers(tree_a):
    officer = tree_a.members["officer"]
    access = access_for(officer)
    args = {"commission": tree_a.commission, "period": tree_a.period, "user": officer.user, "access": access}
    with pytest.raises(StaleEdit):
        save_spend_return(
            **args, data=SpendInput(actual_spend=Decimal("1")), action=ReturnAction.SAVE_DRAFT, expected_version=0
        )
    with pytest.raises(ReturnInvalid) as invalid:
        save_spend_return(
            **args,
            data=SpendInput(actual_spend=Decimal("1")),
            action=ReturnAction.SAVE_DRAFT,
            expected_version=1,
            today=tree_a.period.end,
        )
    assert "has not ended yet" in invalid.value.errors["period"]
    with pytest.raises(ReturnRefused):
        save_spend_return(
            **{**args, "access": access_for(tree_a.members["plain"])},
            data=SpendInput(),
            action=ReturnAction.SAVE_DRAFT,
            expected_version=1,
        )
    with pytest.raises(ReturnInvalid) as invalid:
        save_spend_return(
            **args, data=SpendInput(actual_spend=Decimal("-1")), action=ReturnAction.SAVE_DRAFT, expected_version=1
        )
    assert invalid.value.errors == {"actual_spend": "Enter an amount of £0 or more."}


def test_a_spend_return_cannot_be_started_or_submitted_once_its_round_is_locked(client, tree_a):
    # given: a commission with no spend return yet for the quarter, whose round has been locked
    from indicators.services.rounds import lock_round

    commission = make_commission(tree_a, "Untouched Commission", profile=[(tree_a.quarter, 5000)])
    lock_round(tree_a.round)
    officer = tree_a.members["officer"]
    # when / then: the service refuses a draft and a submission alike
    for action in (ReturnAction.SAVE_DRAFT, ReturnAction.SUBMIT):
        with pytest.raises(ReturnRefused, match="locked"):
            save_spend_return(
                commission=commission,
                period=tree_a.period,
                data=SpendInput(actual_spend=Decimal("100")),
                action=action,
                user=officer.user,
                access=access_for(officer),
                expected_version=0,
            )
    # and so does the form, keeping what was typed
    login(client, officer)
    path = reverse(
        "indicators:spend_return_edit",
        kwargs={
            "partnership_slug": "alpha",
            "commission_id": commission.pk,
            "period_id": tree_a.period.pk,
        },
    )
    for action in ("save_draft", "submit"):
        response = client.post(path, spend_form(0, action=action, actual_spend="100", commentary="Typed offline"))
        page = response.content.decode()
        assert response.status_code == 200 and "this return is locked" in page and "Typed offline" in page
    assert not SpendReturn.objects.filter(commission=commission).exists()


# --- progress beside the money (seed 003) --------------------------------------------------------


def test_progress_on_sustainability_partnership_and_community_is_saved_shown_and_kept_in_the_history(client, tree_a):
    login(client, tree_a.members["officer"])
    page = client.get(spend_url(tree_a)).content.decode()
    assert "Progress towards sustainability / mainstreaming" in page and 'name="community_engagement"' in page
    response = client.post(
        spend_url(tree_a),
        spend_form(
            1,
            actual_spend="9000",
            sustainability="Mainstreamed into the PCT's budget from April",
            partnership_working="Run with the fire service",
            community_engagement="Residents' panel chose the venues",
        ),
    )
    assert response.status_code == 302
    ret = SpendReturn.objects.get(pk=tree_a.spend_return.pk)
    assert (ret.sustainability, ret.partnership_working, ret.community_engagement) == (
        "Mainstreamed into the PCT's budget from April",
        "Run with the fire service",
        "Residents' panel chose the venues",
    )
    assert ret.history.first().sustainability == "Mainstreamed into the PCT's budget from April"
    # shown to someone who only reads it, and on the commission's page
    login(client, tree_a.members["plain"])
    page = client.get(spend_url(tree_a)).content.decode()
    assert "Run with the fire service" in page and 'name="sustainability"' not in page
    commission_page = client.get(url("detail", tree_a, commission_id=ret.commission_id)).content.decode()
    assert "Residents&#x27; panel chose the venues" in commission_page
