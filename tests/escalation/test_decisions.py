"""The executive board's decisions: open by hand, nominate, refer up the route, record a report,
close; each logged with who and when."""

import datetime as dt

import pytest

from escalation.models import Escalation, EventKind, Origin, RouteStep
from escalation.services import decisions
from escalation.services.decisions import EscalationError, open_by_hand, set_route
from escalation.services.escalations import executive_board
from escalation.services.ladder import evaluate
from partnership.roles import Role

from ..builders import make_member, make_user
from .conftest import Q1, Q2, approve, reviewed_on

pytestmark = pytest.mark.usefixtures("escalations_a")

SEFTON = [
    "Performance & Intelligence Group",
    "Performance Board",
    "Cabinet Member & Service Director",
    "Cabinet Member for Performance & Governance",
    "Overview & Scrutiny",
]


def test_the_executive_board_opens_an_escalation_at_any_stage_with_evidence(tree_a, rate):
    admin = tree_a.members["admin"].user
    escalation = open_by_hand(
        tree_a.partnership,
        rate,
        stage=2,
        evidence="Audit found the plan is not being delivered.",
        user=admin,
        today=dt.date(2024, 9, 1),
    )
    assert (escalation.stage, escalation.origin) == (2, Origin.EXECUTIVE_BOARD)
    assert escalation.owner_board == tree_a.theme_board and escalation.report_to == executive_board(tree_a.partnership)
    assert escalation.report_due == dt.date(2024, 12, 1)
    [event] = escalation.events.all()
    assert (event.kind, event.to_stage, event.by, event.note) == (
        EventKind.OPENED,
        2,
        admin,
        "Audit found the plan is not being delivered.",
    )
    assert event.at.date() == dt.date(2024, 9, 1)


def test_a_manual_escalation_rises_with_misses_but_closes_only_by_decision(tree_a, rate):
    escalation = open_by_hand(tree_a.partnership, rate, stage=1, evidence="Evidence.", user=None, today=reviewed_on(Q1))
    approve(rate, Q1, 50)  # on target: the numbers alone do not close what the board opened
    evaluate(tree_a.partnership, Q1, today=reviewed_on(Q1))
    escalation.refresh_from_db()
    assert escalation.is_open and escalation.stage == 1
    approve(rate, Q2, 60)
    evaluate(tree_a.partnership, Q2, today=reviewed_on(Q2))
    escalation.refresh_from_db()
    assert escalation.stage == 2
    decisions.close(escalation, user=tree_a.members["admin"].user, decision="Recovered; plan delivered.")
    escalation.refresh_from_db()
    assert not escalation.is_open and escalation.decision == "Recovered; plan delivered."
    assert escalation.events.last().kind == EventKind.CLOSED


def test_an_indicator_has_one_open_escalation_at_a_time(tree_a):
    with pytest.raises(EscalationError, match="already has an open escalation"):
        open_by_hand(tree_a.partnership, tree_a.indicator, stage=1, evidence="Again.", user=None)


def test_a_stage_beyond_the_ladder_and_missing_evidence_are_refused(tree_a, rate):
    with pytest.raises(EscalationError, match="from 1 to 3"):
        open_by_hand(tree_a.partnership, rate, stage=4, evidence="x", user=None)
    with pytest.raises(EscalationError, match="evidence"):
        open_by_hand(tree_a.partnership, rate, stage=1, evidence="  ", user=None)


def test_another_partnerships_indicator_is_refused(tree_a, tree_b):
    with pytest.raises(EscalationError):
        open_by_hand(tree_a.partnership, tree_b.indicator, stage=1, evidence="x", user=None)


def test_referral_goes_up_the_route_one_body_at_a_time_to_scrutiny(tree_a):
    set_route(tree_a.partnership, SEFTON)
    escalation, user = tree_a.escalation, tree_a.members["admin"].user
    reached = [decisions.refer_up(escalation, user=user, note=f"Step {n}").name for n in range(5)]
    assert reached == SEFTON
    with pytest.raises(EscalationError, match="last body"):
        decisions.refer_up(escalation, user=user)
    referrals = escalation.events.filter(kind=EventKind.REFERRED)
    assert referrals.count() == 5 and referrals.last().note == "Referred to Overview & Scrutiny. Step 4"


def test_without_a_route_there_is_nowhere_to_refer(tree_a):
    with pytest.raises(EscalationError, match="no escalation route"):
        decisions.refer_up(tree_a.escalation, user=None)


def test_setting_the_route_keeps_bodies_and_their_referrals(tree_a):
    set_route(tree_a.partnership, SEFTON)
    decisions.refer_up(tree_a.escalation, user=None)
    first = RouteStep.objects.get(partnership=tree_a.partnership, name=SEFTON[0])
    set_route(tree_a.partnership, ["New first body", *SEFTON[:2]])
    assert list(RouteStep.objects.filter(partnership=tree_a.partnership).values_list("name", flat=True)) == [
        "New first body",
        *SEFTON[:2],
    ]
    assert Escalation.objects.get(pk=tree_a.escalation.pk).route_step == first


def test_nomination_is_for_stage_3_and_makes_the_nominee_the_owner(tree_a, rate):
    executive = executive_board(tree_a.partnership)
    member = make_member(tree_a.partnership, make_user("exec_member"), [(Role.BOARD_MEMBER, executive)])
    with pytest.raises(EscalationError, match="stage 3"):
        decisions.nominate(tree_a.escalation, member, user=None)
    escalation = open_by_hand(tree_a.partnership, rate, stage=3, evidence="Still below.", user=None)
    decisions.nominate(escalation, member, user=tree_a.members["admin"].user)
    escalation.refresh_from_db()
    assert escalation.nominee == member and escalation.owner_member == member
    assert member.display_name in escalation.owner_label
    assert escalation.events.last().kind == EventKind.NOMINATED


def test_a_report_received_is_logged_and_sets_the_next_due_date(tree_a):
    escalation = tree_a.escalation
    decisions.record_report(
        escalation,
        user=tree_a.members["outcome_lead"].user,
        received_on=dt.date(2026, 1, 5),
        note="Drop-ins started.",
        next_due=dt.date(2026, 4, 5),
    )
    escalation.refresh_from_db()
    assert (escalation.report_received_on, escalation.report_due) == (dt.date(2026, 1, 5), dt.date(2026, 4, 5))
    event = escalation.events.last()
    assert (event.kind, event.by, event.note) == (
        EventKind.REPORT_RECEIVED,
        tree_a.members["outcome_lead"].user,
        "Drop-ins started.",
    )


def test_a_closed_escalation_takes_no_more_decisions(tree_a):
    decisions.close(tree_a.escalation, user=None, decision="Done.")
    for attempt in (
        lambda: decisions.close(tree_a.escalation, user=None, decision="Again."),
        lambda: decisions.refer_up(tree_a.escalation, user=None),
        lambda: decisions.record_report(tree_a.escalation, user=None, received_on=dt.date(2026, 1, 1), note="x"),
    ):
        with pytest.raises(EscalationError):
            attempt()
