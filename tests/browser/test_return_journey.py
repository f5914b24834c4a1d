"""Journey 1: a performance officer enters a return with one invalid value, sees the error where
they are looking, corrects it and submits."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from indicators.models import IndicatorReturn

from ..builders import make_indicator
from .helpers import sign_in

pytestmark = pytest.mark.usefixtures("returns_a")


def test_officer_enters_a_return_fixes_an_error_and_submits(page, live_server, tree_a, screenshot, console_watch):
    # given: a quarterly percentage the officer's theme reports, target 60 with monitoring level 55
    indicator = make_indicator(
        tree_a,
        "L 77",
        title="Residents satisfied with services",
        unit="percentage",
        polarity="higher",
        targets=[(tree_a.quarter.financial_year, Decimal(60), Decimal(55))],
    )
    sign_in(page, live_server, "officer_a")

    # when: they open their returns and the indicator's return
    page.get_by_role("link", name="Returns", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Returns for {tree_a.quarter.label}")
    page.get_by_role("link", name="L 77 Residents satisfied with services").click()

    # and type an impossible percentage
    page.get_by_label("Result for this period").fill("140")
    page.get_by_label("Commentary").fill("From the residents' panel survey")
    page.get_by_role("button", name="Submit for approval").click()

    # then: the error is in the summary and beside the field, and what they typed is still there
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a percentage between 0 and 100.")
    expect(page.locator("#id_value-error")).to_contain_text("Enter a percentage between 0 and 100.")
    expect(page.get_by_label("Result for this period")).to_have_value("140")
    expect(page.get_by_label("Commentary")).to_have_value("From the residents' panel survey")

    # when: they correct it, see the status it would get, confirm data quality and submit
    page.get_by_label("Result for this period").fill("62")
    expect(page.locator("#status-preview")).to_contain_text("Green")
    for standard in ("Accurate", "Valid", "Reliable", "Timely", "Relevant", "Complete"):
        page.get_by_label(standard, exact=False).check()
    page.get_by_role("button", name="Submit for approval").click()

    # then: back on their returns, submitted
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted for approval")
    expect(page.locator(".govuk-task-list")).to_contain_text("Submitted")
    ret = IndicatorReturn.objects.get(indicator=indicator)
    assert ret.state == "submitted" and ret.value == Decimal(62)
    console_watch.assert_clean()
    screenshot("journey-1-return-submitted")
