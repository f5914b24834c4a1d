"""The one-page dashboard PDF a board reads at a glance: trend charts sized to the page, status in
word + shape + colour, every figure whole, and exactly one A4 landscape page up to 40 indicators
and 15 commissions."""

import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from indicators.board_charts import alt_text
from indicators.models import BudgetProfile, Commission, Period, SpendReturn
from indicators.periods import PeriodKind, latest_ended
from partnership.pdf import render_pdf
from partnership.pdf_structure import structure
from partnership.roles import Role
from reporting.services.dashboards import theme_dashboard
from reporting.services.snapshots import as_stored
from reporting.templatetags.pdf_charts import dashboard_layout

from ..builders import make_commission, make_indicator, make_member, make_return, make_user
from ..poppler import needs_poppler
from .test_exception_reports import add_quarter_results

pytestmark = needs_poppler


@pytest.fixture
def artifacts():
    """test-artifacts/ at the repository root (gitignored): screenshots a person can look at."""
    path = Path(settings.BASE_DIR) / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


def last_quarters(count=12):
    spans = [latest_ended(PeriodKind.QUARTER, timezone.localdate())]
    while len(spans) < count:
        spans.insert(0, spans[0].previous())
    return spans


def build_theme(tree, indicators, commissions, *, reasons=()):
    """`indicators` lower-is-better rates with 12 quarters of results and a target (with its
    monitoring level) for every year they span; `reasons`: the codes whose latest return explains."""
    quarters = last_quarters()
    years = sorted({q.financial_year for q in quarters})
    for i in range(1, indicators + 1):
        code = f"X {i:02d}"
        indicator = make_indicator(
            tree,
            code,
            title=f"Indicator number {i} with a fairly descriptive title",
            unit="rate",
            rate_per=1000,
            targets=[(fy, Decimal(52), Decimal(55)) for fy in years],
            results=[(q, Decimal(46) + Decimal((i * 7 + k * 3) % 13) + Decimal("0.5")) for k, q in enumerate(quarters)],
        )
        if code in reasons:
            make_return(
                indicator,
                quarters[-1],
                state="approved",
                value=1,
                variance_reason="Two schools' programmes paused over the summer term.",
                action_taken="Outreach restarted in September with the school nurses.",
            )
    for i in range(1, commissions + 1):
        commission = make_commission(
            tree, name=f"Commission {i:02d} for a healthier borough", profile=[(quarters[-1], Decimal(10000 * i))]
        )
        SpendReturn.objects.create(
            commission=commission,
            period=Period.objects.for_span(quarters[-1]),
            actual_spend=Decimal(9000 * i + 123),
            state="approved",
            version=1,
        )
    return as_stored(theme_dashboard(tree.theme, timezone.localdate()))


def pdf_of(tree, data, template="reporting/pdf/dashboard.html"):
    return render_pdf(template, {"partnership": tree.partnership, "data": data, "snapshot": None})


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdftotext(pdf: bytes, tmp_path, mode="-layout") -> str:
    path = tmp_path / "dashboard.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", mode, str(path), "-"], check=True, capture_output=True, text=True).stdout


def layout_text(pdf: bytes, tmp_path) -> str:
    return pdftotext(pdf, tmp_path)


def reading_text(pdf: bytes, tmp_path) -> str:
    """The text in drawing order, lines joined: a wrapped name or sentence reads whole."""
    return " ".join(pdftotext(pdf, tmp_path, "-raw").split())


def money(value) -> str:
    return f"£{Decimal(value):,.0f}"


@pytest.fixture
def busy(tree_a):
    tree_a.indicator.delete()  # the fixture's own indicator has no data: 40 of ours instead
    return build_theme(tree_a, 40, 15, reasons=("X 03", "X 17", "X 31"))


def test_40_indicators_and_15_commissions_fill_exactly_one_page(tree_a, busy, tmp_path, artifacts):
    assert len(busy["indicators"]) == 40 and len(busy["commissions"]) == 15
    pdf = pdf_of(tree_a, busy)
    assert page_count(pdf) == 1
    text = layout_text(pdf, tmp_path)
    assert "…" not in text
    for row in busy["indicators"]:
        assert row["code"] in text
        assert len(row["chart"]) == 12
        for figure in (row["actual_display"], row["target_display"]):
            assert re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d,])", text), figure
    for commission in busy["commissions"]:
        assert money(commission["profile_to_date"]) in text and money(commission["spend_to_date"]) in text
        assert f"{Decimal(commission['variance']):.1f}%" in text
    reading = reading_text(pdf, tmp_path)
    assert all(commission["name"] in reading for commission in busy["commissions"])  # names wrap, whole
    assert "Reason: Two schools' programmes paused over the summer term. Action: Outreach restarted" in reading
    assert "Red" in text and "■" in text and "▲" in text  # status as word and shape
    png = artifacts / "dashboard-pdf-page"
    (tmp_path / "page.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", tmp_path / "page.pdf", png])
    assert (artifacts / "dashboard-pdf-page.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_half_the_rows_explained_keep_one_page_with_the_reasons_beside_the_money(tree_a, tmp_path):
    tree_a.indicator.delete()
    explained = tuple(f"X {i:02d}" for i in range(1, 41, 2))
    data = build_theme(tree_a, 40, 3, reasons=explained)
    pdf = pdf_of(tree_a, data)
    assert page_count(pdf) == 1
    reading = reading_text(pdf, tmp_path)
    assert "Reasons and actions (the codes marked *)" in reading
    for code in explained:  # each marked in its row, and its reason and action whole in the notes
        assert f"{code}*" in reading
        assert f"{code} Reason: Two schools' programmes paused over the summer term. Action: Outreach" in reading
    assert "X 02*" not in reading


def test_the_board_packs_dashboard_is_the_same_one_page(tree_a, busy):
    html = render_to_string(
        "reporting/pdf/pack_dashboard.html", {"partnership": tree_a.partnership, "data": busy, "snapshot": None}
    )
    assert html.count('role="img"><title>') == 40 + 15
    assert page_count(pdf_of(tree_a, busy, "reporting/pdf/pack_dashboard.html")) == 1


def test_a_small_dashboard_is_one_page_with_large_charts(tree_a, tmp_path):
    tree_a.indicator.delete()
    data = build_theme(tree_a, 3, 2, reasons=("X 02",))
    pdf = pdf_of(tree_a, data)
    assert page_count(pdf) == 1
    html = render_to_string("reporting/pdf/dashboard.html", {"partnership": tree_a.partnership, "data": data})
    charts = r'<svg [^>]*height="(\d+)"[^>]*role="img"><title>X'
    heights = [int(h) for h in re.findall(charts, html)]
    assert len(heights) == 3 and min(heights) >= 60  # big enough for the scale and the periods
    text = layout_text(pdf, tmp_path)
    assert all(row["actual_display"] in text for row in data["indicators"])


def test_a_middling_dashboard_is_one_page_with_medium_charts(tree_a, tmp_path):
    tree_a.indicator.delete()
    data = build_theme(tree_a, 14, 6, reasons=("X 02", "X 09"))
    layout = dashboard_layout(data["indicators"], data["commissions"])
    assert layout.density == "medium" and not layout.stacked
    pdf = pdf_of(tree_a, data)
    assert page_count(pdf) == 1
    text = layout_text(pdf, tmp_path)
    assert all(row["actual_display"] in text and row["code"] in text for row in data["indicators"])


def test_each_charts_first_title_is_its_alternative_text(tree_a, busy):
    html = render_to_string("reporting/pdf/dashboard.html", {"partnership": tree_a.partnership, "data": busy})
    titles = re.findall(r'<svg [^>]*role="img"><title>([^<]*)</title>', html)
    row = busy["indicators"][0]
    expected = (
        f"X 01 Indicator number 1 with a fairly descriptive title: {row['actual_display']} in {row['period']} "
        f"against a target of {row['target_display']}; "
    )
    first = next(t for t in titles if t.startswith("X 01 "))
    assert first.startswith(expected)
    assert first.endswith(("; improving", "; worsening", "; no change"))
    assert any(t.startswith("Commission 15 for a healthier borough: spend to date £135,123") for t in titles)
    assert len(titles) == 40 + 15


def test_the_tagged_pdfs_figures_carry_the_charts_alternative_text(tree_a, busy):
    figures = structure(pdf_of(tree_a, busy)).figures
    assert [alt_text(row) for row in busy["indicators"]] == [f for f in figures if f.startswith("X ")]
    assert all(figures) and len(figures) == 40 + 15


def test_the_project_schedule_pdf_has_figures_whole_and_a_spend_chart(client, tree_a, tmp_path):
    project = Commission.objects.create(theme=tree_a.theme, name="Neighbourhood Wardens (NRF)", kind="project")
    for quarter, amount in ((last_quarters(2)[0], 8000), (last_quarters(2)[1], 12500)):
        BudgetProfile.objects.create(commission=project, period=Period.objects.for_span(quarter), amount=amount)
    SpendReturn.objects.create(
        commission=project,
        period=Period.objects.for_span(last_quarters(1)[0]),
        actual_spend=Decimal(16250),
        state="approved",
        version=1,
    )
    client.force_login(tree_a.members["plain"].user)
    pdf = client.get("/p/alpha/projects/pdf/").content
    assert page_count(pdf) == 1
    text = layout_text(pdf, tmp_path)
    assert "£12,500 / £16,250" in text and "£16,250" in text and "…" not in text
    figures = structure(pdf).figures
    assert any(
        f.startswith("Neighbourhood Wardens (NRF): spend to date £16,250 against a profile to date of") for f in figures
    )


def test_a_dashboard_beyond_one_page_runs_on_and_loses_nothing(tree_a, tmp_path):
    tree_a.indicator.delete()
    data = build_theme(tree_a, 60, 3)
    assert dashboard_layout(data["indicators"], data["commissions"]).stacked
    text = layout_text(pdf_of(tree_a, data), tmp_path)
    assert all(row["code"] in text for row in data["indicators"]) and "Commission 03" in text


# --- the layout rules, without a PDF -----------------------------------------------------------


def row(title="An indicator", **extra):
    figures = {"actual_display": "58.0 per 1,000", "target_display": "52.0", "period": "Q2 2026/27"}
    return {"title": title, **figures, **extra}


def test_charts_grow_when_there_are_few_indicators():
    few, many = dashboard_layout([row()] * 3, []), dashboard_layout([row()] * 40, [row()] * 15)
    assert (few.density, many.density) == ("roomy", "compact")
    assert few.chart_height > 2 * many.chart_height and few.chart_width > many.chart_width
    assert not few.stacked and not many.stacked


def test_long_explanations_shrink_the_charts_before_the_page_runs_over():
    plain = dashboard_layout([row()] * 30, [])
    explained = dashboard_layout([row(variance_reason="Because " * 30, action_taken="We act. " * 20)] * 30, [])
    assert explained.chart_height < plain.chart_height


def test_too_much_for_one_page_runs_on():
    assert dashboard_layout([row()] * 90, []).stacked
    assert dashboard_layout([row()] * 5, [{"name": "C"}] * 70).stacked


def test_the_hsp_pmg_reports_red_items_have_their_trend_chart_and_status(client, returns_a, escalations_a, tmp_path):
    tree = add_quarter_results(returns_a)
    tree.members["board"] = make_member(tree.partnership, make_user("board_a"), [(Role.BOARD_MEMBER, tree.top_board)])
    client.force_login(tree.members["board"].user)
    pdf = client.get(f"/p/alpha/reports/hsp/{tree.cycle.pk}/pdf/?level=detail").content
    figures = structure(pdf).figures
    red = next(f for f in figures if f.startswith("R 1 Young people in training: "))
    assert "; red, below monitoring level" in red
    assert any(f.startswith("Area Based Grant: spend to date £") for f in figures)  # the ABG stream's chart
    reading = reading_text(pdf, tmp_path)
    assert "■ Red" in reading and "● Green" in reading and "…" not in reading
