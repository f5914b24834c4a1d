"""axe-core on the main pages, each as the person who uses it, with realistic data: no violation
of serious or critical impact.

axe is injected into the page, which the Content-Security-Policy would refuse, so these pages
are opened in one context of their own that bypasses the policy; the journeys keep it."""

from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from indicators.models import Period
from indicators.return_rules import ATTESTATION_FIELDS
from indicators.services.returns import ReturnInput, save_return
from indicators.workflow import ReturnAction
from partnership.roles import Role
from partnership.services.access import access_for

from ..builders import make_indicator, make_member, make_user
from .helpers import axe_violations, blocking, describe_violations

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


@pytest.fixture(scope="module")
def axe_page(browser):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def realistic(tree):
    """tree_a with a percentage indicator that has a year of approved results (so a chart and
    statuses) and a return submitted for the theme's report coordinator to approve, a second one
    whose return is a draft in progress, and the quarter's exception reports."""
    quarter = tree.quarter
    earlier = [quarter.previous().previous().previous(), quarter.previous().previous(), quarter.previous()]
    target_years = sorted({span.financial_year for span in earlier + [quarter]})
    officer = tree.members["officer"]

    def percentage(code, title, results=()):
        return make_indicator(
            tree,
            code,
            title=title,
            unit="percentage",
            polarity="higher",
            results=results,
            targets=[(year, Decimal(60), Decimal(55)) for year in target_years],
        )

    def enter(indicator, action, value):
        save_return(
            indicator=indicator,
            period=Period.objects.for_span(quarter),
            action=action,
            user=officer.user,
            access=access_for(officer),
            expected_version=0,
            data=ReturnInput(
                value=Decimal(value),
                commentary="From the residents' panel survey",
                variance_reason="Fewer responses",
                action_taken="A second survey round",
                attestations=dict.fromkeys(ATTESTATION_FIELDS, True),
            ),
        )

    tree.satisfaction = percentage(
        "L 77",
        "Residents satisfied with services",
        results=list(zip(earlier, (Decimal(52), Decimal(56), Decimal(61)), strict=True)),
    )
    enter(tree.satisfaction, ReturnAction.SUBMIT, 57)
    tree.involvement = percentage("L 78", "Residents who feel they can influence decisions")
    enter(tree.involvement, ReturnAction.SAVE_DRAFT, 48)
    tree.members["coordinator"] = make_member(
        tree.partnership, make_user("coordinator_a"), [(Role.REPORT_COORDINATOR, tree.theme)]
    )
    return tree.with_reports()


def log_in(page, live_server, user):
    """Sign in by session cookie: these tests are about the pages, the journeys test signing in."""
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def return_url(indicator_of):
    return lambda tree: f"/p/alpha/returns/{indicator_of(tree).pk}/{Period.objects.for_span(tree.quarter).pk}/"


def submit_an_impossible_percentage(page):
    page.get_by_label("Result for this period").fill("140")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


class PageToCheck(NamedTuple):
    name: str
    persona: str | None  # a member of tree_a, or None: signed out
    url: Callable  # tree -> path
    prepare: Callable | None = None  # page -> None: what to do there before the check
    status: int = 200


PAGES = [
    PageToCheck("sign-in", None, lambda t: "/accounts/login/"),
    PageToCheck("home: what needs you now", "chair", lambda t: "/"),
    PageToCheck("partnership overview", "admin", lambda t: "/p/alpha/"),
    PageToCheck("my returns", "officer", lambda t: "/p/alpha/returns/"),
    PageToCheck("return form", "officer", return_url(lambda t: t.involvement)),
    PageToCheck(
        "return form with errors", "officer", return_url(lambda t: t.involvement), submit_an_impossible_percentage
    ),
    PageToCheck("return awaiting approval", "coordinator", return_url(lambda t: t.satisfaction)),
    PageToCheck("indicators list", "admin", lambda t: "/p/alpha/indicators/"),
    PageToCheck("indicator detail with chart", "outcome_lead", lambda t: f"/p/alpha/indicators/{t.satisfaction.pk}/"),
    PageToCheck("theme dashboard", "chair", lambda t: f"/p/alpha/themes/{t.theme.slug}/dashboard/"),
    PageToCheck("reports list", "admin", lambda t: "/p/alpha/reports/"),
    PageToCheck("exception report", "admin", lambda t: f"/p/alpha/reports/exception/{t.exception_report.pk}/"),
    PageToCheck("board", "chair", lambda t: f"/p/alpha/boards/{t.theme_board.pk}/"),
    PageToCheck("board pack request", "business", lambda t: f"/p/alpha/packs/meeting/{t.meeting.pk}/"),
    PageToCheck("escalation list", "admin", lambda t: "/p/alpha/escalation/"),
    PageToCheck("timetable", "admin", lambda t: "/p/alpha/timetable/"),
    PageToCheck("people list", "admin", lambda t: "/p/alpha/people/"),
    PageToCheck("member with history", "admin", lambda t: f"/p/alpha/people/{t.members['officer'].pk}/"),
    PageToCheck("deactivation confirmation", "admin", lambda t: f"/p/alpha/people/{t.members['plain'].pk}/deactivate/"),
    PageToCheck("page not found", "admin", lambda t: "/p/no-such-partnership/", status=404),
]


@pytest.mark.parametrize("checked", PAGES, ids=[p.name for p in PAGES])
def test_page_has_no_serious_accessibility_violations(axe_page, live_server, tree_a, checked):
    tree = realistic(tree_a)
    log_in(axe_page, live_server, tree.members[checked.persona].user if checked.persona else None)

    response = axe_page.goto(live_server.url + checked.url(tree))
    assert response.status == checked.status, f"{checked.name} answered {response.status}"
    if checked.prepare:
        checked.prepare(axe_page)

    violations = blocking(axe_violations(axe_page))
    assert not violations, (
        f"{checked.name} ({axe_page.url}) has accessibility violations:\n{describe_violations(violations)}"
    )


def test_the_check_fails_a_page_with_a_serious_violation(axe_page, live_server, db):
    # given: the sign-in page with a form field that has no label, as a template mistake would leave it
    log_in(axe_page, live_server, None)
    axe_page.goto(f"{live_server.url}/accounts/login/")
    axe_page.evaluate("""() => {
        const field = document.createElement("input");
        field.type = "text";
        document.querySelector("form").append(field);
    }""")

    # then: axe reports it as critical, naming the field
    violations = blocking(axe_violations(axe_page))
    assert [v["id"] for v in violations] == ["label"], describe_violations(violations)
    assert "input" in describe_violations(violations)


def test_server_error_page_has_no_serious_accessibility_violations(axe_page, live_server, rf, db):
    # given: the page Django serves when a view fails, answered at a URL of the live server so its styles load
    from django.views.defaults import server_error

    error_page = server_error(rf.get("/")).content
    broken_url = f"{live_server.url}/broken/"
    axe_page.route(
        broken_url, lambda route: route.fulfill(status=500, body=error_page, content_type="text/html; charset=utf-8")
    )

    response = axe_page.goto(broken_url)
    assert response.status == 500
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Sorry, there is a problem with the service")
    violations = blocking(axe_violations(axe_page))
    assert not violations, f"The server error page has accessibility violations:\n{describe_violations(violations)}"
    axe_page.unroute(broken_url)
