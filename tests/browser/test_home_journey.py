"""Each demo persona signs in to their home, sees their own next steps, and every step opens a page
where they can do it: never a 403 or a 404, and something to act on (a form, a button, a link to
the task) unless the step only says what they are waiting for."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from partnership.demo.personas import DEMO_PASSWORD, PERSONAS

# What each persona's home must show, in the words of a step's title.
FIRST_STEP = {
    "officer": "Revise and resubmit the NI 40 return",
    "coordinator": "Approve or return 1 Integrated Housing return",
    "analyst": "The Well-Being exception report for",
    "chair": "Decision due: NI 112",
    "business": "Your challenge to the L SC1 return",
    "executive": "Your recommendation to the Haringey Strategic Partnership Board",
    "psg": "Challenge or recommend: A Healthy Halton action plan 2027/28",
    "admin": "Set 2026/27 targets for 21 indicators",
}
ACTIONABLE = "main form, main button, main a.govuk-button, main .govuk-task-list__link, main a[download]"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def sign_in_as(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")


def test_every_persona_can_act_on_every_step_of_their_home(page, live_server, demo, console_watch, screenshot):
    for persona in PERSONAS:
        sign_in_as(page, live_server, persona.username)
        items = page.locator(".govuk-task-list__item")
        expect(items.filter(has_text=FIRST_STEP[persona.username])).to_have_count(1)
        if persona.username == "officer":
            screenshot("home-officer")
        steps = [
            (
                item.locator(".govuk-task-list__link").inner_text(),
                item.locator(".govuk-task-list__link").get_attribute("href"),
                item.locator(".govuk-tag").inner_text(),
            )
            for item in items.all()
        ]
        assert steps, persona.username
        for title, href, status in steps:
            response = page.goto(live_server.url + href)
            assert response.status == 200, (persona.username, title, href, response.status)
            heading = page.get_by_role("heading", level=1).inner_text()
            assert not re.search(r"not allowed|not found|permission", heading, re.I), (persona.username, title)
            if not status.lower().startswith(("waiting", "answered")):
                assert page.locator(ACTIONABLE).count(), f"{persona.username}: nothing to act on at {href} ({title})"
        page.goto(f"{live_server.url}/")
        page.get_by_role("button", name=re.compile("^Sign out")).click()
    console_watch.assert_clean()
