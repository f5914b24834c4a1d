"""Journey 1 by keyboard alone: Tab, Shift+Tab, Enter, Space and typing, from the sign-in page to
the submitted return. Focus must always be somewhere a person can see it."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from indicators.models import IndicatorReturn

from ..builders import PASSWORD, make_indicator
from .helpers import assert_focus_visible, focused, tab_to

pytestmark = pytest.mark.usefixtures("returns_a")

STANDARDS = ("Accurate", "Valid", "Reliable", "Timely", "Relevant", "Complete")
RESULT = re.compile(r"^Result for this period\b")  # the label goes on to name the unit


def test_officer_completes_a_return_with_the_keyboard_only(page, live_server, tree_a, screenshot, console_watch):
    # given: the same percentage indicator as journey 1, target 60 with monitoring level 55
    indicator = make_indicator(
        tree_a,
        "L 77",
        title="Residents satisfied with services",
        unit="percentage",
        polarity="higher",
        targets=[(tree_a.quarter.financial_year, Decimal(60), Decimal(55))],
    )
    page.goto(f"{live_server.url}/accounts/login/")

    # then: the first Tab stop is the skip link (nothing is autofocused), and Username follows
    tab_to(page, "Skip to main content", limit=1)
    tab_to(page, "Username")
    assert_focus_visible(focused(page))

    # when: they sign in by keyboard
    page.keyboard.type("officer_a")
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")

    # then: on the next page the first Tab stop is the skip link, and it takes them to the content
    skip_link = tab_to(page, "Skip to main content", limit=1)
    assert skip_link["tag"] == "a"
    shown = page.get_by_role("link", name="Skip to main content").bounding_box()
    assert shown["width"] > 100 and shown["height"] > 10, (
        f"The focused skip link is not shown: {shown}"
    )  # hidden, it is 1px
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # when: they go back up to the service navigation's Returns, and on to the indicator's return
    tab_to(page, "Returns", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Returns for {tree_a.quarter.label}")
    tab_to(page, "L 77 Residents satisfied with services")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("L 77 Residents satisfied with services")

    # and type an impossible percentage and submit
    tab_to(page, RESULT)
    page.keyboard.type("140")
    tab_to(page, "Commentary")
    page.keyboard.type("From the residents' panel survey")
    tab_to(page, "Submit for approval")
    page.keyboard.press("Enter")

    # then: the error summary takes focus (GOV.UK Frontend's error summary does this on load)
    error_summary = page.locator(".govuk-error-summary")
    expect(error_summary).to_be_focused()
    summary_focus = focused(page)
    assert summary_focus["outline"], f"The focused error summary has no visible outline: {summary_focus['html']}"

    # when: they Tab to the error and follow it
    tab_to(page, "Enter a percentage between 0 and 100.", limit=1)
    page.keyboard.press("Enter")

    # then: focus moves to the field in error, what they typed still there
    result_field = page.get_by_label("Result for this period")
    expect(result_field).to_be_focused()
    expect(result_field).to_have_value("140")
    assert_focus_visible(focused(page))

    # when: they replace it, and Shift+Tab back to check the field they left
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("62")
    expect(page.locator("#status-preview")).to_contain_text("Green")
    tab_to(page, "Commentary")
    tab_to(page, RESULT, backwards=True)
    expect(result_field).to_have_value("62")

    # and tick the six data-quality standards with Space
    for standard in STANDARDS:
        checkbox = tab_to(page, re.compile(f"^{standard}:"))
        page.keyboard.press("Space")
        expect(page.locator(f"#{checkbox['id']}")).to_be_checked()

    # and submit
    tab_to(page, "Submit for approval")
    page.keyboard.press("Enter")

    # then: the success banner takes focus and their returns show it submitted
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("submitted for approval")
    expect(banner).to_be_focused()
    expect(page.locator(".govuk-task-list")).to_contain_text("Submitted")
    ret = IndicatorReturn.objects.get(indicator=indicator)
    assert ret.state == "submitted" and ret.value == Decimal(62)
    console_watch.assert_clean()
    screenshot("journey-1-keyboard-return-submitted")
