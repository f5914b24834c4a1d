"""The ladder evaluated from approved results at review points (escalation.services.ladder)."""

import datetime as dt

import pytest
from django.core import mail

from escalation.ladder import StepKind
from escalation.models import Escalation, EscalationEvent, EscalationStatus, EventKind, LadderEvaluation
from escalation.services.decisions import flag_overdue_reports
from escalation.services.escalations import escalations_for_themes, executive_board, settings_for
from escalation.services.ladder import evaluate, evaluate_due_review_points
from indicators.periods import PeriodKind, spans_in_year

from ..builders import make_indicator, make_return
from .conftest import FY, NEXT_Q1, Q1, Q2, Q3, Q4, approve, reviewed_on

pytestmark = pytest.mark.usefixtures("escalations_a")


def step_at(tree, indicator, span, value):
    if value is not None:
        approve(indicator, span, value)
    evaluate(tree.partnership, span, today=reviewed_on(span))
    return Escalation.objects.filter(indicator=indicator).order_by("-pk").first()


def test_the_ladder_climbs_with_each_miss_and_closes_on_recovery(tree_a, rate):
    executive = executive_board(tree_a.partnership)
    lead = tree_a.members["outcome_lead"]
    # given one review point below the monitoring level (60 is worse than 55: lower is better)
    escalation = step_at(tree_a, rate, Q1, 60)
    # then stage 1: the Outcome Lead owns it and reports to the theme within three months
    assert (escalation.stage, escalation.status, escalation.origin) == (1, EscalationStatus.OPEN, "ladder")
    assert escalation.owner_member == lead and escalation.report_to == tree_a.theme_board
    assert escalation.report_due == dt.date(2024, 11, 11)  # reviewed 11 August + 3 months
    # when a second consecutive miss: stage 2, the theme board owns it and reports to the executive board
    escalation = step_at(tree_a, rate, Q2, 58)
    assert escalation.stage == 2 and escalation.consecutive_misses == 2
    assert escalation.owner_board == tree_a.theme_board and escalation.owner_member is None
    assert escalation.report_to == executive
    # when a third: stage 3, the executive board (to nominate one of its members)
    escalation = step_at(tree_a, rate, Q3, 57)
    assert escalation.stage == 3 and escalation.owner_board == executive
    assert "nominee to be named" in escalation.owner_label
    # when performance recovers to the monitoring level: closed, with the decision recorded
    escalation = step_at(tree_a, rate, Q4, 55)
    assert escalation.status == EscalationStatus.CLOSED and escalation.closed_on == reviewed_on(Q4)
    assert "recovered" in escalation.decision and "Q4 2024/25" in escalation.decision
    events = list(escalation.events.values_list("kind", "from_stage", "to_stage", "by"))
    assert events == [
        (EventKind.OPENED, None, 1, None),
        (EventKind.RAISED, 1, 2, None),
        (EventKind.RAISED, 2, 3, None),
        (EventKind.CLOSED, 3, None, None),
    ]
    assert escalation.events.first().review_label == "Q1 2024/25"
    # and a new miss later opens a new escalation at stage 1
    again = step_at(tree_a, rate, NEXT_Q1, 70)
    assert again.pk != escalation.pk and again.stage == 1


def test_evaluating_the_same_results_twice_changes_nothing(tree_a, rate):
    # given two misses evaluated
    step_at(tree_a, rate, Q1, 60)
    escalation = step_at(tree_a, rate, Q2, 58)
    before = (
        Escalation.objects.count(),
        EscalationEvent.objects.count(),
        LadderEvaluation.objects.count(),
        Escalation.history.count(),
        list(Escalation.objects.values()),
    )
    # when both review points are evaluated again (and the periodic job runs too)
    assert evaluate(tree_a.partnership, Q1, today=reviewed_on(Q2)) == []
    assert evaluate(tree_a.partnership, Q2, today=reviewed_on(Q2)) == []
    # then nothing changed
    after = (
        Escalation.objects.count(),
        EscalationEvent.objects.count(),
        LadderEvaluation.objects.count(),
        Escalation.history.count(),
        list(Escalation.objects.values()),
    )
    assert after == before
    assert Escalation.objects.get(pk=escalation.pk).stage == 2


def test_only_approved_results_count_and_a_late_approval_is_judged_later(tree_a, rate):
    # given a return submitted but not approved
    make_return(rate, Q1, state="submitted", value=99)
    assert evaluate(tree_a.partnership, Q1, today=reviewed_on(Q1)) == []
    assert not LadderEvaluation.objects.filter(indicator=rate).exists()
    # when it is approved, the next run judges it
    approve(rate, Q1, 99)
    [outcome] = evaluate(tree_a.partnership, Q1, today=reviewed_on(Q1))
    assert outcome.step.kind == StepKind.OPENED


def test_without_a_monitoring_level_the_status_engines_red_is_used(tree_a):
    # given a target of 50 and no monitoring level: the partnership's 5% tolerance makes 52 amber
    indicator = make_indicator(tree_a, "L 11", polarity="lower", targets=[(FY, 50, None)])
    approve(indicator, Q1, 52)
    evaluate(tree_a.partnership, Q1, today=reviewed_on(Q1))
    assert not Escalation.objects.filter(indicator=indicator).exists()
    assert LadderEvaluation.objects.get(indicator=indicator).below is False
    # and 53 is red: below
    approve(indicator, Q2, 53)
    evaluate(tree_a.partnership, Q2, today=reviewed_on(Q2))
    assert Escalation.objects.get(indicator=indicator).stage == 1


def test_an_indicator_without_targets_is_not_judged(tree_a):
    make_indicator(tree_a, "L 12", results=[(Q1, 10)])
    assert evaluate(tree_a.partnership, Q1, today=reviewed_on(Q1)) == []


def test_six_monthly_review_judges_the_result_ending_at_the_half_year(tree_a, rate):
    settings = settings_for(tree_a.partnership)
    settings.review_point = "six_monthly"
    settings.save()
    annual = make_indicator(tree_a, "L 13", frequency="annual", polarity="lower", targets=[(FY, 50, 55)])
    approve(rate, Q2, 60)
    h1 = spans_in_year(FY, PeriodKind.HALF)[0]
    # when the periodic job runs after the September half-year end
    outcomes = evaluate_due_review_points(tree_a.partnership, today=reviewed_on(h1))
    # then the quarterly indicator is judged on Q2; the annual one has nothing ending in September
    assert [(o.indicator, o.step.kind) for o in outcomes] == [(rate, StepKind.OPENED)]
    assert LadderEvaluation.objects.get(indicator=rate).result_label == "Q2 2024/25"
    assert not LadderEvaluation.objects.filter(indicator=annual).exists()


def test_the_periodic_job_evaluates_due_review_points_in_order_and_is_idempotent(tree_a, rate):
    approve(rate, Q2, 60)
    approve(rate, Q3, 58)
    today = dt.date(FY + 1, 2, 10)  # Q2 and Q3 have ended
    assert [o.step.kind for o in evaluate_due_review_points(tree_a.partnership, today)] == [
        StepKind.OPENED,
        StepKind.RAISED,
    ]
    assert evaluate_due_review_points(tree_a.partnership, today) == []
    assert Escalation.objects.get(indicator=rate).stage == 2


def test_an_overdue_report_is_flagged_and_logged_once(tree_a, rate):
    escalation = step_at(tree_a, rate, Q1, 60)
    due = escalation.report_due
    # not yet overdue on the due date itself
    assert flag_overdue_reports(tree_a.partnership, due) == []
    # overdue the day after: flagged, logged once however often the job runs
    assert flag_overdue_reports(tree_a.partnership, due + dt.timedelta(days=1)) == [escalation]
    assert flag_overdue_reports(tree_a.partnership, due + dt.timedelta(days=2)) == []
    evaluate_due_review_points(tree_a.partnership, due + dt.timedelta(days=3))
    escalation.refresh_from_db()
    assert escalation.is_overdue(due + dt.timedelta(days=1))
    assert escalation.events.filter(kind=EventKind.OVERDUE).count() == 1
    assert len(mail.outbox) == 0


def test_a_raise_sets_a_new_report_date_which_can_be_flagged_again(tree_a, rate):
    escalation = step_at(tree_a, rate, Q1, 60)
    flag_overdue_reports(tree_a.partnership, escalation.report_due + dt.timedelta(days=1))
    escalation = step_at(tree_a, rate, Q2, 60)
    flag_overdue_reports(tree_a.partnership, escalation.report_due + dt.timedelta(days=1))
    assert escalation.events.filter(kind=EventKind.OVERDUE).count() == 2


def test_escalations_for_themes_lists_open_ones_highest_stage_first(tree_a, rate):
    step_at(tree_a, rate, Q1, 60)
    step_at(tree_a, rate, Q2, 60)
    found = list(escalations_for_themes([tree_a.theme.pk]))
    assert [e.indicator.code for e in found] == ["L 10", "NI 112"]  # stage 2, then the fixture's stage 1
    assert list(escalations_for_themes([tree_a.other_theme.pk])) == []


def test_a_concurrent_run_that_claimed_the_review_point_first_wins(tree_a, rate, monkeypatch):
    # given a run that has judged Q1 (opened stage 1), and a second run that loaded its state before
    step_at(tree_a, rate, Q1, 60)
    monkeypatch.setattr("escalation.services.ladder.last_reviewed", lambda ids: {})
    Escalation.objects.filter(indicator=rate).update(last_reviewed_on=None)
    # when the second run reaches the claim
    assert evaluate(tree_a.partnership, Q1, today=reviewed_on(Q1)) == []
    # then the unique evaluation row refuses it and nothing is done twice
    escalation = Escalation.objects.get(indicator=rate)
    assert escalation.stage == 1 and escalation.events.count() == 1


def test_where_the_partnership_steps_down_a_recovery_lowers_one_stage_and_logs_it(tree_a, rate):
    settings = settings_for(tree_a.partnership)
    settings.step_down = True
    settings.save()
    for span, value in ((Q1, 60), (Q2, 60), (Q3, 50)):
        escalation = step_at(tree_a, rate, span, value)
    assert escalation.is_open and escalation.stage == 1
    assert escalation.owner_member == tree_a.members["outcome_lead"] and escalation.report_to == tree_a.theme_board
    lowered = escalation.events.get(kind=EventKind.LOWERED)
    assert (lowered.from_stage, lowered.to_stage) == (2, 1) and "stepped down" in lowered.note
    assert step_at(tree_a, rate, Q4, 50).status == EscalationStatus.CLOSED
