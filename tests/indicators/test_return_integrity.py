"""Figures that boards act on change only with the right people and a trace: nobody approves what
they submitted, nothing is filed for a period no round opened, a return sent back is attested
again, and two people starting the same return at once never cost either of them their typing."""

from decimal import Decimal

import pytest

from indicators.models import IndicatorReturn, Period, Result
from indicators.periods import PeriodKind, Span
from indicators.return_rules import ATTESTATION_FIELDS
from indicators.services import returns as return_service
from indicators.services.returns import ReturnInput, ReturnRefused, decide_return, save_return
from indicators.services.rounds import open_round
from indicators.workflow import ReturnAction
from partnership.concurrency import StaleEdit
from partnership.roles import Role
from partnership.services.access import access_for

from ..builders import make_indicator, make_member, make_user

pytestmark = pytest.mark.usefixtures("returns_a")

ATTESTED = {name: True for name in ATTESTATION_FIELDS}


@pytest.fixture
def checker(tree_a):
    """A member who both enters the theme's returns and approves them (a small theme's officer)."""
    return make_member(
        tree_a.partnership,
        make_user("both_a"),
        [(Role.LEAD_INFORMATION_OFFICER, tree_a.theme), (Role.REPORT_COORDINATOR, tree_a.theme)],
    )


@pytest.fixture
def coordinator(tree_a):
    return make_member(tree_a.partnership, make_user("coordinator_a"), [(Role.REPORT_COORDINATOR, tree_a.theme)])


def submit(tree, member, value=45, version=1):
    return save_return(
        indicator=tree.indicator,
        period=tree.period,
        data=ReturnInput(value=Decimal(value), attestations=ATTESTED),
        action=ReturnAction.SUBMIT,
        user=member.user,
        access=access_for(member),
        expected_version=version,
    )


def test_the_person_who_submitted_a_return_cannot_approve_it(tree_a, checker, coordinator):
    # given: the return submitted by someone who may also approve returns
    ret = submit(tree_a, checker)
    # when / then: they cannot approve it, on the service every route uses
    with pytest.raises(ReturnRefused, match="You submitted this return, so someone else must approve it"):
        decide_return(ret, action=ReturnAction.APPROVE, user=checker.user, access=access_for(checker))
    assert not Result.objects.filter(indicator=tree_a.indicator, period=tree_a.period).exists()
    # but another coordinator can
    decide_return(ret, action=ReturnAction.APPROVE, user=coordinator.user, access=access_for(coordinator))
    assert Result.objects.get(indicator=tree_a.indicator, period=tree_a.period).value == 45


def test_the_page_and_the_api_refuse_the_submitter_too(client, tree_a, checker):
    from rest_framework.authtoken.models import Token

    ret = submit(tree_a, checker)
    client.force_login(checker.user)
    page = client.get(f"/p/alpha/returns/{tree_a.indicator.pk}/{tree_a.period.pk}/").content.decode()
    assert 'value="approve"' not in page  # the button is not offered
    client.post(f"/p/alpha/returns/r/{ret.pk}/decide/", {"action": "approve", "version": ret.version})
    token = Token.objects.create(user=checker.user)
    response = client.post(
        f"/api/p/alpha/returns/{ret.pk}/decide/",
        {"action": "approve"},
        HTTP_AUTHORIZATION=f"Token {token.key}",
        content_type="application/json",
    )
    assert response.status_code == 403 and "someone else must approve it" in response.json()["detail"]
    assert IndicatorReturn.objects.get(pk=ret.pk).state == "submitted"


def test_a_partnership_may_let_one_person_submit_and_approve(tree_a, checker):
    tree_a.partnership.separate_approval = False
    tree_a.partnership.save()
    ret = submit(tree_a, checker)
    decide_return(ret, action=ReturnAction.APPROVE, user=checker.user, access=access_for(checker))
    assert IndicatorReturn.objects.get(pk=ret.pk).state == "approved"


def test_a_return_sent_back_for_revision_must_be_attested_again(tree_a, coordinator):
    officer = tree_a.members["officer"]
    ret = submit(tree_a, officer)
    assert all(getattr(ret, name) for name in ATTESTATION_FIELDS)
    returned = decide_return(
        ret, action=ReturnAction.RETURN, user=coordinator.user, access=access_for(coordinator), reason="Check the count"
    )
    assert not any(getattr(returned, name) for name in ATTESTATION_FIELDS)
    assert returned.history.first().history_change_reason == "Returned for revision: Check the count"


@pytest.mark.parametrize("start", ["2008-04-01", "1900-04-01", "0001-04-01", "9999-10-01"])
def test_no_return_for_a_period_no_round_opened(tree_a, start):
    # given: a quarter long closed, or far away, that no round ever opened
    import datetime as dt

    officer = tree_a.members["officer"]
    span = Span(PeriodKind.QUARTER, dt.date.fromisoformat(start))
    period = Period.objects.for_span(span)
    # then: nothing can be filed for it, on the service every route uses
    with pytest.raises(ReturnRefused, match="not open"):
        save_return(
            indicator=tree_a.indicator,
            period=period,
            data=ReturnInput(value=Decimal(40)),
            action=ReturnAction.SAVE_DRAFT,
            user=officer.user,
            access=access_for(officer),
            expected_version=0,
        )
    assert not IndicatorReturn.objects.filter(period=period).exists()


def test_two_people_starting_the_same_return_at_once_get_a_conflict_not_a_crash(client, tree_a, monkeypatch):
    # given: a return nobody has started, in an open round
    indicator = make_indicator(tree_a, "L 77", title="Homes made decent")
    officer = tree_a.members["officer"]
    # a colleague's save lands between this person's read (nothing saved yet) and their insert
    IndicatorReturn.objects.create(indicator=indicator, period=tree_a.period, value=12, version=1)
    monkeypatch.setattr(return_service, "saved_return", lambda model, lookup: None)
    # when: this person saves what they typed
    client.force_login(officer.user)
    response = client.post(
        f"/p/alpha/returns/{indicator.pk}/{tree_a.period.pk}/",
        {"action": "save_draft", "version": 0, "value": "15", "commentary": "Counted by hand"},
    )
    # then: the normal conflict message, with their figures kept, and the colleague's saved
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this return while you were editing it" in page
    assert 'value="15"' in page and "Counted by hand" in page
    assert IndicatorReturn.objects.get(indicator=indicator, period=tree_a.period).value == 12


def test_the_service_raises_the_one_stale_edit_exception_for_the_race(tree_a, monkeypatch):
    indicator = make_indicator(tree_a, "L 78")
    officer = tree_a.members["officer"]
    IndicatorReturn.objects.create(indicator=indicator, period=tree_a.period, value=1, version=1)
    monkeypatch.setattr(return_service, "saved_return", lambda model, lookup: None)
    with pytest.raises(StaleEdit) as stale:
        save_return(
            indicator=indicator,
            period=tree_a.period,
            data=ReturnInput(value=Decimal(2)),
            action=ReturnAction.SAVE_DRAFT,
            user=officer.user,
            access=access_for(officer),
            expected_version=0,
        )
    assert stale.value.current.value == 1


def test_opening_a_round_makes_every_period_its_returns_may_be_for(tree_a):
    # the March quarter's round collects quarterly, six-monthly and annual returns
    march = Span(PeriodKind.QUARTER, tree_a.quarter.start.replace(month=1, day=1))
    round_ = open_round(tree_a.partnership, march)
    kinds = set(Period.objects.filter(end=round_.period.end).values_list("kind", flat=True))
    assert kinds == {"month", "quarter", "half", "year"}


def test_a_period_of_another_kind_in_a_return_address_is_not_found(client, tree_a):
    # given: the month ending with the quarter (a quarterly indicator has no monthly returns)
    month = Period.objects.get(kind=PeriodKind.MONTH, end=tree_a.period.end)
    client.force_login(tree_a.members["officer"].user)
    url = f"/p/alpha/returns/{tree_a.indicator.pk}/{month.pk}/"
    # then: the page does not exist, and posting to it saves nothing that could break it later
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "save_draft", "version": 0, "value": "40"}).status_code == 404
    assert client.post(f"{url}preview/", {"value": "40"}).status_code == 404
    assert not IndicatorReturn.objects.filter(period=month).exists()
