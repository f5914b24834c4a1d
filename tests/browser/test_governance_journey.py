"""Journey: the governance loop. The theme's Performance Management Lead finalises the exception
report; an executive board member sees the HSP/PMG report's new version with its words, records
a decision at the board's meeting; the board's next pack opens with it in the matters arising."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from partnership.models import Board, BoardKind, Meeting
from partnership.roles import Role
from reporting.models import PartnershipReport
from reporting.services.chain import assemble_at_milestone

from ..builders import make_member, make_user
from ..reporting.test_exception_reports import add_quarter_results
from .helpers import sign_in, sign_out

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


def test_a_finalised_report_reaches_the_executive_whose_decision_opens_the_next_pack(
    page, live_server, tree_a, settings, tmp_path, screenshot, console_watch
):
    settings.MEDIA_ROOT = tmp_path
    # given: the quarter's draft reports, and the HSP/PMG report assembled from them at its milestone
    t = add_quarter_results(tree_a)
    t.cycle.refresh_from_db()
    assert assemble_at_milestone(t.cycle, today=t.cycle.partnership_report_due, now=timezone.now())
    executive = Board.objects.get(partnership=t.partnership, kind=BoardKind.EXECUTIVE_BOARD)
    make_member(
        t.partnership, make_user("exec_a", first_name="Esther", last_name="Okafor"), [(Role.BOARD_MEMBER, executive)]
    )
    now = timezone.now()
    this_meeting = Meeting.objects.create(board=executive, starts_at=now + dt.timedelta(days=2), title="PMG")
    next_meeting = Meeting.objects.create(board=executive, starts_at=now + dt.timedelta(days=60), title="PMG")

    # when: the PML writes the last words and marks the report final
    sign_in(page, live_server, "pml_alpha")
    page.goto(f"{live_server.url}/p/alpha/reports/exception/{t.report.pk}/")
    page.get_by_role("link", name="Edit the report").click()
    page.get_by_label("Reason the target is not being met (A 1)").fill("Two employers left the borough")
    page.get_by_label("Decisions required (R 1)").fill("Fund two more tutors from the reward grant")
    page.get_by_role("button", name="Save and mark as final").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked final")
    sign_out(page)

    # then: the executive board's member reads the new version, with the PML's words
    sign_in(page, live_server, "exec_a")
    page.goto(f"{live_server.url}/p/alpha/reports/hsp/{t.cycle.pk}/?level=detail")
    expect(page.locator("#version")).to_contain_text("Version 2")
    expect(page.locator("main")).to_contain_text("Fund two more tutors from the reward grant")
    expect(page.locator("#versions")).to_be_visible()
    assert PartnershipReport.objects.filter(cycle=t.cycle).count() == 2

    # and records the board's decision on it at this meeting
    page.goto(f"{live_server.url}/p/alpha/meetings/{this_meeting.pk}/decisions/")
    form = page.locator("details", has_text="Record a decision on R 1")
    form.locator("summary").click()
    form.get_by_label("Decision").fill("Agreed: two tutors funded from the reward grant")
    form.get_by_label("Owner").select_option(label="Esther Okafor")
    form.get_by_label("Due date").fill((now + dt.timedelta(days=45)).date().isoformat())
    form.get_by_role("button", name="Record the decision on R 1").click()
    expect(page.locator("#decisions").locator("xpath=following-sibling::*[1]")).to_contain_text(
        "Agreed: two tutors funded from the reward grant"
    )

    # and the board's next pack opens with it in the matters arising
    page.goto(f"{live_server.url}/p/alpha/packs/meeting/{next_meeting.pk}/")
    expect(page.locator("main")).to_contain_text("Matters arising")
    page.get_by_role("button", name="Request the board pack").click()
    download_link = page.get_by_role("link", name=re.compile(r"Download the board pack"))
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        download_link.click()
    with open(download_info.value.path(), "rb") as pdf:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "Matters arising" in text and "two tutors funded from the reward grant" in text
    console_watch.assert_clean()
    screenshot("journey-governance-loop")
