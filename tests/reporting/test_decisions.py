"""Decisions, recommendations and the assurance statement (reporting.services.decisions): the rules,
who may record them, stale edits, history, and the matters arising and decision log they feed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from escalation.models import Action
from escalation.services.decisions import close as close_escalation
from indicators.models import AnnualTarget, Period, Result
from indicators.periods import year_span
from partnership.concurrency import StaleEdit
from partnership.models import Board, BoardKind, Meeting
from partnership.roles import Access, Grant, Role
from reporting.models import AssuranceStatement, Decision, Recommendation
from reporting.permissions import may_record, may_respond, may_write_assurance
from reporting.services import decisions as service

from ..builders import make_indicator, make_member, make_user
from .test_exception_reports import add_quarter_results

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


def add_governance(tree):
    """Tree A's quarter with exception items in both themes (R 1 and A 1 in Well-Being, E 1 in
    Enterprise, managed by the executive board), members with seats on the executive and
    partnership boards, and a meeting of each board."""
    level = [(tree.quarter.financial_year, Decimal(60), Decimal(55))]
    tree.enterprise = make_indicator(
        tree,
        "E 1",
        title="Businesses started",
        unit="count",
        polarity="higher",
        lead_theme=tree.other_theme,
        targets=level,
        results=[(tree.quarter, 40)],
    )
    # NI 112, escalated at stage 1 (escalations_a), is red this quarter too
    AnnualTarget.objects.create(
        indicator=tree.indicator,
        period=Period.objects.for_span(year_span(tree.quarter.financial_year)),
        value=Decimal(48),
        agreement="agreed",
        monitoring_level=Decimal(52),
    )
    Result.objects.create(indicator=tree.indicator, period=Period.objects.for_span(tree.quarter), value=Decimal(60))
    add_quarter_results(tree)
    tree.escalated_item = tree.report.items.get(indicator=tree.indicator)
    tree.executive = Board.objects.get(partnership=tree.partnership, kind=BoardKind.EXECUTIVE_BOARD)
    tree.members["executive"] = make_member(
        tree.partnership, make_user(f"exec_{tree.partnership.slug}"), [(Role.BOARD_MEMBER, tree.executive)]
    )
    tree.members["top"] = make_member(
        tree.partnership, make_user(f"top_{tree.partnership.slug}"), [(Role.BOARD_CHAIR, tree.top_board)]
    )
    tree.enterprise_item = tree.cycle.exception_reports.get(theme=tree.other_theme).items.get(indicator=tree.enterprise)
    tree.meetings = {
        board.kind: meeting_of(board, days=30) for board in (tree.executive, tree.business_group, tree.top_board)
    }
    tree.meetings[BoardKind.THEME_BOARD] = tree.meeting
    return tree


def meeting_of(board, days, title="Quarterly review"):
    return Meeting.objects.create(board=board, starts_at=timezone.now() + dt.timedelta(days=days), title=title)


@pytest.fixture
def gov(tree_a):
    return add_governance(tree_a)


def due():
    return timezone.localdate() + dt.timedelta(days=45)  # after the meetings, 30 days ahead


def decide(tree, meeting=None, *, user=None, **subject):
    subject = subject or {"exception_item": tree.red_item}
    meeting = meeting or tree.meeting
    return service.record_decision(
        meeting,
        decision="Fund two more tutors from the reserve",
        owner=tree.members["chair"],
        due_date=max(due(), timezone.localtime(meeting.starts_at).date()),
        user=(user or tree.members["chair"]).user,
        **subject,
    )


# --- who may ------------------------------------------------------------------------------------


def access(*grants):
    return Access(frozenset(grants))


def test_the_boards_chair_members_and_administrators_record_and_only_seats_respond(gov):
    board, business = gov.theme_board, gov.business_group
    assert may_record(access(Grant(Role.BOARD_CHAIR, board_id=board.pk)), board)
    assert may_record(access(Grant(Role.BOARD_MEMBER, board_id=board.pk)), board)
    assert may_record(access(Grant(Role.PARTNERSHIP_ADMIN)), board)
    assert may_record(access(Grant(Role.BUSINESS_GROUP_MEMBER, board_id=business.pk)), business)
    assert not may_record(access(Grant(Role.BOARD_MEMBER, board_id=business.pk)), board)  # another board's seat
    assert not may_record(access(Grant(Role.OUTCOME_LEAD, theme_id=gov.theme.pk)), board)
    assert not may_respond(access(Grant(Role.PARTNERSHIP_ADMIN)), board)  # a response is the board's own
    assert may_respond(access(Grant(Role.BOARD_CHAIR, board_id=board.pk)), board)
    executive = [gov.executive.pk]
    assert may_write_assurance(access(Grant(Role.BOARD_MEMBER, board_id=gov.executive.pk)), executive)
    assert not may_write_assurance(access(Grant(Role.BOARD_CHAIR, board_id=board.pk)), executive)
    assert not may_write_assurance(access(Grant(Role.PARTNERSHIP_ADMIN)), executive)


# --- recording decisions -------------------------------------------------------------------------


def test_a_decision_on_an_exception_item_is_recorded_with_its_subject_owner_and_history(gov):
    made = decide(gov)
    assert made.subject == "R 1 Young people in training: decisions required"
    assert (made.owner, made.due_date, made.status, made.version) == (gov.members["chair"], due(), "open", 1)
    record = made.history.get()
    assert record.history_user == gov.members["chair"].user and record.history_change_reason == "Recorded"


def test_a_decision_on_an_escalation_names_its_stage(gov):
    made = decide(gov, escalation=gov.escalation)
    assert made.subject == "Escalation of NI 112 (stage 1)"


def test_a_theme_board_decides_on_its_own_themes_items_and_the_business_group_on_any(gov):
    with pytest.raises(service.DecisionError, match="its own themes' exception items, not Enterprise's"):
        decide(gov, exception_item=gov.enterprise_item)
    made = decide(
        gov, gov.meetings[BoardKind.BUSINESS_GROUP], user=gov.members["business"], exception_item=gov.enterprise_item
    )
    assert made.meeting.board == gov.business_group


def test_a_decision_is_about_one_thing_of_this_partnership_and_open(gov, escalations_b):
    with pytest.raises(service.DecisionError, match="one exception item or one escalation"):
        decide(gov, exception_item=gov.red_item, escalation=gov.escalation)
    with pytest.raises(service.DecisionError, match="of this partnership"):
        decide(gov, escalation=escalations_b.escalation)
    close_escalation(gov.escalation, user=gov.members["admin"].user, decision="Back on track.")
    with pytest.raises(service.DecisionError, match="NI 112 is closed"):
        decide(gov, escalation=gov.escalation)
    assert not Decision.objects.exists()


def test_what_is_missing_is_said_field_by_field(gov, tree_b):
    with pytest.raises(service.DecisionInvalid) as invalid:
        service.record_decision(
            gov.meeting, exception_item=gov.red_item, decision="  ", owner=None, due_date=None, user=None
        )
    assert invalid.value.errors == {
        "decision": "Enter the decision the board made.",
        "owner": "Choose who owns the decision.",
        "due_date": "Enter the date the decision is due, for example 31/3/2027.",
    }
    with pytest.raises(service.DecisionInvalid) as invalid:
        service.record_decision(
            gov.meeting,
            exception_item=gov.red_item,
            decision="Fund it",
            owner=tree_b.members["admin"],
            due_date=timezone.localdate(),
            user=None,
        )
    assert invalid.value.errors["owner"] == "Choose an active member of this partnership."
    assert invalid.value.errors["due_date"].startswith("The due date must be on or after the meeting, ")


# --- closing, reopening, actions -------------------------------------------------------------------


def test_closing_says_what_was_done_and_refuses_a_stale_or_second_close(gov):
    made = decide(gov)
    user = gov.members["chair"].user
    with pytest.raises(service.DecisionInvalid) as invalid:
        service.close_decision(made, status="dropped", outcome="", expected_version=1, user=user)
    assert invalid.value.errors == {"outcome": "Say why it is no longer needed."}
    closed = service.close_decision(made, status="done", outcome="Tutors started in May", expected_version=1, user=user)
    assert (closed.status, closed.outcome, closed.version) == ("done", "Tutors started in May", 2)
    with pytest.raises(StaleEdit) as stale:
        service.close_decision(made, status="done", outcome="Again", expected_version=1, user=user)
    assert stale.value.current.version == 2
    with pytest.raises(service.DecisionError, match="already closed"):
        service.close_decision(made, status="done", outcome="Again", expected_version=2, user=user)
    reopened = service.reopen_decision(made, expected_version=2, user=user)
    assert (reopened.status, reopened.outcome, reopened.version) == ("open", "", 3)
    reasons = list(made.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["Recorded", "Closed: done", "Reopened"]


def smart(tree, **changes):
    values = {
        "description": "Run weekly drop-in sessions at the college",
        "measure": "Forty young people enrolled by 31 March",
        "resources": "Two tutors funded from the ABG reserve",
        "lead": tree.members["chair"],
        "due_date": due(),
    }
    return {**values, **changes}


def test_a_decision_on_an_escalation_becomes_a_smart_action_in_its_plan(gov):
    made = decide(gov, escalation=gov.escalation)
    action = service.make_action(made, **smart(gov), expected_version=1, user=gov.members["chair"].user)
    assert action.escalation == gov.escalation and action.stage == gov.escalation.stage
    made.refresh_from_db()
    assert made.action == action and made.version == 2
    with pytest.raises(service.DecisionError, match="already an action"):
        service.make_action(made, **smart(gov), expected_version=2, user=None)


def test_an_items_decision_becomes_an_action_only_where_its_indicator_is_escalated(gov):
    made = decide(gov)  # R 1 has no escalation
    with pytest.raises(service.DecisionError, match="no open escalation"):
        service.make_action(made, **smart(gov), expected_version=1, user=None)
    on_escalated = decide(gov, exception_item=gov.escalated_item)  # NI 112, escalated at stage 1
    action = service.make_action(on_escalated, **smart(gov), expected_version=1, user=None)
    assert action.escalation == gov.escalation


def test_an_action_must_be_smart_and_nothing_is_made_otherwise(gov):
    made = decide(gov, escalation=gov.escalation)
    before = Action.objects.count()
    with pytest.raises(service.DecisionInvalid) as invalid:
        service.make_action(
            made, **smart(gov, description="Do it", measure="better", lead=None), expected_version=1, user=None
        )
    assert set(invalid.value.errors) == {"description", "measure", "lead"}
    with pytest.raises(StaleEdit):
        service.make_action(made, **smart(gov), expected_version=7, user=None)
    assert Action.objects.count() == before


# --- recommendations and assurance -----------------------------------------------------------------


def recommend(tree, kind, to_board, **changes):
    values = {"area": "resources", "text": "Move £40,000 to teenage pregnancy services", "cycle": tree.cycle}
    return service.make_recommendation(tree.meetings[kind], to_board=to_board, **{**values, **changes}, user=None)


def test_recommendations_go_up_one_layer_only(gov):
    made = recommend(gov, BoardKind.BUSINESS_GROUP, gov.executive)
    assert (made.to_board, made.response, made.history.get().history_change_reason) == (
        gov.executive,
        "pending",
        "Recommended to Executive",
    )
    assert recommend(gov, BoardKind.EXECUTIVE_BOARD, gov.top_board).to_board == gov.top_board
    with pytest.raises(service.DecisionError, match="The Business Group makes its recommendations to the Executive"):
        recommend(gov, BoardKind.BUSINESS_GROUP, gov.top_board)
    with pytest.raises(service.DecisionError, match="reports to no board"):
        recommend(gov, BoardKind.PARTNERSHIP_BOARD, gov.executive)
    with pytest.raises(service.DecisionInvalid) as invalid:
        recommend(gov, BoardKind.EXECUTIVE_BOARD, gov.top_board, area="", text=" ")
    assert set(invalid.value.errors) == {"area", "text"}


def test_the_receiving_board_accepts_or_rejects_with_a_reason(gov):
    made = recommend(gov, BoardKind.BUSINESS_GROUP, gov.executive)
    user = gov.members["executive"].user
    with pytest.raises(service.DecisionInvalid) as invalid:
        service.respond(made, response="rejected", reason="", expected_version=1, user=user)
    assert invalid.value.errors == {"reason": "Give the reason it is rejected."}
    with pytest.raises(service.DecisionInvalid, match="Choose a meeting of the Executive"):
        service.respond(made, response="accepted", reason="Agreed", meeting=gov.meeting, expected_version=1, user=user)
    meeting = gov.meetings[BoardKind.EXECUTIVE_BOARD]
    done = service.respond(made, response="accepted", reason="Agreed", meeting=meeting, expected_version=1, user=user)
    assert (done.response, done.response_meeting, done.responded_by, done.version) == ("accepted", meeting, user, 2)
    with pytest.raises(StaleEdit):
        service.respond(made, response="rejected", reason="No money", expected_version=1, user=user)
    assert done.history.latest().history_change_reason == "Accepted"


def test_the_assurance_statement_is_written_then_changed_and_never_overwritten_unseen(gov):
    user = gov.members["executive"].user
    with pytest.raises(service.DecisionInvalid):
        service.save_assurance(gov.cycle, statement=" ", expected_version=None, user=user)
    written = service.save_assurance(gov.cycle, statement="Performance is sound.", expected_version=None, user=user)
    assert (written.version, written.updated_by) == (1, user)
    with pytest.raises(StaleEdit) as stale:  # someone else wrote it while this form was open
        service.save_assurance(gov.cycle, statement="Mine", expected_version=None, user=user)
    assert stale.value.current.statement == "Performance is sound."
    changed = service.save_assurance(
        gov.cycle, statement="Sound, bar teenage pregnancy.", expected_version=1, user=user
    )
    assert changed.version == 2 and AssuranceStatement.objects.count() == 1
    assert list(changed.history.order_by("history_id").values_list("history_change_reason", flat=True)) == [
        "Written",
        "Changed",
    ]
    assert service.assurance_data(gov.cycle)["statement"] == "Sound, bar teenage pregnancy."


# --- what they feed --------------------------------------------------------------------------------


def test_matters_arising_are_the_earlier_meetings_open_decisions_and_pending_recommendations(gov):
    earlier, later = gov.meeting, meeting_of(gov.theme_board, days=60)
    still_open = decide(gov)
    closed = decide(gov, escalation=gov.escalation)
    service.close_decision(closed, status="done", outcome="Done", expected_version=1, user=None)
    decide(gov, later)  # at the later meeting itself: not arising from before it
    arising = service.matters_arising(gov.theme_board, later.starts_at)
    assert [row["id"] for row in arising["decisions"]] == [still_open.pk]
    assert arising["decisions"][0]["meeting"]["id"] == earlier.pk
    assert service.matters_arising(gov.theme_board, earlier.starts_at)["decisions"] == []
    pending = recommend(gov, BoardKind.BUSINESS_GROUP, gov.executive)
    before = timezone.now() + dt.timedelta(days=90)
    assert [row["id"] for row in service.matters_arising(gov.business_group, before)["made"]] == [pending.pk]
    assert [row["id"] for row in service.matters_arising(gov.executive, before)["received"]] == [pending.pk]
    service.respond(pending, response="accepted", reason="Agreed", expected_version=1, user=None)
    assert service.matters_arising(gov.executive, before)["received"] == []


def test_the_decision_log_has_every_decision_and_recommendation_newest_meeting_first(gov):
    later = meeting_of(gov.theme_board, days=60)
    first, second = decide(gov), decide(gov, later, escalation=gov.escalation)
    service.close_decision(first, status="dropped", outcome="Overtaken", expected_version=1, user=None)
    log = service.decision_log(gov.theme_board)
    assert [row["id"] for row in log["decisions"]] == [second.pk, first.pk]
    assert log["open_count"] == 1 and log["decisions"][1]["status_label"] == "No longer needed"
    made = recommend(gov, BoardKind.BUSINESS_GROUP, gov.executive)
    assert [row["id"] for row in service.decision_log(gov.executive)["received"]] == [made.pk]
    assert [row["id"] for row in service.decision_log(gov.business_group)["made"]] == [made.pk]
    assert Recommendation.objects.count() == 1
