"""A theme's action plan from draft to approval: who may take each step, what each refuses, the
versions and challenges kept, and who is told."""

import pytest
from django.urls import reverse

from partnership.models import Notice
from planning.models import ActionPlan, PlanState
from planning.services import plans as service
from tests.builders import make_plan


def url(tree, name, plan, **extra):
    return reverse(f"planning:{name}", kwargs={"partnership_slug": tree.partnership.slug, "plan_id": plan.pk, **extra})


def step(client, tree, name, plan):
    plan.refresh_from_db()
    return client.post(url(tree, name, plan), {"version": plan.version}, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_plan_cannot_be_approved_by_the_board_before_the_executive_board_recommends(client, boards_a):
    plan = make_plan(boards_a, state=PlanState.SUBMITTED)
    client.force_login(boards_a.members["board"].user)
    response = step(client, boards_a, "plan_approve", plan)
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED and plan.approved_at is None
    assert "The executive board has not recommended this plan yet" in " ".join(messages_of(response))
    # and the page does not offer the button, saying why
    page = client.get(plan.get_absolute_url())
    assert b"Approve the plan" not in page.content
    assert b"has not recommended this plan yet" in page.content


def test_the_whole_journey_keeps_versions_challenges_and_answers(client, boards_a):
    tree = boards_a
    plan = make_plan(tree)
    client.force_login(tree.members["officer"].user)
    assert "submitted to the executive board" in " ".join(messages_of(step(client, tree, "plan_submit", plan)))
    item = plan.items.get()
    # the PSG challenges the item; recommending waits for the answer
    client.force_login(tree.members["psg"].user)
    client.post(url(tree, "plan_challenge", plan), {"item": item.pk, "question": "Why only three schools?"})
    challenge = plan.challenges.get()
    assert (challenge.item, challenge.plan_version, challenge.is_open) == (item, 1, True)
    refused = step(client, tree, "plan_recommend", plan)
    assert "1 challenge still waits" in " ".join(messages_of(refused))
    # the theme withdraws, changes the item, answers and resubmits: version 2
    client.force_login(tree.members["officer"].user)
    step(client, tree, "plan_withdraw", plan)
    client.post(
        url(tree, "challenge_answer", plan, plan_challenge_id=challenge.pk),
        {"version": challenge.version, "answer": "The other two join in January; item changed."},
    )
    step(client, tree, "plan_submit", plan)
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED and list(plan.versions.values_list("number", flat=True)) == [1, 2]
    client.force_login(tree.members["psg"].user)
    step(client, tree, "plan_recommend", plan)
    client.force_login(tree.members["board"].user)
    step(client, tree, "plan_approve", plan)
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    assert plan.recommended_by == tree.members["psg"].user and plan.approved_by == tree.members["board"].user
    reasons = list(plan.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[:2] == [None, "Submitted (version 1)"] and reasons[-2:] == ["Recommended for approval", "Approved"]


def test_each_step_tells_who_acts_next(boards_a):
    tree = boards_a
    plan = make_plan(tree)
    service.submit(
        plan, expected_version=plan.version, user=tree.members["officer"].user, today=plan.items.get().due_date
    )
    assert Notice.objects.filter(membership=tree.members["psg"], subject__contains="submitted").exists()
    service.raise_challenge(plan, item=None, question="Is the funding secured?", user=tree.members["psg"].user)
    assert Notice.objects.filter(membership=tree.members["officer"], body__contains="Is the funding secured?").exists()


def test_a_plan_whose_items_are_not_smart_is_not_submitted_and_says_why(client, boards_a):
    plan = make_plan(boards_a)
    plan.items.update(lead_officer=None)
    client.force_login(boards_a.members["officer"].user)
    response = step(client, boards_a, "plan_submit", plan)
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT and not plan.versions.exists()
    assert "Choose the named lead for this action." in " ".join(messages_of(response))


@pytest.mark.parametrize(
    "who,name,state",
    [
        ("psg", "plan_submit", PlanState.DRAFT),  # only the theme submits its plan
        ("officer", "plan_recommend", PlanState.SUBMITTED),  # the theme cannot recommend its own plan
        ("business", "plan_approve", PlanState.RECOMMENDED),  # approval is the partnership board's
        ("psg", "plan_approve", PlanState.RECOMMENDED),
        ("chair", "plan_challenge", PlanState.SUBMITTED),  # the theme board's chair is not the PSG
    ],
)
def test_a_member_without_the_role_gets_403(client, boards_a, who, name, state):
    plan = make_plan(boards_a, state=state)
    client.force_login(boards_a.members[who].user)
    assert client.post(url(boards_a, name, plan), {"version": plan.version}).status_code == 403
    assert ActionPlan.objects.get(pk=plan.pk).state == state


def test_two_people_taking_the_same_step_at_once_do_not_both_succeed(client, boards_a):
    plan = make_plan(boards_a, state=PlanState.SUBMITTED)
    seen = plan.version
    client.force_login(boards_a.members["psg"].user)
    client.post(url(boards_a, "plan_recommend", plan), {"version": seen})
    second = client.post(url(boards_a, "plan_recommend", plan), {"version": seen}, follow=True)
    assert "Someone else changed this plan" in " ".join(messages_of(second))
    assert (
        ActionPlan.objects.get(pk=plan.pk).history.filter(history_change_reason="Recommended for approval").count() == 1
    )


def test_an_item_form_says_what_is_not_smart_and_keeps_what_was_typed(client, boards_a):
    plan = make_plan(boards_a, items=0)
    client.force_login(boards_a.members["officer"].user)
    response = client.post(url(boards_a, "item_create", plan), {"activity": "Do more", "outcome": "lots"})
    assert response.status_code == 200 and not plan.items.exists()
    content = response.content.decode()
    assert "Say specifically what will be done" in content and "with a figure or date" in content
    assert "Do more" in content


def test_another_partnerships_member_gets_404(client, boards_a, tree_b):
    plan = make_plan(boards_a, state=PlanState.SUBMITTED)
    client.force_login(tree_b.members["admin"].user)
    assert client.get(plan.get_absolute_url().replace("/alpha/", "/beta/")).status_code == 404
