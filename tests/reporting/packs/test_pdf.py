"""The PDF itself, read back with pypdf: cover, contents with the right page numbers, bookmarks and
the figures; page counts with long sections and a long contents."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from partnership.pdf_structure import structure
from reporting.models import BoardPack
from reporting.packs import render
from reporting.packs.inputs import collect_inputs
from reporting.services.chain import draft_at_deadline
from reporting.services.cycles import open_cycle

from ...builders import make_indicator
from .helpers import built, contents_entries, meeting_of, read, texts

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


# --- the PDF ------------------------------------------------------------------------------------


def test_the_business_groups_pack_has_cover_contents_bookmarks_and_the_figures(frozen):
    meeting = meeting_of(frozen.business_group, title="Quarterly challenge")
    pack = built(meeting, frozen.members["business"])
    assert pack.status == BoardPack.Status.DONE, pack.error
    reader = read(pack)
    pages = texts(reader)
    assert len(pages) == pack.page_count

    # the cover names the partnership, board, meeting and period
    assert "Business Group: board pack" in pages[0]
    assert "Alpha Partnership" in pages[0] and "Quarterly challenge" in pages[0] and frozen.quarter.label in pages[0]

    # the contents lists every section, at the page where it really starts
    entries = contents_entries(pages[1])
    assert [title for title, _ in entries] == [
        "Overview of performance by theme",
        "Enterprise: performance dashboard",
        "Enterprise: exception report",
        "Well-Being: performance dashboard",
        "Well-Being: exception report",
        "Escalations",
        "Top risks",
    ]
    for title, page in entries:
        first = next(number for number, text in enumerate(pages, 1) if number > 2 and title in text)
        assert page == first, title
    # every page carries its number in the whole pack
    for number, text in enumerate(pages, 1):
        assert re.search(rf"\bPage {number}\b", text), number

    # the figures: dashboards, the overview's counts, the exception report's words
    text = "\n".join(pages)
    for expected in (
        "NI 8",
        "Adult participation in sport",
        "62.5%",
        "NI 39",
        "1,750",
        "NI 151",
        "Overall employment rate",
        "71.0%",
        "Winter pressure on A&E admissions",
        "Agree £40,000 from the ABG reserve",
        "Grant reduced mid-year",
    ):
        assert expected in text, expected
    overview = pages[entries[0][1] - 1]
    assert re.search(r"Well-Being 3 1 0 1 1", overview)  # indicators, green, amber, red, grey

    # bookmarks: the cover, the contents, and one at the start of each section
    outline = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]
    assert outline == [("Business Group: board pack", 1), ("Contents", 2)] + entries


def test_the_business_groups_pack_is_tagged_with_each_sections_headings_tables_and_charts(frozen):
    pack = built(meeting_of(frozen.business_group, title="Quarterly challenge"), frozen.members["business"])
    with pack.file.open("rb") as f:
        tags = structure(f.read())
    assert tags.tagged and tags.lang == "en-GB"
    assert tags.title == "Business Group: board pack, Quarterly challenge"
    assert tags.page_count == pack.page_count
    # each section's title is a first-level heading, in pack order, after the cover's and the contents'
    h1s = [text for level, text in tags.headings if level == 1]
    sections = [section["title"] for section in pack.inputs["sections"]]
    assert h1s[-len(sections) :] == sections and "Contents" in h1s
    # every table keeps its header cells, every chart its alternative text, written from its figures
    assert {"Section", "Page"} <= set(tags.header_cells) and len(tags.header_cells) > 10
    assert tags.figures and all(tags.figures)
    assert any(alt.startswith("NI 39") and "1,750" in alt for alt in tags.figures), tags.figures
    assert tags.bookmarks == ["Business Group: board pack", "Contents", *sections]


def test_the_page_count_is_the_sum_of_the_sections_including_a_long_dashboard(figures):
    # given: Well-Being with more indicators than one dashboard page holds, frozen for the quarter
    for i in range(60):
        make_indicator(figures, f"L {i:02d}", title=f"Local indicator {i}")
    cycle = open_cycle(figures.partnership, figures.quarter)
    draft_at_deadline(cycle, today=cycle.exception_reports_due, now=timezone.now())
    meeting = meeting_of(figures.theme_board)
    pack = built(meeting)
    pages = texts(read(pack))
    # then: each section rendered on its own has the pages the pack gives it
    inputs = pack.inputs
    common = render.common_context(inputs)
    lengths = [
        len(
            render.layout(
                s["kind"], {**common, **render.section_context(s), "title": s["title"], "first_page": 1}
            ).pages
        )
        for s in inputs["sections"]
    ]
    assert lengths[0] >= 2  # the long dashboard runs on
    assert len(pages) == pack.page_count == 2 + sum(lengths)
    entries = contents_entries(pages[1])
    assert [page for _, page in entries] == [3 + sum(lengths[:i]) for i in range(len(lengths))]


def test_a_contents_longer_than_a_page_moves_the_sections_along(figures):
    inputs = collect_inputs(meeting_of(figures.business_group))
    inputs["sections"] = [{"kind": "escalations", "title": f"Escalations, part {i}", "rows": []} for i in range(1, 36)]
    pdf, count = render.render_pack(inputs)
    reader = PdfReader(io.BytesIO(pdf))
    pages = texts(reader)
    assert count == len(pages) == 1 + 2 + 35  # cover, two contents pages, a page per section
    entries = contents_entries(pages[1]) + contents_entries("Section Page\n" + pages[2])
    assert entries == [(f"Escalations, part {i}", 3 + i) for i in range(1, 36)]
    assert re.search(r"\bPage 4\b", pages[3]) and "Escalations, part 1\n" in pages[3] + "\n"
