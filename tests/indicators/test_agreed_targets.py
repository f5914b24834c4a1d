"""Agreed targets (issue 16, seed 003): targets are proposed by the Outcome Lead and agreed by the
executive board; only agreed targets count for status; the history says who proposed and who agreed."""

from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import Agreement, AnnualTarget, Period, Result
from indicators.periods import PeriodKind, latest_ended
from indicators.services.results import summarise
from indicators.services.targets import targets_fingerprint
from indicators.status import Status
from partnership.roles import Role
from tests.indicators.test_targets import post_data
from tests.indicators.test_targets import url as targets_url

from ..builders import make_indicator, make_member, make_user
from ..conftest import client_for


def quarter():
    return latest_ended(PeriodKind.QUARTER, timezone.localdate())


def status_of(indicator):
    return summarise([indicator], Decimal(5), timezone.localdate())[indicator.pk].status


def agree_url(indicator):
    return f"/p/alpha/indicators/{indicator.pk}/targets/agree/"


def agree(client, indicator, fy=None):
    fy = fy or quarter().financial_year
    return client.post(agree_url(indicator), {"fy": fy, "fingerprint": targets_fingerprint(indicator)})


@pytest.fixture
def executive(tree_a):
    """A member of A's executive board (PSG)."""
    board = tree_a.partnership.boards.get(kind="executive_board")
    return make_member(tree_a.partnership, make_user("psg_a"), [(Role.BOARD_MEMBER, board)])


def propose(client, tree, indicator, target, level):
    """The Outcome Lead sets this year's target and monitoring level in the browser."""
    fy = quarter().financial_year
    client_for(client, tree.members["outcome_lead"])
    values = {f"target_{fy}": target, f"monitoring_{fy}": level}
    response = client.post(targets_url(indicator), post_data(indicator, tree, **values))
    assert response.status_code == 302
    return AnnualTarget.objects.get(indicator=indicator, period__start__year=fy)


@pytest.mark.parametrize(
    ("actual", "expected"), [(48, Status.GREEN), (52, Status.AMBER), (58, Status.RED)]
)  # lower is better: target 50, monitoring level 55
def test_an_unagreed_target_does_not_colour_a_status(tree_a, actual, expected):
    # given: the same figures, agreed
    fy = quarter().financial_year
    indicator = make_indicator(tree_a, "NI 1", targets=[(fy, 50, 55)], results=[(quarter(), actual)])
    assert status_of(indicator) == expected
    # when: the year's targets are proposed, not yet agreed
    AnnualTarget.objects.filter(indicator=indicator).update(agreement=Agreement.PROPOSED)
    # then: no target, so no status
    assert status_of(indicator) == Status.GREY


def test_the_outcome_lead_proposes_and_the_executive_board_agrees(client, tree_a, executive):
    # given: a result of 58 against nothing yet
    indicator = tree_a.indicator
    Result.objects.create(indicator=indicator, period=Period.objects.for_span(quarter()), value=58)
    # when: the Outcome Lead proposes 50 with a monitoring level of 55
    target = propose(client, tree_a, indicator, 50, 55)
    # then: proposed by them, and it does not count yet
    assert target.agreement == Agreement.PROPOSED
    assert target.proposed_by == tree_a.members["outcome_lead"].user
    assert status_of(indicator) == Status.GREY
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Proposed, not yet agreed" in page and "proposed by Lead_A Tester" in page
    # when: a member of the executive board agrees it
    client_for(client, executive)
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Agree targets for" in page
    assert agree(client, indicator).status_code == 302
    # then: agreed by them, and it counts
    target.refresh_from_db()
    assert (target.agreement, target.agreed_by) == (Agreement.AGREED, executive.user)
    assert status_of(indicator) == Status.RED


def test_a_proposer_cannot_agree_their_own_targets_even_as_an_administrator(client, tree_a):
    admin = tree_a.members["admin"]
    fy = quarter().financial_year
    client_for(client, admin)
    client.post(targets_url(tree_a.indicator), post_data(tree_a.indicator, tree_a, **{f"target_{fy}": 50}))
    response = agree(client, tree_a.indicator)
    assert response.status_code == 302
    target = AnnualTarget.objects.get(indicator=tree_a.indicator)
    assert target.agreement == Agreement.PROPOSED
    last = [str(m) for m in response.wsgi_request._messages][-1]
    assert last == "You proposed these targets, so someone else on the executive board must agree them."
    assert "Agree targets for" not in client.get(tree_a.indicator.get_absolute_url()).content.decode()


def test_an_administrator_may_agree_what_someone_else_proposed(client, tree_a):
    propose(client, tree_a, tree_a.indicator, 50, 55)
    client_for(client, tree_a.members["admin"])
    agree(client, tree_a.indicator)
    assert AnnualTarget.objects.get(indicator=tree_a.indicator).agreed_by == tree_a.members["admin"].user


@pytest.mark.parametrize("member", ["chair", "business", "outcome_lead", "plain", "officer"])
def test_a_member_without_the_executive_board_role_gets_403(client, tree_a, member):
    propose(client, tree_a, tree_a.indicator, 50, 55)
    client_for(client, tree_a.members[member])  # the theme board's chair is not on the executive board
    assert agree(client, tree_a.indicator).status_code == 403
    assert client.get("/p/alpha/indicators/targets/awaiting/").status_code == 403
    assert AnnualTarget.objects.get(indicator=tree_a.indicator).agreement == Agreement.PROPOSED


def test_another_partnerships_member_gets_404(client, tree_a, tree_b):
    propose(client, tree_a, tree_a.indicator, 50, 55)
    client_for(client, tree_b.members["admin"])
    assert agree(client, tree_a.indicator).status_code == 404
    # and A's executive board cannot reach B's indicator through A's address
    assert client.post(f"/p/beta/indicators/{tree_a.indicator.pk}/targets/agree/", {"fy": 2026}).status_code == 404


def test_agreeing_only_posts_and_a_bad_year_is_explained(client, tree_a, executive):
    client_for(client, executive)
    assert client.get(agree_url(tree_a.indicator)).status_code == 405
    response = client.post(agree_url(tree_a.indicator), {"fy": "next year"}, follow=True)
    assert "Choose a year&#x27;s targets to agree." in response.content.decode()
    response = agree(client, tree_a.indicator, fy=1999)
    assert [str(m) for m in response.wsgi_request._messages][-1] == "There are no targets for that year to agree."


def test_agreeing_what_changed_since_the_page_was_opened_is_refused(client, tree_a, executive):
    propose(client, tree_a, tree_a.indicator, 50, 55)
    seen = targets_fingerprint(tree_a.indicator)
    propose(client, tree_a, tree_a.indicator, 45, 55)  # changed while the board member read the page
    client_for(client, executive)
    client.post(agree_url(tree_a.indicator), {"fy": quarter().financial_year, "fingerprint": seen})
    assert AnnualTarget.objects.get(indicator=tree_a.indicator).agreement == Agreement.PROPOSED


def test_changing_an_agreed_target_makes_it_proposed_again(client, tree_a, executive):
    # given: agreed targets the status counts
    fy = quarter().financial_year
    indicator = make_indicator(tree_a, "NI 1", targets=[(fy, 50, 55)], results=[(quarter(), 58)])
    indicator.outcome_lead = tree_a.members["outcome_lead"]
    indicator.save()
    assert status_of(indicator) == Status.RED
    # when: the Outcome Lead changes the monitoring level only
    target = propose(client, tree_a, indicator, 50, 60)
    # then: the year is proposed again and does not count until agreed
    assert (target.agreement, target.agreed_by) == (Agreement.PROPOSED, None)
    assert status_of(indicator) == Status.GREY
    client_for(client, executive)
    agree(client, indicator)
    assert status_of(indicator) == Status.AMBER


def test_saving_an_unchanged_year_leaves_it_agreed(client, tree_a):
    fy = quarter().financial_year
    indicator = make_indicator(tree_a, "NI 1", targets=[(fy, 50, 55)], outcome_lead=tree_a.members["outcome_lead"])
    assert propose(client, tree_a, indicator, 50, 55).agreement == Agreement.AGREED


def test_the_history_shows_who_proposed_and_who_agreed(client, tree_a, executive):
    propose(client, tree_a, tree_a.indicator, 50, 55)
    client_for(client, executive)
    agree(client, tree_a.indicator)
    page = client.get(tree_a.indicator.get_absolute_url())
    entries = page.context["target_changes"]
    agreed, proposed = entries[0], entries[-1]
    assert (agreed.who, agreed.why) == ("Psg_A Tester", "Agreed")
    assert ("Agreed by", "–", "Psg_A Tester") in agreed.changes
    assert ("Agreement", "Proposed, not yet agreed", "Agreed") in agreed.changes
    assert proposed.who == "Lead_A Tester"
    assert ("Proposed by", "–", "Lead_A Tester") in proposed.changes


def test_the_targets_awaiting_agreement_list(client, tree_a, executive, django_assert_max_num_queries):
    # given: three indicators' proposed targets, and one agreed
    fy = quarter().financial_year
    for number in range(3):
        indicator = make_indicator(tree_a, f"L{number}", outcome_lead=tree_a.members["outcome_lead"])
        propose(client, tree_a, indicator, 50 + number, 60)
    make_indicator(tree_a, "NI 9", title="Agreed already", targets=[(fy, 40, 45)])
    client_for(client, executive)
    # when
    with django_assert_max_num_queries(10):
        response = client.get("/p/alpha/indicators/targets/awaiting/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert [row.record.indicator.code for row in response.context["table"].rows] == ["L0", "L1", "L2"]
    assert "Lead_A Tester" in html and "Agreed already" not in html
    filtered = client.get("/p/alpha/indicators/targets/awaiting/?q=L1")
    assert [row.record.indicator.code for row in filtered.context["table"].rows] == ["L1"]
    assert "Targets awaiting agreement" in client.get("/p/alpha/").content.decode()


def test_the_api_shows_whether_targets_are_agreed(client, tree_a):
    propose(client, tree_a, tree_a.indicator, 50, 55)
    response = client.get(f"/api/p/alpha/indicators/{tree_a.indicator.pk}/targets/")
    (annual,) = response.json()["annual_targets"]
    assert annual["agreement"] == "proposed"
    assert annual["proposed_by"] == "lead_a" and annual["agreed_by"] is None
