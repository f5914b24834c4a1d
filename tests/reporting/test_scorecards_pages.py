"""The scorecard pages and PDFs: the partnership's and each theme's, the quarter chooser (a bad or
unknown quarter gets a message and the default, never a 500), links from the theme page, status
as a word, PDFs with every figure whole and tagged as the other PDFs are, a fixed number of queries."""

import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from indicators.periods import PeriodKind, latest_ended

from ..builders import make_indicator
from .scorecard_tree import Q2, Q3, change_target, freeze, with_scorecard


@pytest.fixture
def card(tree_a):
    return with_scorecard(tree_a)


@pytest.fixture
def as_member(client, card):
    client.force_login(card.members["plain"].user)  # no role at all: every member may read them
    return client


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def latest_quarter():
    return latest_ended(PeriodKind.QUARTER, timezone.localdate())


def selected(html) -> str:
    return re.search(r'<option value="([^"]+)" selected>', html)[1]


# --- the pages -------------------------------------------------------------------------------


def test_the_partnership_scorecard_shows_perspectives_objectives_owners_baselines_and_status(as_member, card):
    html = as_member.get(f"/p/alpha/scorecard/?quarter={Q3.start}").content.decode()
    for expected in (
        "Partnership scorecard",
        "Q3 2025/26",
        "Resources",
        "People",
        "Service Development",
        "Make up of the HSP is reflective of the community",
        "(objective owner: Chair_A Tester)",
        "The % BME members in the HSP",
        "18.0% (2006/07)",
        "Profiles to be established",
        "2/22",
        "Lead_A Tester",
        "21.0%",
        "22.0%",
        "2 indicators: 0 green, 1 amber, 1 red, 0 grey",
    ):
        assert expected in html, expected
    # status is a word as well as a colour
    assert re.search(r'app-status--amber">Amber</strong>', html) and "Below monitoring level" in html
    assert "Live" in html and "As reported to the board" not in html
    assert selected(html) == Q3.start.isoformat()
    # each management group's scorecard, for the same quarter
    assert f'href="/p/alpha/scorecard/enterprise/?quarter={Q3.start}"' in html
    assert f'href="/p/alpha/scorecard/pdf/?quarter={Q3.start}"' in html


def test_a_frozen_quarter_says_its_figures_are_as_reported_to_the_board(as_member, card):
    freeze(card, Q3)
    change_target(card.bme, 30, 28)
    html = as_member.get(f"/p/alpha/scorecard/?quarter={Q3.start}").content.decode()
    assert "As reported to the board" in html and "22.0%" in html and "30.0%" not in html
    live = as_member.get(f"/p/alpha/scorecard/?quarter={Q2.start}").content.decode()
    assert "30.0%" in live and "As reported to the board" not in live


def test_without_a_quarter_the_latest_ended_is_shown(as_member):
    html = as_member.get("/p/alpha/scorecard/").content.decode()
    latest = latest_quarter()
    assert selected(html) == latest.start.isoformat() and latest.label in html
    assert "There is a problem" not in html


@pytest.mark.parametrize(
    "value, shown",
    [
        ("garbage", "“garbage”"),
        ("1999-04-01", "“1999-04-01”"),  # a real quarter, but one with no figures
        ("2025-10-02", "“2025-10-02”"),  # not a quarter's first day
        ("x" * 500, "“" + "x" * 40 + "…”"),
    ],
)
def test_a_bad_or_unknown_quarter_gets_a_message_and_the_default(as_member, value, shown):
    response = as_member.get("/p/alpha/scorecard/", {"quarter": value})
    assert response.status_code == 200
    html = response.content.decode()
    latest = latest_quarter()
    assert "There is a problem" in html and f"There are no figures for the quarter {shown}" in html
    assert f"Showing {latest.label}, the latest quarter that has ended" in html
    assert 'class="govuk-select govuk-select--error"' in html  # beside the select
    assert selected(html) == latest.start.isoformat()


@pytest.mark.parametrize("value", ["\x00", "2025-10-01\x00", "%", "Q3 2025/26", ""])
def test_odd_quarters_never_give_an_error_page(as_member, value):
    for path in ("/p/alpha/scorecard/", "/p/alpha/scorecard/pdf/", "/p/alpha/scorecard/well-being/"):
        assert as_member.get(path, {"quarter": value}).status_code == 200, (path, value)


def test_a_theme_scorecard_shows_only_its_own_indicators(as_member, card):
    html = as_member.get(f"/p/alpha/scorecard/enterprise/?quarter={Q3.start}").content.decode()
    assert "Enterprise scorecard" in html
    assert "HSP P2" in html and "HSP S1" in html
    assert "HSP P1" not in html and "HSP R1" not in html and "NI 112" not in html
    well_being = as_member.get(f"/p/alpha/scorecard/well-being/?quarter={Q3.start}").content.decode()
    assert "Other indicators" in well_being and "NI 112" in well_being and "HSP P2" not in well_being


def test_the_theme_page_links_to_its_scorecard(as_member):
    html = as_member.get("/p/alpha/themes/enterprise/").content.decode()
    assert 'href="/p/alpha/scorecard/enterprise/"' in html


def test_an_unknown_theme_or_another_partnerships_is_404(as_member, card, tree_b):
    assert as_member.get("/p/alpha/scorecard/no-such-theme/").status_code == 404
    assert as_member.get("/p/alpha/scorecard/no-such-theme/pdf/").status_code == 404
    assert as_member.get("/p/beta/scorecard/").status_code == 404
    assert as_member.get("/p/beta/scorecard/well-being/").status_code == 404


def test_outsiders_get_404_and_the_anonymous_sign_in(client, card, tree_b):
    assert client.get("/p/alpha/scorecard/").status_code == 302
    client.force_login(tree_b.members["admin"].user)
    for path in ("/p/alpha/scorecard/", "/p/alpha/scorecard/pdf/", "/p/alpha/scorecard/well-being/pdf/"):
        assert client.get(path).status_code == 404


def test_the_pages_answer_405_to_a_post(as_member):
    assert as_member.post("/p/alpha/scorecard/").status_code == 405
    assert as_member.post("/p/alpha/scorecard/well-being/pdf/").status_code == 405


# --- the PDFs --------------------------------------------------------------------------------


def test_the_partnership_scorecard_pdf_has_the_figures(as_member, card):
    freeze(card, Q3)
    response = as_member.get(f"/p/alpha/scorecard/pdf/?quarter={Q3.start}")
    assert 'filename="alpha-scorecard-Q3-2025-26.pdf"' in response["Content-Disposition"]
    text = pdf_text(response)
    for expected in (
        "Partnership scorecard",
        "Alpha Partnership · Q3 2025/26",
        "Resources",
        "People",
        "Service Development",
        "Make up of the HSP is reflective of the community",
        "The % BME members in the HSP",
        "18.0% (2006/07)",
        "21.0%",
        "22.0%",
        "Amber",
        "Red",
        "Green",
        "Grey",
        "As reported",
        "4 as reported to the board",
    ):
        assert expected in text, expected


def test_the_theme_scorecard_pdf_has_only_its_indicators(as_member, card):
    response = as_member.get(f"/p/alpha/scorecard/enterprise/pdf/?quarter={Q3.start}")
    assert 'filename="alpha-enterprise-scorecard-Q3-2025-26.pdf"' in response["Content-Disposition"]
    text = pdf_text(response)
    assert "Enterprise scorecard" in text and "HSP P2" in text and "HSP S1" in text
    assert "HSP P1" not in text and "Live" in text


def test_long_titles_wrap_and_long_figures_are_never_cut(as_member, card):
    title = "Percentage of residents who feel that the partnership listens to them and acts on what they say"
    make_indicator(
        card,
        "HSP L1",
        title=title,
        unit="rate",
        rate_per=100000,
        polarity="lower",
        objective=card.people,
        targets=[(2025, Decimal("1234567.8"), Decimal("1300000"))],
        results=[(Q3, Decimal("1250000.5"))],
        baseline_note="Monitoring form to be completed by all members of the HSP before the first report",
    )
    text = pdf_text(as_member.get(f"/p/alpha/scorecard/pdf/?quarter={Q3.start}"))
    assert title in text
    assert "1,250,000.5 per 100,000" in text and "1,234,567.8 per 100,000" in text
    assert "Monitoring form to be completed by all members of the HSP before the first report" in text
    assert "…" not in text


def structure(content: bytes) -> dict:
    """What marks a PDF as tagged: its structure tree, marked-content flag and language."""
    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    return {key: key in root for key in ("/StructTreeRoot", "/MarkInfo", "/Lang")}


def test_the_pdfs_are_tagged_as_the_dashboards_pdf_is(as_member, card):
    dashboard = as_member.get("/p/alpha/themes/well-being/dashboard/pdf/").content
    for path in ("/p/alpha/scorecard/pdf/", "/p/alpha/scorecard/well-being/pdf/"):
        content = as_member.get(path).content
        assert structure(content) == structure(dashboard), path
        reader = PdfReader(io.BytesIO(content))
        assert reader.metadata.title.endswith("scorecard, " + latest_quarter().label)


# --- queries ---------------------------------------------------------------------------------


def test_the_pages_take_a_fixed_number_of_queries(as_member, card, django_assert_max_num_queries):
    def extra(i):
        make_indicator(
            card,
            f"HSP X{i:02d}",
            title=f"Extra {i}",
            objective=card.people,
            outcome_lead=card.members["outcome_lead"],
            results=[(Q3, Decimal(i))],
        )

    # given: a frozen quarter, and an indicator added since (worked out live)
    freeze(card, Q3)
    extra(99)
    paths = [f"/p/alpha/scorecard/?quarter={Q3.start}", f"/p/alpha/scorecard/well-being/?quarter={Q3.start}"]
    with django_assert_max_num_queries(40) as few:
        for path in paths:
            assert as_member.get(path).status_code == 200
    # then: fifteen more cost no more queries
    for i in range(15):
        extra(i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        for path in paths:
            assert as_member.get(path).status_code == 200
