"""Journey 2: the theme's report coordinator approves a submitted return, and the theme board's
chair then sees its status on the theme dashboard."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from indicators.models import IndicatorReturn, Period
from indicators.return_rules import ATTESTATION_FIELDS
from indicators.services.returns import ReturnInput, save_return
from indicators.workflow import ReturnAction
from partnership.roles import Role
from partnership.services.access import access_for

from ..builders import make_indicator, make_member, make_user
from .helpers import sign_in, sign_out

pytestmark = pytest.mark.usefixtures("returns_a")


def test_coordinator_approves_a_return_and_the_board_chair_sees_its_status(
    page, live_server, tree_a, screenshot, console_watch
):
    # given: the officer has submitted 57% against a target of 60 with monitoring level 55: below
    # target but within the monitoring level, so Amber once approved
    indicator = make_indicator(
        tree_a,
        "L 77",
        title="Residents satisfied with services",
        unit="percentage",
        polarity="higher",
        targets=[(tree_a.quarter.financial_year, Decimal(60), Decimal(55))],
    )
    officer = tree_a.members["officer"]
    save_return(
        indicator=indicator,
        period=Period.objects.for_span(tree_a.quarter),
        action=ReturnAction.SUBMIT,
        user=officer.user,
        access=access_for(officer),
        expected_version=0,
        data=ReturnInput(
            value=Decimal(57),
            commentary="From the residents' panel survey",
            variance_reason="Fewer responses from the east of the borough",
            action_taken="A second survey round in the spring",
            attestations=dict.fromkeys(ATTESTATION_FIELDS, True),
        ),
    )
    # and the theme has a report coordinator
    make_member(
        tree_a.partnership,
        make_user("coordinator_a"),
        [(Role.REPORT_COORDINATOR, tree_a.theme)],
        organisation=tree_a.organisation,
    )

    # when: the coordinator signs in and opens the return waiting for them in Returns
    sign_in(page, live_server, "coordinator_a")
    page.get_by_role("link", name="Returns", exact=True).click()
    task = page.locator(".govuk-task-list__item", has_text="L 77 Residents satisfied with services")
    expect(task).to_contain_text("waiting for your approval")
    expect(task.locator(".govuk-task-list__status")).to_have_text("Submitted")
    task.get_by_role("link", name="L 77 Residents satisfied with services").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("L 77 Residents satisfied with services")

    # and approves it
    page.get_by_role("button", name="Approve").click()

    # then: it is approved, and says so
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "approved: it now counts in dashboards and reports"
    )
    expect(page.locator("main")).to_contain_text("Approved by Coordinator_A Tester")
    assert IndicatorReturn.objects.get(indicator=indicator).state == "approved"
    sign_out(page)

    # when: the Well-Being board's chair signs in and goes from the overview to the theme's dashboard
    sign_in(page, live_server, "chair_a")
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs you now")
    page.get_by_role("link", name="Governance overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha Partnership")
    page.get_by_role("table", name="Themes and the boards that manage them").get_by_role(
        "link", name="Well-Being"
    ).click()
    page.get_by_role("link", name="Well-Being dashboard").click()

    # then: the indicator's row shows the status its approved result earns
    expect(page.get_by_role("heading", level=1)).to_have_text("Well-Being dashboard")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="L 77 Residents satisfied with services"))
    expect(row.get_by_role("cell").nth(2)).to_have_text("57.0%")
    expect(row.get_by_role("cell").nth(3)).to_have_text("60.0%")
    expect(row.locator(".app-status")).to_have_text("Amber")
    expect(row).to_contain_text("Below target, within monitoring level")
    console_watch.assert_clean()
    screenshot("journey-2-return-approved-dashboard")
