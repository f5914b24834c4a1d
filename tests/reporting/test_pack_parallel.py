"""Board packs laid out in parallel processes (reporting.packs.render): sections shared out between
workers, then joined with their footers stamped on. Read back with pypdf: the contents page numbers,
every page's footer number and the bookmarks must be those of one document laid out as a whole."""

import io
import multiprocessing
import re

import pytest
from pypdf import PdfReader

from reporting.models import BoardPack
from reporting.packs import render
from reporting.packs.build import request_pack
from reporting.packs.inputs import collect_inputs
from reporting.tasks import build_board_pack

from .packs.helpers import contents_entries, meeting_of, texts
from .test_celery_worker import celery_worker, real_worker


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


@pytest.fixture
def inputs(tree_a):
    """A business group pack whose sections run to one, two or three pages, in no particular order."""
    inputs = collect_inputs(meeting_of(tree_a.business_group, title="Quarterly challenge"))
    lengths = [5, 60, 1, 30, 45, 0, 10]
    inputs["sections"] = [escalations(f"Escalations, part {i}", rows) for i, rows in enumerate(lengths, 1)]
    return inputs


@pytest.fixture
def two_processes(monkeypatch):
    """Two CPUs, and a record of the shares handed to the worker processes."""
    monkeypatch.setattr(render.os, "cpu_count", lambda: 2)
    shares = []
    real = render.rendered_shares

    def recording(shares_given):
        shares.extend(shares_given)
        return real(shares_given)

    monkeypatch.setattr(render, "rendered_shares", recording)
    return shares


def read(pdf):
    return PdfReader(io.BytesIO(pdf))


def outline(reader):
    return [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]


def test_a_pack_laid_out_in_parallel_numbers_its_contents_footers_and_outline(inputs, two_processes):
    pdf, count = render.render_pack(inputs)
    assert len(two_processes) == 2  # the sections really were shared between two processes
    assert sorted(s["title"] for share in two_processes for s in share["sections"]) == sorted(
        s["title"] for s in inputs["sections"]
    )

    reader = read(pdf)
    pages = texts(reader)
    assert count == len(pages)
    # the contents lists every section, in pack order, at the page where its heading really is
    entries = contents_entries(pages[1])
    assert [title for title, _ in entries] == [s["title"] for s in inputs["sections"]]
    for title, page in entries:
        assert pages[page - 1].startswith(title + "\n") or f"\n{title}\n" in pages[page - 1], title
    # the multi-page sections moved the later ones along
    starts = [page for _, page in entries]
    assert starts == sorted(starts) and len(set(starts)) == len(starts) and starts[-1] < count
    assert any(later - earlier > 1 for earlier, later in zip(starts, starts[1:], strict=False))
    # every page carries its own number in the whole pack, and the section pages the meeting's footer
    for number, text in enumerate(pages, 1):
        assert re.findall(r"\bPage \d+\b", text) == [f"Page {number}"], number
        assert "Business Group · Quarterly challenge" in text and "Alpha Partnership" in text, number
    # one bookmark each for the cover, the contents and each section's start
    assert outline(reader) == [("Business Group: board pack", 1), ("Contents", 2)] + entries


def test_parallel_and_in_process_packs_are_the_same(inputs, monkeypatch, two_processes):
    parallel = read(render.render_pack(inputs)[0])
    monkeypatch.setattr(render.os, "cpu_count", lambda: 1)
    shared_before = len(two_processes)
    one_process = read(render.render_pack(inputs)[0])
    assert len(two_processes) == shared_before  # no worker processes the second time
    assert texts(parallel) == texts(one_process)
    assert outline(parallel) == outline(one_process)
    assert parallel.metadata.title == one_process.metadata.title == "Business Group: board pack, Quarterly challenge"


def test_a_contents_longer_than_a_page_moves_parallel_sections_along(inputs, two_processes):
    inputs["sections"] = [escalations(f"Escalations, section {i}", 1 + i % 3) for i in range(1, 36)]
    reader = read(render.render_pack(inputs)[0])
    pages = texts(reader)
    assert len(pages) == 1 + 2 + 35  # cover, two contents pages, a page per section
    entries = contents_entries(pages[1]) + contents_entries("Section Page\n" + pages[2])
    assert entries == [(f"Escalations, section {i}", 3 + i) for i in range(1, 36)]
    assert outline(reader)[2:] == entries
    assert all(re.search(rf"\bPage {number}\b", text) for number, text in enumerate(pages, 1))


def render_in_daemon(inputs, results):
    """As in a Celery prefork pool child: a daemonic process, which multiprocessing refuses children."""
    pdf, count = render.render_pack(inputs)
    results.put((multiprocessing.current_process().daemon, count, pdf))


def test_a_pack_is_laid_out_in_parallel_inside_a_daemonic_worker(inputs, two_processes):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    worker = context.Process(target=render_in_daemon, args=(inputs, results), daemon=True)
    worker.start()
    daemonic, count, pdf = results.get(timeout=120)
    worker.join(timeout=10)
    assert daemonic and worker.exitcode == 0
    expected, expected_count = render.render_pack(inputs)
    assert count == expected_count and texts(read(pdf)) == texts(read(expected))


def test_a_failure_in_a_worker_process_fails_the_pack(inputs, two_processes):
    inputs["sections"][3]["kind"] = "no such section"
    with pytest.raises(KeyError, match="no such section"):
        render.render_pack(inputs)


def test_a_pack_with_no_sections_has_its_cover_and_contents(inputs):
    inputs["sections"] = []
    reader = read(render.render_pack(inputs)[0])
    assert len(reader.pages) == 2 and outline(reader) == [("Business Group: board pack", 1), ("Contents", 2)]


def test_sections_are_shared_out_evenly_and_each_share_keeps_pack_order():
    sections = [escalations(f"Part {i}", rows) for i, rows in enumerate([40, 2, 3, 38, 1, 20, 19, 0])]
    shares = render.share_out(sections, 2)
    assert sorted(i for share in shares for i in share) == list(range(len(sections)))
    assert all(share == sorted(share) for share in shares)
    loads = [sum(render.section_cost(sections[i]) for i in share) for share in shares]
    assert max(loads) - min(loads) <= max(render.section_cost(s) for s in sections) // 4
    assert render.share_out(sections[:1], 2) == [[0]]  # never an empty share


# --- in a real Celery prefork worker (CI: PostgreSQL and Redis) ---------------------------------


@pytest.fixture
def prefork_worker(tmp_path, settings):
    """A prefork worker (as production starts it: its pool processes are daemonic), sharing this
    test's media folder."""
    settings.MEDIA_ROOT = tmp_path
    with celery_worker(["--pool=prefork", "--concurrency=1"], env={"MEDIA_ROOT": str(tmp_path)}) as queue:
        yield queue


@real_worker
def test_a_prefork_worker_lays_the_pack_out_in_parallel(tree_a, prefork_worker):
    pack, _ = request_pack(meeting_of(tree_a.business_group, title="Quarterly challenge"), None)
    assert build_board_pack.apply_async(args=[pack.pk], queue=prefork_worker).get(timeout=120) == "done"
    pack.refresh_from_db()  # the worker's database connection outlived its forked processes
    assert pack.status == BoardPack.Status.DONE and pack.progress == 100, pack.error
    with pack.file.open("rb") as f:
        reader = read(f.read())
    pages = texts(reader)
    assert len(pages) == pack.page_count
    entries = contents_entries(pages[1])
    assert [title for title, _ in entries] == [s["title"] for s in pack.inputs["sections"]]
    assert all(re.search(rf"\bPage {number}\b", text) for number, text in enumerate(pages, 1))
    assert outline(reader) == [("Business Group: board pack", 1), ("Contents", 2)] + entries


def test_the_pool_is_one_process_per_cpu_up_to_four(monkeypatch):
    monkeypatch.setattr(render.os, "cpu_count", lambda: 2)
    assert render.worker_count(sections=17) == 2
    assert render.worker_count(sections=1) == 1
    monkeypatch.setattr(render.os, "cpu_count", lambda: 32)
    assert render.worker_count(sections=17) == 4  # memory, not speed, is the limit there
    monkeypatch.setattr(render.os, "cpu_count", lambda: None)
    assert render.worker_count(sections=17) == 1
