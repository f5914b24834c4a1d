"""What each person's home lists: their own next steps, each linking where they can act."""

import datetime as dt

import pytest
from django.utils import timezone

from home.services import Seat, next_steps
from indicators.models import DataChallenge, IndicatorReturn
from indicators.periods import PeriodKind, latest_ended
from indicators.services.rounds import open_round
from partnership.models import Meeting
from partnership.roles import Role
from partnership.services.access import access_for
from reporting.models import BoardPack, ExceptionItem, ExceptionReport
from reporting.services.cycles import open_cycle

from ..builders import make_indicator, make_member, make_return, make_user


def steps_of(member, today=None):
    return next_steps(Seat(member, access_for(member), today or timezone.localdate()))


def titles(member, today=None):
    return [step.title for step in steps_of(member, today)]


@pytest.fixture
def round_a(tree_a):
    quarter = latest_ended(PeriodKind.QUARTER, timezone.localdate())
    tree_a.quarter = quarter
    tree_a.round = open_round(tree_a.partnership, quarter, timezone.localdate() + dt.timedelta(days=10))
    return tree_a


def test_an_officer_sees_returns_sent_back_first_then_those_to_submit(round_a):
    t = round_a
    make_return(t.indicator, t.quarter, state="returned", value=50, return_reason="Check the denominator")
    make_indicator(t, "NI 40", title="Drug users in treatment")
    make_indicator(t, "NI 39", title="Alcohol admissions")
    steps = steps_of(t.members["officer"])
    assert steps[0].title.startswith("Revise and resubmit the NI 112 return")
    assert steps[0].first and "“Check the denominator”" in steps[0].hint
    assert steps[1].title == f"Submit 2 Well-Being returns for {t.round.period}"
    assert steps[1].url.endswith(f"/p/alpha/returns/?round={t.round.pk}")
    assert steps[1].when == t.round.collation_deadline
    # the coordinator, the chair and a member with no role have none of these
    assert not any("return" in title for title in titles(t.members["plain"]))
    assert not any("return" in title for title in titles(t.members["chair"]))


def test_a_coordinator_sees_the_returns_waiting_for_approval(round_a):
    t = round_a
    coordinator = make_member(t.partnership, make_user("rc_a"), [(Role.REPORT_COORDINATOR, t.theme)])
    make_return(t.indicator, t.quarter, state="submitted", value=50)
    assert titles(coordinator) == [f"Approve or return 1 Well-Being return for {t.round.period}"]
    # approved: nothing left for them
    IndicatorReturn.objects.update(state="approved")
    assert titles(coordinator) == []


def test_officers_answer_challenges_and_the_business_group_sees_theirs_waiting(round_a):
    t = round_a
    ret = make_return(t.indicator, t.quarter, state="approved", value=50)
    DataChallenge.objects.create(indicator_return=ret, raised_by=t.members["business"], question="Which extract?")
    assert f"Answer the challenge to the NI 112 return for {t.round.period}" in titles(t.members["officer"])
    (waiting,) = [s for s in steps_of(t.members["business"]) if "challenge" in s.title]
    assert waiting.status == "Waiting for an answer" and "Which extract?" in waiting.hint
    DataChallenge.objects.update(state=DataChallenge.State.ANSWERED, answer="The March one", answered_at=timezone.now())
    assert not any("challenge" in title for title in titles(t.members["officer"]))
    (answered,) = [s for s in steps_of(t.members["business"]) if "challenge" in s.title]
    assert answered.title.startswith("Read the answer") and "The March one" in answered.hint


def test_the_performance_management_lead_finalises_and_the_outcome_lead_explains(full_a):
    t = full_a
    report = t.exception_report
    ExceptionItem.objects.create(report=report, indicator=t.indicator, status="red")
    analyst = make_member(t.partnership, make_user("pml_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, t.theme)])
    lead_steps = [s for s in steps_of(analyst) if "exception report" in s.title]
    assert [s.title for s in lead_steps] == [f"Write and finalise the Well-Being exception report for {t.cycle.period}"]
    assert lead_steps[0].url == f"/p/alpha/reports/exception/{report.pk}/edit/"
    assert lead_steps[0].when == t.cycle.exception_reports_due
    own = [s for s in steps_of(t.members["outcome_lead"]) if "reasons and actions" in s.title]
    assert len(own) == 1 and own[0].url == f"/p/alpha/reports/exception/{report.pk}/contribute/"
    # once explained, the Outcome Lead is done and the PML is asked only to check and finalise
    report.items.update(reason="Two schools closed", action="Move the clinic")
    assert not any("reasons and actions" in s for s in titles(t.members["outcome_lead"]))
    assert f"Check and finalise the Well-Being exception report for {t.cycle.period}" in titles(analyst)
    ExceptionReport.objects.update(state=ExceptionReport.State.FINAL)
    assert not any("exception report" in s for s in titles(analyst))


def test_until_its_returns_are_approved_the_report_waits_for_them(round_a):
    t = round_a
    cycle = open_cycle(t.partnership, t.quarter)
    analyst = make_member(t.partnership, make_user("pml_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, t.theme)])
    make_return(t.indicator, t.quarter, state="submitted", value=50)
    (step,) = steps_of(analyst, today=cycle.collation_deadline)
    assert step.status == "Waiting for returns" and step.hint.startswith("1 of 1 returns not yet approved")
    assert step.when == cycle.exception_reports_due


def test_a_chair_sees_the_next_meeting_its_pack_and_decisions_due(full_a):
    t = full_a
    later = Meeting.objects.create(board=t.theme_board, starts_at=t.meeting.starts_at + dt.timedelta(days=60))
    steps = steps_of(t.members["chair"])
    meetings = [s for s in steps if "board pack" in s.title]
    assert len(meetings) == 1 and str(t.meeting.pk) in meetings[0].url and str(later.pk) not in meetings[0].url
    assert meetings[0].title.startswith("Get the board pack")
    BoardPack.objects.filter(meeting=t.meeting).update(status=BoardPack.Status.DONE)
    assert any(s.startswith("Read the board pack for Q2 review") for s in titles(t.members["chair"]))
    (decision,) = [s for s in steps if s.title.startswith("Decision due")]
    assert decision.when == t.decision.due_date and decision.url.endswith(f"#decision-{t.decision.pk}")
    # the business group member, who has no seat on the theme board, is not asked to close it
    assert not any(s.startswith("Decision due") for s in titles(t.members["business"]))


def test_recommendations_are_answered_by_the_board_they_went_to(full_a):
    t = full_a
    executive = make_member(t.partnership, make_user("exec_a"), [(Role.BOARD_MEMBER, t.business_group.parent)])
    (respond,) = [s for s in steps_of(executive) if "recommendation" in s.title]
    assert respond.title == "Respond to the Business Group's recommendation on areas of risk"
    assert respond.url.endswith(f"/recommendations/{t.recommendation.pk}/respond/")
    (waiting,) = [s for s in steps_of(t.members["business"]) if "recommendation" in s.title]
    assert waiting.status == "Waiting for a response"


def test_a_business_group_member_sees_other_boards_packs_once_ready(full_a):
    t = full_a
    assert not any(t.meeting.title in s for s in titles(t.members["business"]))
    BoardPack.objects.filter(meeting=t.meeting).update(status=BoardPack.Status.DONE)
    assert f"Read the board pack for {t.meeting.title} on" in " ".join(titles(t.members["business"]))


def test_an_administrator_sees_the_set_up_gaps(tree_a):
    t = tree_a
    steps = titles(t.members["admin"])
    assert "Give Enterprise a Lead Information Officer" in steps
    assert "Give Well-Being a Lead Information Officer" not in steps
    assert any(s.startswith("Set the ") and "NI 112" in s for s in steps)
    # the executive board, which manages Enterprise, has no meeting to review the quarter under way
    assert any(s.startswith("Schedule the Executive meeting that reviews Enterprise for Q") for s in steps)
    # nobody else sees set-up gaps
    assert not any("Lead Information Officer" in s for s in titles(t.members["officer"]))
