"""Board packs laid out in parts (reporting.packs.render) and joined (reporting.packs.join): a
chord of part tasks, run eagerly here (no broker) and by real workers below. Read back with pypdf
and with the structure tree: the contents page numbers, every page's footer number, the bookmarks
and the tags must be those of one document laid out as a whole."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from partnership.pdf_structure import structure
from reporting.models import BoardPack
from reporting.packs import build, render
from reporting.packs.inputs import collect_inputs
from reporting.packs.pieces import piece_section, pieces_of

from .packs.helpers import built, contents_entries, meeting_of, read, texts


def escalations(title, rows):
    """An escalations section: about 20 rows of long plans fill a page, so `rows` sets its length."""
    plan = "A joint recovery plan with the PCT and the council, reviewed monthly by the theme board. " * 3
    return {
        "kind": "escalations",
        "title": title,
        "rows": [
            {
                "code": f"NI {i}",
                "title": f"Indicator {i}",
                "theme": "Well-Being",
                "stage": 2,
                "stage_label": "Stage 2",
                "owner": "Well-Being Board",
                "report_to": "Executive",
                "report_due": "2031-01-31",
                "overdue": False,
                "plan": plan,
            }
            for i in range(rows)
        ],
    }


LENGTHS = [3, 30, 1, 12, 22, 0, 6]


@pytest.fixture
def inputs(tree_a):
    """A business group pack whose sections run to one, two or three pages, in no particular order."""
    inputs = collect_inputs(meeting_of(tree_a.business_group, title="Quarterly challenge"))
    inputs["sections"] = [escalations(f"Escalations, part {i}", rows) for i, rows in enumerate(LENGTHS, 1)]
    return inputs


@pytest.fixture
def parts(settings, monkeypatch):
    """Three parts per pack, and a record of the pieces each part task was given."""
    settings.BOARD_PACK_PARTS = 3
    given = []
    real = render.render_part

    def recording(inputs, pieces, on_section=lambda number, title: None):
        given.append(pieces)
        return real(inputs, pieces, on_section)

    monkeypatch.setattr(render, "render_part", recording)
    return given


@pytest.fixture
def pack_of(tree_a, monkeypatch):
    """A pack of these sections, requested and built by its task as the request view does."""

    def pack_of(sections):
        meeting = meeting_of(tree_a.business_group, title="Quarterly challenge")
        inputs = {**collect_inputs(meeting), "sections": sections}
        monkeypatch.setattr(build, "collect_inputs", lambda meeting, today=None: inputs)
        return built(meeting)

    return pack_of


def part_files(pack):
    folder = f"board-packs/parts/{pack.pk}"
    if not default_storage.exists(folder):
        return []
    runs, _ = default_storage.listdir(folder)
    return [name for run in runs for name in default_storage.listdir(f"{folder}/{run}")[1]]


def outline(reader):
    return [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]


def test_a_pack_laid_out_in_parts_numbers_its_contents_footers_and_outline(pack_of, parts):
    sections = [escalations(f"Escalations, part {i}", rows) for i, rows in enumerate(LENGTHS, 1)]
    pack = pack_of(sections)
    assert pack.status == BoardPack.Status.DONE, pack.error
    assert len(parts) == 3 and [piece for part in parts for piece in part] == pieces_of(sections)

    reader = read(pack)
    pages = texts(reader)
    assert pack.page_count == len(pages)
    # the contents lists every section, in pack order, at the page where its heading really is
    entries = contents_entries(pages[1])
    assert [title for title, _ in entries] == [s["title"] for s in sections]
    for title, page in entries:
        assert pages[page - 1].startswith(title + "\n") or f"\n{title}\n" in pages[page - 1], title
    starts = [page for _, page in entries]
    assert starts == sorted(starts) and len(set(starts)) == len(starts) and starts[-1] < len(pages)
    assert any(later - earlier > 1 for earlier, later in zip(starts, starts[1:], strict=False))
    # every page carries its own number in the whole pack, and the section pages the meeting's footer
    for number, text in enumerate(pages, 1):
        assert re.findall(r"\bPage \d+\b", text) == [f"Page {number}"], number
        assert "Business Group · Quarterly challenge" in text and "Alpha Partnership" in text, number
    assert outline(reader) == [("Business Group: board pack", 1), ("Contents", 2)] + entries
    # and the parts' files are gone once joined
    assert part_files(pack) == []


def test_the_joined_pack_keeps_every_parts_structure_tree(pack_of, parts):
    sections = [escalations(f"Escalations, part {i}", rows) for i, rows in enumerate(LENGTHS, 1)]
    pack = pack_of(sections)
    with pack.file.open("rb") as f:
        tags = structure(f.read())
    assert tags.tagged and tags.lang == "en-GB"
    assert tags.title == "Business Group: board pack, Quarterly challenge"
    # one H1 per section, in pack order, after the cover's and the contents'
    h1s = [text for level, text in tags.headings if level == 1]
    assert h1s[-len(sections) :] == [s["title"] for s in sections]
    assert "Contents" in h1s[: -len(sections)]
    # the contents' header cells, and those of each section with a table (6 have rows)
    assert tags.header_cells[:2] == ["Section", "Page"]
    section_headers = tags.header_cells[2:]
    assert len(section_headers) >= sum(1 for rows in LENGTHS if rows)
    assert all(alt for alt in tags.figures)
    assert tags.page_count == pack.page_count
    # the footers are artifacts: no heading, cell or figure holds "Page 3"
    assert not any(re.search(r"\bPage \d+\b", text) for _, text in tags.headings)


def test_parts_and_one_part_make_the_same_pack(inputs, settings):
    whole, count = render.render_pack(inputs)
    in_parts = [
        (pieces, render.render_part(inputs, pieces)) for pieces in render.split_into_parts(inputs["sections"], 3)
    ]
    joined, joined_count = render.finish_pack(inputs, in_parts)
    one, three = PdfReader(io.BytesIO(whole)), PdfReader(io.BytesIO(joined))
    assert count == joined_count and texts(one) == texts(three)
    assert outline(one) == outline(three)
    assert one.metadata.title == three.metadata.title == "Business Group: board pack, Quarterly challenge"
    whole_tags, joined_tags = structure(whole), structure(joined)
    assert whole_tags.headings == joined_tags.headings and whole_tags.header_cells == joined_tags.header_cells


def test_a_contents_longer_than_a_page_moves_the_sections_along(pack_of, parts):
    sections = [escalations(f"Escalations, section {i}", 1 + i % 3) for i in range(1, 36)]
    reader = read(pack_of(sections))
    pages = texts(reader)
    assert len(pages) == 1 + 2 + 35  # cover, two contents pages, a page per section
    entries = contents_entries(pages[1]) + contents_entries("Section Page\n" + pages[2])
    assert entries == [(f"Escalations, section {i}", 3 + i) for i in range(1, 36)]
    assert outline(reader)[2:] == entries
    assert all(re.search(rf"\bPage {number}\b", text) for number, text in enumerate(pages, 1))


def test_a_failure_in_one_part_fails_the_pack_and_leaves_no_parts(pack_of, parts):
    sections = [escalations(f"Escalations, part {i}", rows) for i, rows in enumerate(LENGTHS, 1)]
    sections[3]["kind"] = "no such section"
    pack = pack_of(sections)
    assert pack.status == BoardPack.Status.FAILED and "KeyError: 'no such section'" in pack.error
    assert pack.message == "The board pack could not be made." and not pack.file
    assert part_files(pack) == []


def test_a_pack_with_no_sections_has_its_cover_and_contents(inputs):
    inputs["sections"] = []
    pdf, count = render.render_pack(inputs)
    reader = PdfReader(io.BytesIO(pdf))
    assert count == len(reader.pages) == 2
    assert outline(reader) == [("Business Group: board pack", 1), ("Contents", 2)]


def test_parts_are_runs_of_consecutive_pieces_balanced_by_cost():
    sections = [escalations(f"Part {i}", rows) for i, rows in enumerate([40, 2, 3, 38, 1, 20, 19, 0])]
    runs = render.split_into_parts(sections, 3)
    assert [piece for run in runs for piece in run] == pieces_of(sections)  # in pack order, each once
    assert len(runs) == 3 and all(runs)
    loads = [sum(render.piece_cost(sections, piece) for piece in run) for run in runs]
    assert max(loads) <= 1.5 * min(loads)
    assert render.split_into_parts(sections[:2], 5) == [[[0, 0, 13]], [[0, 13, 27]], [[0, 27, None]], [[1, 0, None]]]
    assert render.split_into_parts(sections, 1) == [pieces_of(sections)]


def test_a_long_section_is_cut_into_runs_of_whole_entries_whatever_the_number_of_parts():
    sections = [escalations("Short", 22), escalations("Long", 40), {"kind": "risks", "title": "Risks", "rows": []}]
    assert pieces_of(sections) == [[0, 0, None], [1, 0, 13], [1, 13, 27], [1, 27, None], [2, 0, None]]
    cut = [piece_section(sections, piece) for piece in pieces_of(sections)[1:4]]
    assert [row for piece in cut for row in piece["rows"]] == sections[1]["rows"]
    assert [piece["continued"] for piece in cut] == [False, True, True]
    assert piece_section(sections, 0) is sections[0]  # a part queued before pieces named sections


def test_a_section_cut_across_parts_reads_as_one_section(pack_of, parts):
    stages = [("Stage 3", 10), ("Stage 2", 30)]
    rows = [
        {**row, "code": f"NI {n}", "stage_label": label}
        for n, (label, row) in enumerate(
            ((label, row) for label, count in stages for row in escalations("", count)["rows"]), 1
        )
    ]
    sections = [escalations("Before", 2), {**escalations("Open escalations", 0), "rows": rows}, escalations("After", 1)]
    pack = pack_of(sections)
    assert pack.status == BoardPack.Status.DONE, pack.error
    assert len({tuple(piece) for part in parts for piece in part if piece[0] == 1}) == 3  # cut in three
    reader = read(pack)
    pages = texts(reader)
    entries = contents_entries(pages[1])
    assert [title for title, _ in entries] == ["Before", "Open escalations", "After"]
    assert outline(reader)[2:] == entries
    section_pages = "\n".join(pages[entries[1][1] - 1 : entries[2][1] - 1])
    assert section_pages.count("Open escalations\n") == 1  # one title heading
    assert section_pages.count("Stage 3: 10 open") == 1 and "Stage 3: 10 open (continued)" not in section_pages
    assert "Stage 2: 30 open\n" in section_pages and "Stage 2: 30 open (continued)" in section_pages
    codes = re.findall(r"^NI (\d+) Indicator", section_pages, flags=re.MULTILINE)
    assert codes == [str(n) for n in range(1, 41)]  # every escalation once, in order
    whole, count = render.render_pack(pack.inputs)  # in one part: the same pages
    assert count == pack.page_count and texts(PdfReader(io.BytesIO(whole))) == pages
