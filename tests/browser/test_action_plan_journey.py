"""Journey: Halton's annual action plan. The theme submits its plan; a PSG member challenges an
item; the theme answers; the PSG recommends the plan and the Board approves it, and the approved
plan is in the partnership's LAA action plan."""

from playwright.sync_api import expect

from partnership.roles import Role
from planning.models import ActionPlan, PlanState

from ..builders import make_member, make_plan, make_user
from .helpers import sign_in, sign_out


def test_a_theme_plan_is_challenged_answered_recommended_and_approved(
    page, live_server, tree_a, screenshot, console_watch
):
    # given: a draft plan for the theme, a member of the PSG (the executive board) and of the Board
    t = tree_a
    plan = make_plan(t)
    executive = t.business_group.parent
    make_member(
        t.partnership, make_user("psg_a", first_name="Priya", last_name="Shah"), [(Role.BOARD_MEMBER, executive)]
    )
    make_member(
        t.partnership, make_user("board_a", first_name="Ben", last_name="Adeyemi"), [(Role.BOARD_CHAIR, t.top_board)]
    )
    plan_url = f"{live_server.url}{plan.get_absolute_url()}"

    # when: the theme's officer submits it
    sign_in(page, live_server, "officer_a")
    page.goto(f"{live_server.url}/p/alpha/plans/")
    page.get_by_role("link", name="Well-Being").click()
    page.get_by_role("button", name="Submit to the executive board").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted to the executive board")
    sign_out(page)

    # and the PSG member challenges its item, and cannot recommend until it is answered
    sign_in(page, live_server, "psg_a")
    page.goto(plan_url)
    page.get_by_role("link", name="Challenge item 1").click()
    page.get_by_label("Your challenge").fill("Why only three schools, when the rate is highest in Widnes?")
    page.get_by_role("button", name="Send the challenge").click()
    expect(page.locator("main")).to_contain_text("Waiting for the theme's answer")
    expect(page.locator("main")).to_contain_text("1 challenge still waits for the theme's answer")
    expect(page.get_by_role("button", name="Recommend for approval")).to_have_count(0)
    sign_out(page)

    # and the theme answers
    sign_in(page, live_server, "officer_a")
    page.goto(plan_url)
    page.get_by_role("link", name="Answer the challenge").click()
    page.get_by_label("The theme's answer").fill("The Widnes schools join in January, funded from the reward grant.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator("main")).to_contain_text("The Widnes schools join in January")
    sign_out(page)

    # then: the PSG recommends and the Board approves
    sign_in(page, live_server, "psg_a")
    page.goto(plan_url)
    page.get_by_role("button", name="Recommend for approval").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recommended to the partnership board")
    sign_out(page)
    sign_in(page, live_server, "board_a")
    page.goto(plan_url)
    page.get_by_role("button", name="Approve the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Plan approved")
    plan = ActionPlan.objects.get(pk=plan.pk)
    assert plan.state == PlanState.APPROVED and plan.challenges.get().answer.startswith("The Widnes schools")

    # and the plan is in the partnership's LAA action plan
    page.goto(f"{live_server.url}/p/alpha/plans/laa/{plan.financial_year}/")
    expect(page.locator("main")).to_contain_text("Run weekly drop-in sessions at the three secondary schools")
    console_watch.assert_clean()
    screenshot("journey-action-plan")
