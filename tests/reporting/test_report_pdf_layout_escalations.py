"""The six-monthly escalations report as a board document, and an exception report with many
items: each escalation with its chart, plan and actions in full; compact charts when there are
many. (The other report PDFs: test_report_pdf_layout.py, whose helpers these share.)"""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from escalation.services.decisions import close as close_escalation
from escalation.services.decisions import open_by_hand
from escalation.services.reports import six_monthly_report
from indicators.board_charts import alt_text, board_trend_svg
from indicators.periods import PeriodKind, latest_ended, span_containing
from partnership.pdf import render_pdf
from partnership.pdf_structure import structure
from reporting.services.chain import draft_at_deadline
from reporting.services.cycles import open_cycle
from reporting.services.exception_reports import exception_report_pdf

from ..builders import make_indicator
from ..poppler import needs_poppler
from .test_report_pdf_layout import pdf_text, quarters_back, report_of, words

pytestmark = [pytest.mark.usefixtures("returns_a", "escalations_a"), needs_poppler]


# --- the six-monthly escalations report ----------------------------------------------------------

LONG_PLAN = (
    "Joint commissioning with the PCT of a young people's sexual health service in every secondary school, "
    "contraception available at the three youth centres on weekday evenings, and a monthly review of the "
    "conception data with the teenage pregnancy co-ordinator until the rate is back within the monitoring level."
)


def test_the_six_monthly_report_sets_out_each_escalation_with_its_chart_plan_and_actions(tree_a, tmp_path):
    today = timezone.localdate()
    quarter = latest_ended(PeriodKind.QUARTER, today)
    rate = make_indicator(
        tree_a,
        "L 40",
        title="Violent crime recorded per 1,000 residents across the borough's eight wards",
        unit="rate",
        polarity="lower",
        targets=[(year, Decimal(20), Decimal(22)) for year in {s.financial_year for s in quarters_back(quarter, 6)}],
        results=list(zip(quarters_back(quarter, 6), (19, 20, 21, 22, 23, 24), strict=True)),
    )
    high = open_by_hand(tree_a.partnership, rate, stage=3, evidence="Rising for a year.", user=None, today=today)
    high.plan = LONG_PLAN
    high.save()
    closed = open_by_hand(
        tree_a.partnership, make_indicator(tree_a, "L 41"), stage=2, evidence="e", user=None, today=today
    )
    close_escalation(closed, user=None, decision="Back on target for two quarters: the plan is complete.", today=today)
    half = span_containing(PeriodKind.HALF, today)
    report = six_monthly_report(tree_a.partnership, half, today)
    pdf = render_pdf("escalation/six_monthly_report_print.html", {"report": report, "partnership": tree_a.partnership})
    flat = words(pdf_text(pdf, tmp_path))
    # a heading for the document, each stage and each escalation
    headings = structure(pdf).headings
    assert headings[0] == (1, report.title)
    assert (2, "Stage 3: 1 open") in headings and (2, "Closed in the half") in headings and (2, "Risks") in headings
    assert (3, "L 40 Violent crime recorded per 1,000 residents across the borough's eight wards") in headings
    # the indicator's chart (alt text from its figures), status, plan and SMART action with lead and date
    [item] = report.sections[0].items
    chart = item.indicator_row["chart"]  # the quarters up to the latest, with target and band
    assert [Decimal(str(point["actual"])) for point in chart] == [19, 20, 21, 22, 23, 24]
    assert {(Decimal(str(point["target"])), Decimal(str(point["level"]))) for point in chart} == {(20, 22)}
    assert 'class="band"' in board_trend_svg(item.indicator_row, width=250, height=90)
    figures = structure(pdf).figures
    assert alt_text(item.indicator_row) in figures and item.indicator_row["actual_display"]
    assert any(
        alt.startswith("Open risks by likelihood and impact: 1 open risk, the highest scoring 20") for alt in figures
    )
    assert "■ Red Below monitoring level" in flat
    assert LONG_PLAN in flat and "No plan written yet." in flat  # the fixture's stage 1 escalation has none
    action = tree_a.action
    assert action.description in flat and f"Lead: {action.lead.display_name}" in flat
    assert f"Due: {action.due_date:%-d %b %Y}" in flat and "No SMART actions agreed yet." in flat
    assert "Back on target for two quarters: the plan is complete." in flat
    assert {"Stage 3", "Opened in the half", "Risk", "Mitigation", "Status"} <= set(structure(pdf).header_cells)
    assert "…" not in flat and len(PdfReader(io.BytesIO(pdf)).pages) <= 3


def test_a_theme_with_many_exceptions_gets_compact_charts_and_a_few_pages(tree_a, tmp_path):
    spans = quarters_back(tree_a.quarter, 4)
    level = [(year, Decimal(60), Decimal(55)) for year in {span.financial_year for span in spans}]
    titles = [f"M {n:02d} Local measure {n} of adult learners completing a first Level 2 course" for n in range(12)]
    for number, title in enumerate(titles):
        make_indicator(
            tree_a,
            title[:4],
            title=title[5:],
            unit="count",
            polarity="higher",
            targets=level,
            results=list(zip(spans, (59, 57, 54, 50 + number % 3), strict=True)),
        )
    tree_a.cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    draft_at_deadline(tree_a.cycle, today=tree_a.cycle.exception_reports_due, now=timezone.now())
    tree_a.report = tree_a.cycle.exception_reports.get(theme=tree_a.theme)
    report = report_of(tree_a)
    assert report.items.count() == 12
    pdf, _ = exception_report_pdf(report)
    flat = words(pdf_text(pdf, tmp_path))
    for title in titles:
        assert title in flat
    assert len([alt for alt in structure(pdf).figures if alt.startswith("M ")]) == 12
    assert 3 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 6
    assert "…" not in flat
