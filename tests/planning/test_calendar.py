"""The annual planning calendar: seed 003's stages by default, changed per partnership, and the
reminders the periodic job sends before a stage ends."""

import datetime as dt

from django.urls import reverse

from partnership.models import Notice
from partnership.roles import Role
from planning.calendar import day_in_year, start_problem
from planning.models import PlanningStage, PlanState
from planning.services.calendar import plan_deadlines, send_stage_reminders, stages_for
from tests.builders import make_member, make_plan, make_user

D = dt.date


def test_a_stage_falls_in_the_financial_year_from_april_to_march():
    assert day_in_year(5, 1, 2026) == D(2026, 5, 1)
    assert day_in_year(3, 31, 2026) == D(2027, 3, 31)
    assert day_in_year(2, 30, 2027) == D(2028, 2, 29)  # a leap year's last day of February
    assert start_problem((12, 1), (8, 31)) == (
        "The stage must end after it starts, within the financial year (April to March)."
    )
    assert start_problem((13, 1), (12, 31)) == "Enter a real month (1 to 12) and day (1 to 31)."
    assert start_problem((2, 1), (3, 31)) is None


def test_every_partnership_starts_with_seed_003s_stages_in_the_order_of_the_year(tree_a):
    stages = stages_for(tree_a.partnership)
    assert [stage.key for stage in stages] == [
        "year_end",
        "annual_review",
        "draft_plans",
        "mid_year",
        "final_plans",
        "q3_update",
    ]
    assert stages_for(tree_a.partnership) == stages  # made once
    assert plan_deadlines(tree_a.partnership, 2027) == {"draft_plans": D(2026, 10, 31), "final_plans": D(2026, 12, 31)}


def pml(tree):
    return make_member(tree.partnership, make_user("pml_plan"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, tree.theme)])


def test_the_theme_is_reminded_of_next_years_plan_once_before_drafts_are_due(tree_a):
    lead = pml(tree_a)
    assert send_stage_reminders(tree_a.partnership, D(2026, 10, 10)) == 0  # not yet the last fortnight
    assert send_stage_reminders(tree_a.partnership, D(2026, 10, 20)) == 1
    assert send_stage_reminders(tree_a.partnership, D(2026, 10, 21)) == 0  # once
    notice = Notice.objects.get(membership=lead)
    assert notice.subject == "Draft action plans: the Well-Being action plan for 2027/28"
    assert "by 31 October 2026" in notice.body and notice.path == "/p/alpha/plans/new/"


def test_a_submitted_plan_is_not_chased_and_an_approved_one_is_asked_for_its_update(tree_a):
    pml(tree_a)
    make_plan(tree_a, financial_year=2027, state=PlanState.SUBMITTED)
    assert send_stage_reminders(tree_a.partnership, D(2026, 10, 20)) == 0
    assert send_stage_reminders(tree_a.partnership, D(2026, 11, 20)) == 0  # no approved plan this year to update
    make_plan(tree_a, financial_year=2026, state=PlanState.APPROVED)
    assert send_stage_reminders(tree_a.partnership, D(2026, 11, 20)) == 1
    assert Notice.objects.filter(subject="Mid-year update: Well-Being").exists()


def test_the_administrator_changes_a_stage_and_bad_months_are_refused_beside_the_field(client, tree_a):
    stage = PlanningStage.objects.get(pk=stages_for(tree_a.partnership)[2].pk)
    url = reverse("planning:stage_edit", args=["alpha", stage.pk])
    client.force_login(tree_a.members["admin"].user)
    form = {
        "name": "Draft action plans",
        "start_month": 9,
        "start_day": 1,
        "end_month": 7,
        "end_day": 31,
        "reminder_days_before": 21,
        "activity": stage.activity,
        "outputs": stage.outputs,
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and b"The stage must end after it starts" in refused.content
    client.post(url, {**form, "end_month": 11, "end_day": 15})
    stage.refresh_from_db()
    assert (stage.end_month, stage.end_day, stage.reminder_days_before) == (11, 15, 21)
    page = client.get(reverse("planning:calendar", args=["alpha"]))
    assert b"15 Nov" in page.content and b"Admin_A Tester" in page.content  # and the change is in the history
    client.force_login(tree_a.members["officer"].user)
    assert client.post(url, form).status_code == 403
