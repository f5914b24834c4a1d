"""The action plan's steps and SMART items, without a request."""

import datetime as dt

import pytest

from planning.models import PlanItem, PlanState
from planning.rules import NOT_RECOMMENDED, item_problems, step_refusal, submission_problems

TODAY = dt.date(2026, 12, 3)


def test_the_partnership_board_cannot_approve_before_the_executive_board_recommends():
    for state in (PlanState.DRAFT, PlanState.SUBMITTED):
        assert step_refusal("approve", state) == NOT_RECOMMENDED
    assert step_refusal("approve", PlanState.RECOMMENDED) is None
    assert "already been approved" in step_refusal("approve", PlanState.APPROVED)


def test_recommending_waits_for_every_challenge_to_be_answered():
    assert "2 challenges still wait" in step_refusal("recommend", PlanState.SUBMITTED, open_challenges=2)
    assert "1 challenge still waits" in step_refusal("recommend", PlanState.SUBMITTED, open_challenges=1)
    assert step_refusal("recommend", PlanState.SUBMITTED, open_challenges=0) is None
    assert step_refusal("recommend", PlanState.DRAFT) == (
        "Only a submitted plan can be recommended; this one is draft."
    )


@pytest.mark.parametrize(
    "state,step", [(PlanState.SUBMITTED, "edit"), (PlanState.APPROVED, "challenge"), (PlanState.RECOMMENDED, "submit")]
)
def test_a_step_the_state_does_not_allow_is_refused_in_words(state, step):
    assert step_refusal(step, state)


def test_an_item_must_be_smart_with_a_lead_partner_and_a_named_lead_officer():
    item = PlanItem(activity="More", outcome="better", funding="", due_date=TODAY - dt.timedelta(days=1))
    problems = item_problems(item, TODAY)
    assert set(problems) == {"activity", "outcome", "funding", "lead_officer", "due_date", "lead_partner"}
    assert submission_problems([], TODAY) == ["Add at least one item to the plan before submitting it."]
