"""The partnership scorecard in the board pack (seed 002: "presented to the HSP Executive
quarterly"): the executive and partnership boards' packs carry it after the overview, with its
contents entry and bookmark, from the stored inputs (a pack made again shows the same figures);
other boards' packs, and partnerships with no scorecard objectives, are unchanged."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from indicators.periods import PeriodKind, latest_ended
from partnership.models import Board, BoardKind
from reporting.models import BoardPack
from reporting.packs import render
from reporting.packs.inputs import collect_inputs, plan_sections
from reporting.services.scorecards import partnership_scorecard

from .packs.helpers import built, contents_entries, meeting_of, read, texts
from .scorecard_tree import Q3, change_target, freeze, rows, with_scorecard

TITLE = "Partnership scorecard"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def card(tree_a):
    with_scorecard(tree_a)
    freeze(tree_a, Q3)  # the quarter the packs' meetings review
    return tree_a


def board(tree, kind):
    return Board.objects.get(partnership=tree.partnership, kind=kind)


def titles(inputs):
    return [section["title"] for section in inputs["sections"]]


def test_the_plan_puts_the_scorecard_after_the_overview_for_the_overview_boards_only():
    for kind in (BoardKind.EXECUTIVE_BOARD, BoardKind.PARTNERSHIP_BOARD):
        plan = plan_sections(kind, [1, 2], [], with_escalations=False, with_scorecard=True)
        assert [(s.kind, s.theme_id) for s in plan] == [
            ("overview", None),
            ("scorecard", None),
            ("dashboard", 1),
            ("dashboard", 2),
        ]
    for kind in (BoardKind.BUSINESS_GROUP, BoardKind.THEME_BOARD, BoardKind.SCRUTINY, BoardKind.AREA_COMMITTEE):
        plan = plan_sections(kind, [1, 2], [1], with_escalations=False, with_scorecard=True)
        assert "scorecard" not in [s.kind for s in plan], kind


@pytest.mark.parametrize("kind", [BoardKind.EXECUTIVE_BOARD, BoardKind.PARTNERSHIP_BOARD])
def test_the_executive_and_partnership_boards_packs_carry_the_quarters_scorecard(card, kind):
    inputs = collect_inputs(meeting_of(board(card, kind)))
    assert titles(inputs)[:2] == ["Overview of performance by theme", TITLE]
    section = inputs["sections"][1]
    assert section["kind"] == "scorecard"
    assert section["data"] == partnership_scorecard(card.partnership, Q3)
    assert section["data"]["quarter"] == inputs["period"]["label"] == "Q3 2025/26"
    assert rows(section["data"])["HSP P1"]["source"] == "frozen"


def test_other_boards_packs_have_no_scorecard(card):
    for meeting in (meeting_of(card.business_group), card.meeting):
        assert TITLE not in titles(collect_inputs(meeting))


def test_a_partnership_with_no_scorecard_objectives_has_the_pack_it_had(tree_a):
    inputs = collect_inputs(meeting_of(board(tree_a, BoardKind.EXECUTIVE_BOARD)))
    assert titles(inputs) == [
        "Overview of performance by theme",
        "Enterprise: performance dashboard",
        "Well-Being: performance dashboard",
        "Escalations",
        "Top risks",
    ]


def test_the_executive_boards_pack_pdf_has_the_scorecard_section_with_its_contents_entry(card):
    pack = built(meeting_of(board(card, BoardKind.EXECUTIVE_BOARD), title="HSP Executive"))
    assert pack.status == BoardPack.Status.DONE, pack.error
    reader = read(pack)
    pages = texts(reader)
    entries = contents_entries(pages[1])
    assert [title for title, _ in entries][:2] == ["Overview of performance by theme", TITLE]
    page = dict(entries)[TITLE]
    text = " ".join(pages[page - 1].split())
    assert text.startswith(TITLE) and re.search(rf"\bPage {page}\b", text)
    for expected in ("Make up of the HSP is reflective of the community", "The % BME members in the HSP", "21.0%"):
        assert expected in text, expected
    assert (TITLE, page) in [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]


def test_a_pack_made_again_from_its_stored_inputs_shows_the_same_figures(tree_a):
    # given: a quarter nobody froze, so the scorecard is worked out live when the pack is requested
    latest = latest_ended(PeriodKind.QUARTER, timezone.localdate())
    with_scorecard(tree_a, quarters=(latest,))
    pack = built(meeting_of(board(tree_a, BoardKind.EXECUTIVE_BOARD)))
    stored = pack.inputs
    assert rows(next(s for s in stored["sections"] if s["kind"] == "scorecard")["data"])["HSP P1"]["source"] == "live"

    # when: the target changes afterwards, and the pack is laid out again from what it stored
    change_target(tree_a.bme, 30, 28)
    pdf, _ = render.render_pack(stored)

    # then: it shows the figures it was requested with, not today's
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "HSP P1 The % BME members in the HSP" in text
    scorecard = text[text.index(TITLE + " Alpha Partnership") :]
    assert "22.0%" in scorecard and "30.0%" not in scorecard
    # while a new request sees the new target
    fresh = collect_inputs(meeting_of(board(tree_a, BoardKind.EXECUTIVE_BOARD)))
    section = next(s for s in fresh["sections"] if s["kind"] == "scorecard")
    assert rows(section["data"])["HSP P1"]["target_display"] == "30.0%"
