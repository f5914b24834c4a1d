"""The executive board's six-monthly report: computed once, rendered as a page and as a PDF."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from escalation.services import decisions
from escalation.services.decisions import open_by_hand, set_route
from escalation.services.ladder import evaluate
from escalation.services.reports import default_half, six_monthly_report
from indicators.periods import PeriodKind, latest_ended, spans_in_year

from ..builders import make_indicator
from .conftest import FY, Q1, Q2, Q3, approve, reviewed_on

pytestmark = pytest.mark.usefixtures("escalations_a")

H1, H2 = spans_in_year(FY, PeriodKind.HALF)


def climb(tree, indicator):
    for span, value in ((Q1, 60), (Q2, 59), (Q3, 58)):
        approve(indicator, span, value)
        evaluate(tree.partnership, span, today=reviewed_on(span))


def test_each_escalation_is_shown_at_its_stage_at_the_end_of_the_half(tree_a, rate):
    climb(tree_a, rate)  # stage 1 on 11 Aug 2024, stage 2 on 11 Nov, stage 3 on 11 Feb 2025
    first = six_monthly_report(tree_a.partnership, H1, today=dt.date(2025, 6, 1))
    second = six_monthly_report(tree_a.partnership, H2, today=dt.date(2025, 6, 1))

    def by_stage(report):
        return {s.stage: [i.escalation.indicator.code for i in s.items] for s in report.sections}

    assert by_stage(first) == {3: [], 2: [], 1: ["L 10"]}
    assert by_stage(second) == {3: ["L 10"], 2: [], 1: []}
    assert [s.stage for s in second.sections] == [3, 2, 1]  # stages 2 and 3 first
    assert second.stage_counts == [("Stage 3", 1), ("Stage 2", 0), ("Stage 1", 0)]
    assert (first.opened_count, second.opened_count) == (1, 0)
    [item] = second.sections[0].items
    assert [e.kind for e in item.events] == ["raised", "raised"]  # November and February
    assert (second.from_board.kind, second.to_board.kind) == ("executive_board", "partnership_board")


def test_closures_and_referrals_in_the_half_are_reported(tree_a, rate):
    set_route(tree_a.partnership, ["Performance Board", "Scrutiny"])
    escalation = open_by_hand(tree_a.partnership, rate, stage=2, evidence="e", user=None, today=dt.date(2024, 11, 1))
    decisions.refer_up(escalation, user=None, note="For challenge.", today=dt.date(2024, 12, 1))
    decisions.close(escalation, user=None, decision="Plan delivered.", today=dt.date(2025, 1, 15))
    report = six_monthly_report(tree_a.partnership, H2, today=dt.date(2025, 6, 1))
    assert [(i.escalation, i.stage) for i in report.closed] == [(escalation, 2)]
    assert report.open_count == 0 and report.opened_count == 1
    assert [e.note for e in report.referrals] == ["Referred to Performance Board. For challenge."]
    assert six_monthly_report(tree_a.partnership, H1, today=dt.date(2025, 6, 1)).closed == []


def test_the_page_and_the_pdf_show_the_same_report(as_plain, tree_a):
    # given escalations at stage 3 (by hand) and the fixture's stage 1, and a risk scoring 20
    indicator = make_indicator(tree_a, "L 40", title="Violent crime")
    open_by_hand(
        tree_a.partnership,
        indicator,
        stage=3,
        evidence="Still rising.",
        user=None,
        today=latest_ended(PeriodKind.HALF, timezone.localdate()).start,
    )
    half = default_half(timezone.localdate())
    # when the page is asked for
    response = as_plain.get("/p/alpha/escalation/report/")
    html = response.content.decode()
    # then it shows the half, the stages highest first, the escalation and the risks
    assert response.status_code == 200
    assert f"Escalations report, {half.label}" in html
    assert html.index("Stage 3: 1 open") < html.index("Stage 2: 0 open") < html.index("Stage 1:")
    assert "L 40 Violent crime" in html and "Grant reduced mid-year" in html and "20: Very high" in html
    report = response.context["report"]
    ET.fromstring(str(report.heat_map))  # well-formed SVG in both renderings
    # and the print template renders the same data
    printed = render_to_string(
        "escalation/six_monthly_report_print.html", {"report": report, "partnership": tree_a.partnership}
    )
    for text in (
        "Stage 3: 1 open",
        "L 40 Violent crime",
        "Grant reduced mid-year",
        "@page",
        "DejaVu Sans",
        "table-layout: fixed",
    ):
        assert text in printed, text
    # and the PDF downloads
    pdf = as_plain.get("/p/alpha/escalation/report.pdf", {"half": half.start.isoformat()})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf.content) > 2000
    assert f'filename="alpha-escalations-{half.start:%Y-%m}.pdf"' in pdf["Content-Disposition"]


def test_an_unknown_half_year_is_explained_and_the_latest_is_shown(as_plain, tree_a):
    response = as_plain.get("/p/alpha/escalation/report/", {"half": "1999-04-01"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert response.context["report"].half == default_half(timezone.localdate())
    assert as_plain.get("/p/alpha/escalation/report.pdf", {"half": "nonsense"}).content.startswith(b"%PDF")
