"""Halton's planning cycle (seed 003 §3, issue 16): performance reviewed six-monthly (September and
March), finance quarterly; the December quarter is the "Quarter 3 update on spending and
activities", an exception/summary report to the HSP Board; the June quarter, covered by the annual
review, collects returns and spend only."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from indicators.periods import PeriodKind, Span
from reporting.models import ExceptionReport, PartnershipReport
from reporting.services.chain import assemble_at_milestone, draft_at_deadline, send_out_reports
from reporting.services.cycles import open_cycle, settings_for
from reporting.timetable import CycleKind, cycle_kind, has_reports, papers_for

D = dt.date
Q3 = Span(PeriodKind.QUARTER, D(2025, 10, 1))  # Oct-Dec 2025
Q1 = Span(PeriodKind.QUARTER, D(2025, 4, 1))  # Apr-Jun 2025


def test_each_quarter_has_its_kind_under_each_cadence():
    ends = [D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31), D(2026, 3, 31)]
    assert [cycle_kind(end, "six_monthly") for end in ends] == ["finance_only", "review", "update", "review"]
    assert {cycle_kind(end, "quarterly") for end in ends} == {"review"}
    assert [has_reports(end, "six_monthly") for end in ends] == [False, True, True, True]


def six_monthly(tree):
    settings = settings_for(tree.partnership)
    settings.cadence = "six_monthly"
    settings.save()
    return tree


@pytest.fixture
def halton(tree_a):
    return six_monthly(tree_a)


def run_chain(cycle):
    now = timezone.now()
    draft_at_deadline(cycle, today=cycle.collation_deadline + dt.timedelta(days=1), now=now)
    cycle.refresh_from_db()
    send_out_reports(cycle, today=cycle.exception_reports_due, now=now)
    cycle.refresh_from_db()
    assemble_at_milestone(cycle, today=cycle.partnership_report_due, now=now)
    cycle.refresh_from_db()
    return cycle


def test_the_q3_update_exists_under_the_six_monthly_cadence(halton):
    cycle = open_cycle(halton.partnership, Q3)
    assert cycle.kind == CycleKind.UPDATE and cycle.has_reports and not cycle.is_performance_review
    cycle = run_chain(cycle)
    # every theme's exception/summary report, sent out, and the partnership's Quarter 3 update
    assert ExceptionReport.objects.filter(cycle=cycle).count() == 2 and cycle.reports_sent_at
    version = PartnershipReport.objects.get(cycle=cycle)
    assert version.data["kind"] == "update"
    assert version.data["title"] == "Quarter 3 update on spending and activities"


def test_the_june_quarter_stays_finance_only(halton):
    cycle = run_chain(open_cycle(halton.partnership, Q1))
    assert cycle.kind == CycleKind.FINANCE_ONLY
    assert not ExceptionReport.objects.filter(cycle=cycle).exists()
    assert not PartnershipReport.objects.filter(cycle=cycle).exists() and not cycle.report_assembled_at


def test_a_quarterly_partnerships_december_is_a_full_review(tree_a):
    cycle = run_chain(open_cycle(tree_a.partnership, Q3))
    assert cycle.kind == CycleKind.REVIEW
    assert PartnershipReport.objects.get(cycle=cycle).data["title"] == "HSP/PMG report"


def test_the_q3_update_page_and_pdf_say_so_and_are_lighter(client, halton, django_assert_max_num_queries):
    cycle = run_chain(open_cycle(halton.partnership, Q3))
    client.force_login(halton.members["admin"].user)
    url = f"/p/{halton.partnership.slug}/reports/hsp/{cycle.pk}/"
    with django_assert_max_num_queries(40):
        html = client.get(url + "?level=detail").content.decode()
    assert '<h1 class="govuk-heading-l">Quarter 3 update on spending and activities</h1>' in html
    assert "Cross-thematic trends" not in html  # the six-monthly reviews have the trends
    assert "Spend by funding stream" in html and "Spend off profile by theme" in html
    response = client.get(url + "pdf/?level=detail")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Quarter 3 update on spending and activities" in text and "Cross-thematic trends" not in text


def test_the_timetable_explains_the_update_and_links_to_it(client, halton):
    cycle = open_cycle(halton.partnership, Q3)
    client.force_login(halton.members["admin"].user)
    html = client.get(f"/p/{halton.partnership.slug}/timetable/?cycle={cycle.pk}").content.decode()
    assert "this is the Quarter 3 update on spending and activities" in html
    assert f"/reports/hsp/{cycle.pk}/" in html and ">Quarter 3 update</a>" in html
    june = open_cycle(halton.partnership, Q1)
    html = client.get(f"/p/{halton.partnership.slug}/timetable/?cycle={june.pk}").content.decode()
    assert "covered by the annual review, collects returns and spend" in html
    assert f"/reports/hsp/{june.pk}/" not in html


def test_the_boards_papers_in_the_update_are_the_reports():
    from reporting.timetable import Offsets, milestones

    m = milestones(Q3.end, Offsets(), frozenset())
    assert papers_for("executive_board", m, with_reports=has_reports(Q3.end, "six_monthly")).ready == (
        m.partnership_report_due
    )
    assert papers_for("executive_board", m, with_reports=has_reports(Q1.end, "six_monthly")).ready == (
        m.collation_deadline
    )
