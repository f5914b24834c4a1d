"""A blank or careless submission never wipes what was saved: an empty action plan or escalation
route is refused with a message, opening returns needs a quarter chosen, a percentage cannot be
set to add up over the year, and a job that ran late judges every review point it missed."""

import datetime as dt

import pytest
from django.utils import timezone

from escalation.models import EscalationEvent, LadderEvaluation, LadderSettings, RouteStep
from escalation.services.decisions import set_route
from escalation.services.ladder import evaluate_due_review_points
from indicators.models import Indicator, Period, Result, ReturnRound
from indicators.periods import PeriodKind, latest_ended

from ..builders import make_indicator


@pytest.fixture
def plan_owner(tree_a):
    tree_a.with_escalations()
    tree_a.escalation.plan = "Agreed with the PCT: weekly clinics."
    tree_a.escalation.save()
    return tree_a


def test_an_empty_action_plan_is_refused_and_the_saved_plan_kept(client, plan_owner):
    client.force_login(plan_owner.members["admin"].user)
    response = client.post(f"/p/alpha/escalation/{plan_owner.escalation.pk}/plan/", {"plan": "   "})
    assert response.status_code == 200
    assert "Describe the plan that has been agreed" in response.content.decode()
    plan_owner.escalation.refresh_from_db()
    assert plan_owner.escalation.plan == "Agreed with the PCT: weekly clinics."


def test_an_empty_escalation_route_is_refused_and_the_route_kept(client, tree_a):
    set_route(tree_a.partnership, ["Performance Board", "Overview & Scrutiny"])
    client.force_login(tree_a.members["admin"].user)
    response = client.post("/p/alpha/escalation/route/edit/", {"bodies": "\n  \n"})
    assert response.status_code == 200 and "List at least one body" in response.content.decode()
    assert RouteStep.objects.filter(partnership=tree_a.partnership).count() == 2


def test_opening_returns_needs_a_quarter_chosen(client, tree_a):
    client.force_login(tree_a.members["admin"].user)
    response = client.post("/p/alpha/returns/rounds/open/", {"period_end": "", "collation_deadline": ""}, follow=True)
    assert "Could not open returns: Choose the quarter to open returns for." in response.content.decode()
    assert not ReturnRound.objects.filter(partnership=tree_a.partnership).exists()
    page = client.get("/p/alpha/returns/").content.decode()
    assert '<option value="" selected>Choose a quarter</option>' in page  # nothing is chosen for them


@pytest.mark.parametrize("unit", ["percentage", "rate", "score", "yes_no"])
def test_only_counts_and_money_may_add_up_over_the_year(client, tree_a, unit):
    client.force_login(tree_a.members["admin"].user)
    data = {
        "code": "L 66",
        "title": "Residents satisfied",
        "lead_theme": tree_a.theme.pk,
        "unit": unit,
        "rate_per": 1000,
        "polarity": "higher",
        "frequency": "quarterly",
        "accumulation": "cumulative",
    }
    response = client.post("/p/alpha/indicators/new/", data)
    assert response.status_code == 200
    assert "Only counts and money add up over the year" in response.context["form"].errors["accumulation"][0]
    assert not Indicator.objects.filter(code="L 66").exists()


def test_a_late_job_judges_every_review_point_it_missed_in_order(tree_a):
    # given: a quarterly indicator below its monitoring level in each of the last four quarters,
    # judged once four quarters ago, then the job did not run for a year
    today = timezone.localdate()
    quarters = [latest_ended(PeriodKind.QUARTER, today)]
    for _ in range(4):
        quarters.insert(0, quarters[0].previous())
    first_year = quarters[0].financial_year
    indicator = make_indicator(
        tree_a,
        "L 40",
        polarity="lower",
        targets=[(fy, 50, 55) for fy in range(first_year, first_year + 3)],
        outcome_lead=tree_a.members["outcome_lead"],
    )
    for span in quarters:
        Result.objects.create(indicator=indicator, period=Period.objects.for_span(span), value=70)
    settings = LadderSettings.objects.create(partnership=tree_a.partnership, judged_through=quarters[0].end)
    # when: the job catches up
    evaluate_due_review_points(tree_a.partnership, today)
    # then: every review point since was judged, oldest first, so the escalation climbed the ladder
    judged = list(LadderEvaluation.objects.filter(indicator=indicator).order_by("review_end"))
    assert [e.review_end for e in judged] == [span.end for span in quarters]
    events = EscalationEvent.objects.filter(escalation__indicator=indicator).order_by("at", "pk")
    assert [e.to_stage for e in events] == [1, 2, 3]
    settings.refresh_from_db()
    assert settings.judged_through == quarters[-1].end
    # and running again changes nothing
    assert evaluate_due_review_points(tree_a.partnership, today + dt.timedelta(days=1)) == []
