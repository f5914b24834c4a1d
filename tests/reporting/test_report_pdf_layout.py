"""The board documents other than the dashboards, as a board reads them: the exception report (on
its own and in a board pack), the decision log, the pack's matters arising, escalations, risks and
overview, and the six-monthly escalations report. Rendered from realistic data and read back with
pdftotext: each indicator's chart (its alternative text is the svg's <title>), status in words,
direction and forecast, every reason, action and decision whole, what is missing said in words,
and no figure cut with an ellipsis."""

import datetime as dt
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from indicators.board_charts import alt_text
from partnership.models import Meeting
from partnership.pdf import render_pdf, write_pdf
from partnership.pdf_structure import structure
from reporting.models import Decision, Recommendation
from reporting.packs import render
from reporting.packs.inputs import collect_inputs
from reporting.services.chain import draft_at_deadline
from reporting.services.cycles import open_cycle
from reporting.services.decisions import decision_log, make_recommendation, recommendation_target
from reporting.services.exception_reports import exception_report_pdf, print_items

from ..builders import make_indicator, make_member, make_return, make_user
from ..poppler import needs_poppler

pytestmark = [pytest.mark.usefixtures("returns_a", "escalations_a"), needs_poppler]

LONG_REASON = (
    "Referrals from the two GP practices in the north of the borough fell by a third after the "
    "practices merged in July, and the college's Level 2 course started six weeks late because two "
    "tutors left at the end of the summer term; the new intake of 48 young people is therefore "
    "counted in the next quarter rather than this one."
)
LONG_ACTION = (
    "The college has recruited two tutors (in post from 4 November), the merged practice has agreed a "
    "named referral lead, and the Connexions service is contacting every young person who left school "
    "in July without a place, with a weekly report to the Outcome Lead until the end of March."
)
LONG_DECISION = "Agree £40,000 from the Area Based Grant reserve to fund a second Level 2 intake in January."


def pdf_text(pdf: bytes, tmp_path, name="document", mode="-raw") -> str:
    """The PDF's text from pdftotext: "-raw" in the order it is drawn (each block's words in reading
    order, as a screen reader meets them: side-by-side blocks do not interleave), "-layout" as the
    page shows it."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", mode, str(path), "-"], check=True, capture_output=True, text=True).stdout


# What is drawn apart from the text it sits beside: a chart's scale, period and latest-value labels,
# and the page footer. pdftotext -raw gives them where they are drawn (after the page's text).
DRAWN_APART = re.compile(r"^\s*([\d.,]+|(Q\d \d{4}/\d{2}\s*)+|.*\bPage \d+( of \d+)?)\s*$")


def words(text: str) -> str:
    """The text as one line, without what is drawn apart from it: a passage wrapped over lines, or
    run on to the next page, reads whole."""
    kept = [line for line in text.splitlines() if not DRAWN_APART.match(line)]
    joined = re.sub(r"-\n", "-", "\n".join(kept))  # a line wrapped after a hyphen ("co-" "ordinator")
    return re.sub(r"\s+", " ", joined)


def quarters_back(quarter, count):
    spans = [quarter]
    while len(spans) < count:
        spans.insert(0, spans[0].previous())
    return spans


@pytest.fixture
def quarter_report(tree_a):
    """Well-Being's quarter frozen with six quarters of results: G 1 green and improving, A 1 amber
    with nothing written yet, R 1 red with a long reason, action and decision required, and a
    decision the theme board recorded on it (owner and due date)."""
    tree = tree_a
    quarter = tree.quarter
    spans = quarters_back(quarter, 6)
    years = sorted({span.financial_year for span in spans})
    level = [(year, Decimal(60), Decimal(55)) for year in years]
    tree.lead = make_member(tree.partnership, make_user("lead_wb", first_name="Asha", last_name="Patel"))
    make_indicator(
        tree,
        "G 1",
        title="Homes built to the lifetime homes standard",
        unit="count",
        polarity="higher",
        targets=level,
        results=list(zip(spans, (48, 52, 55, 58, 61, 65), strict=True)),
    )
    tree.amber = make_indicator(
        tree,
        "A 1",
        title="People helped into sustained work through the employment support programme",
        unit="count",
        polarity="higher",
        targets=level,
        results=list(zip(spans, (62, 61, 60, 59, 58, 57), strict=True)),
    )
    tree.red = make_indicator(
        tree,
        "R 1",
        title="Young people aged 16 to 18 in education, employment or training",
        unit="count",
        polarity="higher",
        outcome_lead=tree.lead,
        targets=level,
        results=list(zip(spans, (61, 58, 56, 54, 52, 50), strict=True)),
    )
    make_return(tree.red, quarter, state="approved", value=50, variance_reason=LONG_REASON, action_taken=LONG_ACTION)
    tree.cycle = open_cycle(tree.partnership, quarter)
    draft_at_deadline(tree.cycle, today=tree.cycle.exception_reports_due, now=timezone.now())
    tree.report = tree.cycle.exception_reports.get(theme=tree.theme)
    tree.red_item = tree.report.items.get(indicator=tree.red)
    tree.red_item.decisions_required = LONG_DECISION
    tree.red_item.save()
    tree.decided = Decision.objects.create(
        meeting=tree.meeting,
        exception_item=tree.red_item,
        subject="R 1 Young people aged 16 to 18 in education, employment or training",
        decision="Ask the college for a recovery plan with monthly starts, to the next meeting.",
        owner=tree.members["chair"],
        due_date=dt.date(2031, 1, 31),
    )
    return tree


def report_of(tree):
    return (
        tree.cycle.exception_reports.select_related("snapshot", "cycle__partnership", "theme", "cycle__period")
        .prefetch_related("items__indicator")
        .get(pk=tree.report.pk)
    )


# --- the exception report ------------------------------------------------------------------------


def test_the_exception_report_sets_out_each_indicator_with_its_chart_status_and_words_in_full(quarter_report, tmp_path):
    report = report_of(quarter_report)
    pdf, _ = exception_report_pdf(report)
    text = pdf_text(pdf, tmp_path)
    flat = words(text)
    # a heading per indicator, its status in words (with its shape), its figures, direction and forecast
    assert "Well-Being: exception report" in flat
    assert "R 1 Young people aged 16 to 18 in education, employment or training" in flat
    assert "A 1 People helped into sustained work through the employment support programme" in flat
    assert "■ Red Below monitoring level" in flat and "▲ Amber Below target, within monitoring level" in flat
    assert "50 in " + quarter_report.quarter.label in flat and "↓ Worsening" in flat
    assert "Achievement unlikely" in flat or "Achievement difficult" in flat
    # the words in full, and what is missing said as such
    for passage in (LONG_REASON, LONG_ACTION, LONG_DECISION):
        assert passage in flat, passage[:40]
    assert "No reason given yet." in flat and "No action given yet." in flat
    assert "No decision is asked of the board." in flat
    # the decision the board recorded, with its owner and date; the Outcome Lead
    assert "Ask the college for a recovery plan with monthly starts, to the next meeting." in flat
    assert "Owner: " + quarter_report.members["chair"].display_name in flat and "Due: 31 Jan 2031" in flat
    assert "Asha Patel" in flat and "No Outcome Lead named" in flat
    # nothing cut, nothing shown as a bare dash
    assert "…" not in text and " – " not in flat
    # tagged: headings for the document and each indicator, row headers, each chart's alternative text
    tagged = structure(pdf)
    assert tagged.tagged and tagged.headings[0] == (1, "Well-Being: exception report")
    assert (2, "R 1 Young people aged 16 to 18 in education, employment or training") in tagged.headings
    assert {"Status", "Latest result", "Direction of travel", "Year-end forecast", "Outcome Lead"} <= set(
        tagged.header_cells
    )
    red = next(item for item in print_items(report) if item["code"] == "R 1")
    assert alt_text(red) in tagged.figures
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) <= 3 and pages[0].mediabox.height > pages[0].mediabox.width


def test_each_chart_carries_its_alternative_text_from_the_frozen_figures(quarter_report):
    report = report_of(quarter_report)
    items = print_items(report)
    red = next(item for item in items if item["code"] == "R 1")
    alt = alt_text(red)
    assert alt.startswith("R 1 Young people aged 16 to 18") and quarter_report.quarter.label in alt
    html = render_to_string(
        "reporting/pdf/exception_report.html",
        {"partnership": quarter_report.partnership, "report": report, "items": items, "counts": {}},
    )
    titles = re.findall(r"<svg[^>]*><title>([^<]*)</title>", html)
    assert len(titles) == len(items) == 2
    assert any(title == alt.replace("&", "&amp;") for title in titles)
    assert len(re.findall(r"<h2>", html)) >= 2 + len(items)  # summary, each indicator, escalations, risks
    assert '<th scope="row">Direction of travel</th>' in html


def test_the_pdf_items_are_plain_data_with_the_recorded_decisions(quarter_report):
    later = Meeting.objects.create(
        board=quarter_report.theme_board, starts_at=quarter_report.meeting.starts_at + dt.timedelta(days=90)
    )
    Decision.objects.create(meeting=later, exception_item=quarter_report.red_item, subject="s", decision="Later")
    items = {item["code"]: item for item in print_items(report_of(quarter_report), before=later.starts_at)}
    assert [row["decision"] for row in items["R 1"]["decisions"]] == [quarter_report.decided.decision]
    assert items["R 1"]["owner"] == "Asha Patel" and items["A 1"]["owner"] == ""
    assert items["R 1"]["reason"] == LONG_REASON and items["A 1"]["reason"] == ""
    assert len(items["R 1"]["trend"]) >= 6 and items["R 1"]["direction"] == "worsening"


# --- the decision log and the pack's matters arising ---------------------------------------------

LONG_OUTCOME = (
    "The college confirmed a January intake of 24 places; the reserve paid for one tutor for two terms and "
    "the remainder was met from the Learning and Skills Council's local flexibility budget."
)


@pytest.fixture
def decided(quarter_report):
    """The theme board's decisions over two meetings (one with no owner or date, one closed with its
    outcome) and a recommendation it made, answered; and a later meeting that picks them up."""
    tree = quarter_report
    tree.review = Meeting.objects.create(
        board=tree.theme_board, starts_at=tree.meeting.starts_at + dt.timedelta(days=30), title="January review"
    )
    Decision.objects.create(
        meeting=tree.review,
        subject="A 1 People helped into sustained work",
        decision="Write to the Jobcentre Plus district manager about the fall in referrals.",
    )
    Decision.objects.create(
        meeting=tree.meeting,
        subject="Area Based Grant reserve",
        decision="Release the reserve for a second Level 2 intake.",
        owner=tree.members["admin"],
        due_date=dt.date(2030, 12, 1),
        status=Decision.Status.DONE,
        outcome=LONG_OUTCOME,
    )
    tree.recommended = make_recommendation(
        tree.meeting,
        to_board=recommendation_target(tree.theme_board),
        area=Recommendation.Area.RISK,
        text="Add the college's staffing to the partnership's risk register, scored for the winter term.",
        cycle=tree.cycle,
        user=None,
    )
    tree.next_meeting = Meeting.objects.create(
        board=tree.theme_board, starts_at=tree.meeting.starts_at + dt.timedelta(days=60), title="March review"
    )
    return tree


def test_the_decision_log_reads_as_a_board_document(decided, tmp_path):
    log = decision_log(decided.theme_board)
    pdf = render_pdf("reporting/pdf/decision_log.html", {"partnership": decided.partnership, "log": log})
    flat = words(pdf_text(pdf, tmp_path))
    tree = structure(pdf)
    board = log["board"]["name"]
    assert tree.tagged and tree.title == f"{board}: decision log"
    # a heading for the document, each part and each meeting (newest first)
    levels = [(level, text) for level, text in tree.headings]
    assert levels[0] == (1, f"{board}: decision log")
    parts = [text for level, text in levels if level == 2]
    assert parts == ["Decisions", "Recommendations made", "Recommendations received"]
    meetings = [text for level, text in levels if level == 3]
    assert meetings[0].startswith("January review") and meetings[1].startswith(decided.meeting.title)
    # each decision whole, with its owner and date, or what is missing
    assert "Ask the college for a recovery plan with monthly starts, to the next meeting." in flat
    assert f"Owner: {decided.members['chair'].display_name}" in flat and "Due: 31 Jan 2031" in flat
    assert "Owner: no owner named" in flat and "Due: no date set" in flat
    assert "Done: " + LONG_OUTCOME in flat
    assert "Add the college's staffing to the partnership's risk register, scored for the winter term." in flat
    assert "Awaiting a response" in flat and "No recommendations have been made to this board." in flat
    assert "3 decisions, 2 still open" in flat
    assert "…" not in flat and " – " not in flat


def test_the_packs_matters_arising_lists_what_is_still_open_with_owners_and_dates(decided, tmp_path):
    inputs = collect_inputs(decided.next_meeting)
    section = next(s for s in inputs["sections"] if s["kind"] == "matters_arising")
    pdf = section_pdf(inputs, section)
    flat = words(pdf_text(pdf, tmp_path))
    assert "Decisions still open: 2" in flat
    assert "Write to the Jobcentre Plus district manager about the fall in referrals." in flat
    assert "Decided at January review" in flat and "Owner: no owner named" in flat
    assert "Recommendations made by this board, awaiting a response: 1" in flat
    assert "Release the reserve" not in flat  # done: not a matter arising
    assert [text for level, text in structure(pdf).headings if level == 2][0] == "Decisions still open: 2"


# --- board pack sections -------------------------------------------------------------------------


def section_pdf(inputs, section) -> bytes:
    """One section of a pack, laid out and written as the pack's parts are."""
    context = {**render.common_context(inputs), **render.section_context(section), "title": section["title"]}
    return write_pdf(render.layout(section["kind"], {**context, "first_page": None}))


def test_the_packs_exception_report_has_a_chart_and_the_words_for_each_item(decided, tmp_path):
    inputs = collect_inputs(decided.next_meeting)
    section = next(s for s in inputs["sections"] if s["kind"] == "exception_report")
    red = next(item for item in section["report"]["items"] if item["code"] == "R 1")
    assert red["chart"] and red["reason"] == LONG_REASON and red["owner"] == "Asha Patel"
    assert [row["decision"] for row in red["decisions"]] == [decided.decided.decision]
    pdf = section_pdf(inputs, section)
    flat = words(pdf_text(pdf, tmp_path))
    for passage in (LONG_REASON, LONG_ACTION, LONG_DECISION, decided.decided.decision):
        assert passage in flat, passage[:40]
    assert "■ Red Below monitoring level" in flat and "No reason given yet." in flat
    tree = structure(pdf)
    assert (1, "Well-Being: exception report") in tree.headings
    assert (2, "R 1 Young people aged 16 to 18 in education, employment or training") in tree.headings
    assert alt_text(red) in tree.figures and len([f for f in tree.figures if f]) == 2
    assert {"Status", "Direction of travel", "Year-end forecast"} <= set(tree.header_cells)
    assert "…" not in flat and len(PdfReader(io.BytesIO(pdf)).pages) <= 3


def test_the_packs_escalations_risks_and_overview_say_what_is_missing_and_chart_the_figures(decided, tmp_path):
    decided.risk.mitigation = ""
    decided.risk.save()
    meeting = Meeting.objects.create(board=decided.business_group, starts_at=decided.next_meeting.starts_at)
    inputs = collect_inputs(meeting)
    by_kind = {s["kind"]: s for s in inputs["sections"]}

    escalations = by_kind["escalations"]
    [row] = escalations["rows"]
    assert row["code"] == "NI 112" and row["indicator"]["code"] == "NI 112"
    pdf = section_pdf(inputs, escalations)
    flat = words(pdf_text(pdf, tmp_path, "escalations"))
    assert "Stage 1: 1 open" in flat and "NI 112 Under 18 conception rate" in flat
    assert "Reports to Not set" in flat or "Reports to" in flat
    assert alt_text(row["indicator"]) in structure(pdf).figures

    pdf = section_pdf(inputs, by_kind["risks"])
    flat = words(pdf_text(pdf, tmp_path, "risks"))
    assert "Grant reduced mid-year" in flat and "20 high (4 × 5)" in flat and "No mitigation recorded" in flat
    assert {"Risk", "Score (L × I)", "Mitigation"} <= set(structure(pdf).header_cells)

    overview = by_kind["overview"]
    pdf = section_pdf(inputs, overview)
    flat = words(pdf_text(pdf, tmp_path, "overview"))
    assert "R 1 Young people aged 16 to 18 in education, employment or training" in flat
    assert LONG_REASON[:60] in flat or "No reason given yet" in flat
    figures = structure(pdf).figures
    assert any(alt.startswith("Well-Being: spend to date £") for alt in figures), figures
    assert any(alt.startswith("R 1 Young people") for alt in figures), figures
    assert "…" not in flat


def test_a_reason_longer_than_a_page_runs_on_whole_in_the_report_and_the_pack(decided, tmp_path):
    paragraphs = [f"{number}. {LONG_REASON}" for number in range(1, 19)]
    decided.red_item.reason = "\n".join(paragraphs)
    decided.red_item.save()
    pdf, _ = exception_report_pdf(report_of(decided))
    inputs = collect_inputs(decided.next_meeting)
    pack = section_pdf(inputs, next(s for s in inputs["sections"] if s["kind"] == "exception_report"))
    for name, document in (("report", pdf), ("pack", pack)):
        flat = words(pdf_text(document, tmp_path, name))
        for paragraph in paragraphs:
            assert paragraph in flat, (name, paragraph[:20])
        assert LONG_ACTION in flat and LONG_DECISION in flat, name
        assert 2 <= len(PdfReader(io.BytesIO(document)).pages) <= 4, name
