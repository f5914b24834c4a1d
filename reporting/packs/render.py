"""Rendering a board pack's stored inputs to one PDF, with the sections laid out in parallel.

Laying out is most of the cost, so the sections are shared out between worker processes (one per
CPU). Each worker lays out its share of the sections as one PDF without footers: a section's page
count does not depend on its first page number, so nothing about where it lands is needed yet.
Back in the calling process, once every section's length is known:

- the contents page lists where each section really starts (laid out again only if it grows
  beyond the pages assumed for it, which moves every section along);
- the cover, the contents and a run of blank pages carrying only the footer ("Page N", the
  partnership, the meeting: pack_footers.html), numbered from the first section page, are laid out
  as one small document;
- pypdf puts the pages in pack order and stamps each section page with its footer page.

So every page is laid out once, and the footers are exactly those a whole-pack layout would draw
(same templates, same @page rules). Bookmarks: each section's one h1 becomes an outline entry
(lower headings do not); the workers report where theirs fell and they are added to the joined pack.

The workers are forked, so they start at once with Django set up (settings, templates); they
receive only the JSON inputs of their sections and send back PDF bytes, page counts and bookmarks.
Inside a Celery prefork worker, whose pool processes are daemonic and may not have multiprocessing
children, they are forked with billiard, Celery's own multiprocessing (see fork_context).
"""

import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit
from weasyprint import CSS

from partnership.pdf import StaticFilesFetcher, css_string, html_document

TEMPLATES = {
    "cover": "reporting/pdf/pack_cover.html",
    "contents": "reporting/pdf/pack_contents.html",
    "footers": "reporting/pdf/pack_footers.html",
    "matters_arising": "reporting/pdf/pack_matters_arising.html",
    "overview": "reporting/pdf/pack_overview.html",
    "scorecard": "reporting/pdf/pack_scorecard.html",
    "dashboard": "reporting/pdf/pack_dashboard.html",
    "exception_report": "reporting/pdf/pack_exception_report.html",
    "escalations": "reporting/pdf/pack_escalations.html",
    "risks": "reporting/pdf/pack_risks.html",
}

# A user stylesheet: it outranks WeasyPrint's defaults (a bookmark for every heading) without
# touching the reused dashboard template.
OUTLINE = CSS(
    string="h1 { bookmark-level: 1 } h2, h3, h4, h5, h6 { bookmark-level: none }", url_fetcher=StaticFilesFetcher()
)

# Rough layout cost per table row, for sharing the sections out evenly: a dashboard's indicator row
# carries a sparkline, and exception, escalation, risk and matters-arising rows wrap lines of prose.
ROW_COSTS = {
    "indicators": 3,
    "commissions": 1,
    "rows": 3,
    "red_items": 1,
    "items": 6,
    "decisions": 4,
    "made": 4,
    "received": 4,
    "perspectives": 12,  # a scorecard's perspective: a few objectives, each a few indicator rows
}
SECTION_COST = 10


def layout(kind: str, context: dict, cache: dict | None = None):
    return html_document(render_to_string(TEMPLATES[kind], context)).render(stylesheets=[OUTLINE], cache=cache)


def section_context(section: dict) -> dict:
    """Stored JSON back into what the templates format: dates and datetimes."""
    kind = section["kind"]
    if kind == "dashboard":
        frozen_at = parse_datetime(section["frozen_at"]) if section["frozen_at"] else None
        return {"data": section["data"], "snapshot": {"frozen_at": frozen_at} if frozen_at else None}
    if kind in ("escalations", "risks"):
        rows = [
            {**row, **{k: parse_date(row[k]) for k in ("report_due", "review_date") if row.get(k)}}
            for row in section["rows"]
        ]
        return {"rows": rows}
    return {key: value for key, value in section.items() if key not in ("kind",)}


def common_context(inputs: dict) -> dict:
    meeting = inputs["meeting"]
    starts_at = parse_datetime(meeting["starts_at"])
    period = inputs["period"]
    hsp_report = period.get("hsp_report")
    return {
        "pack": inputs,
        "partnership": inputs["partnership"],
        "starts_at": starts_at,
        "hsp_report": {**hsp_report, "assembled_at": parse_datetime(hsp_report["assembled_at"])}
        if hsp_report
        else None,
        "frozen_at": parse_datetime(period["frozen_at"]) if period["frozen_at"] else None,
        "as_of": parse_date(period["as_of"]) if period["as_of"] else None,
        "footer_label": css_string(
            f"{inputs['board']['name']} · {meeting['title']} · {timezone.localtime(starts_at):%d %B %Y}"
        ),
    }


def bookmarks(document) -> list[tuple[str, int, float, float]]:
    """(title, page index, x, y in PDF points) of a laid-out document's outline entries. Only h1s
    have one, so the outline is flat."""
    tree = document.make_bookmark_tree(0.75, transform_pages=True)  # 0.75: CSS pixels to PDF points, as write_pdf
    return [(title, page, x, y) for title, (page, x, y), _children, _state in tree]


# --- a share of the sections, laid out in one process ----------------------------------------


def render_share(share: dict, on_section=lambda number, title: None) -> dict:
    """Lay out a share of the pack's sections (`share` is the pack's inputs with only those
    sections) as one PDF without footers: {"pdf", "pages": [page count per section], "bookmarks"}.
    Run in a worker process, or in the calling one when there is nothing to share out."""
    common = common_context(share)
    cache = {}  # WeasyPrint's image cache, shared by the share's layouts
    documents = []
    for number, section in enumerate(share["sections"], 1):
        on_section(number, section["title"])
        context = {**common, **section_context(section), "title": section["title"], "first_page": None}
        documents.append(layout(section["kind"], context, cache))
    joined = documents[0].copy([page for document in documents for page in document.pages])
    return {
        "pdf": joined.write_pdf(),
        "pages": [len(document.pages) for document in documents],
        "bookmarks": bookmarks(joined),
    }


def section_cost(section: dict) -> int:
    return SECTION_COST + sum(len(rows) * ROW_COSTS.get(key, 0) for key, rows in table_rows(section))


def table_rows(section: dict):
    """(kind of row, rows) for each table a section lays out."""
    for part in (section, section.get("data") or {}, section.get("report") or {}):
        for key, rows in part.items():
            if key in ROW_COSTS and isinstance(rows, list):
                yield key, rows


def share_out(sections: list[dict], workers: int) -> list[list[int]]:
    """Section indexes for each worker, balanced by estimated cost (most costly first, each to the
    least loaded worker), each share in pack order. One PDF per share, not per section: every PDF
    written has a fixed cost, embedding its fonts (a big one where WeasyPrint has no HarfBuzz-Subset
    and falls back to fontTools)."""
    shares, loads = [[] for _ in range(workers)], [0] * workers
    for index in sorted(range(len(sections)), key=lambda i: -section_cost(sections[i])):
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += section_cost(sections[index])
    return [sorted(share) for share in shares if share]


# Each worker holds a laid-out share (~150 MB at peak for a dense 7-theme pack): beyond four, a big
# machine would gain little speed and break the worker's 600 MB memory budget.
MAX_WORKERS = 4


def worker_count(sections: int) -> int:
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, sections))


def rendered_shares(shares: list[dict]):
    """(share index, result) for each share, laid out in parallel processes, as each finishes."""
    with ProcessPoolExecutor(len(shares), mp_context=fork_context()) as pool:
        futures = {pool.submit(render_share, share): index for index, share in enumerate(shares)}
        for future in as_completed(futures):
            yield futures[future], future.result()


def fork_context():
    """Forking, so the workers start at once with Django set up. A Celery prefork pool child is
    daemonic, and multiprocessing refuses a daemonic process children; billiard (Celery's own fork
    of multiprocessing) allows them, and its processes and queues work with the same executor."""
    if multiprocessing.current_process().daemon:
        import billiard

        return billiard.get_context("fork")
    return multiprocessing.get_context("fork")


# --- the whole pack ----------------------------------------------------------------------------


def render_sections(inputs: dict, progress) -> list[dict]:
    """Every section laid out, in pack order: {"pdf": the reader of the share's PDF it is in,
    "first": its first page index there, "pages", "bookmarks": [(title, page index within the
    section, x, y)]}."""
    sections = inputs["sections"]
    if not sections:
        return []
    shares, results = lay_out_shares(inputs, progress)
    laid_out = [None] * len(sections)
    for share, result in zip(shares, results, strict=False):
        reader, first = PdfReader(io.BytesIO(result["pdf"])), 0
        for index, pages in zip(share, result["pages"], strict=False):
            marks = [
                (title, page - first, x, y)
                for title, page, x, y in result["bookmarks"]
                if first <= page < first + pages
            ]
            laid_out[index] = {"pdf": reader, "first": first, "pages": pages, "bookmarks": marks}
            first += pages
    return laid_out


def lay_out_shares(inputs: dict, progress) -> tuple[list[list[int]], list[dict]]:
    """The section indexes of each share and its render_share result: in worker processes, or
    here, naming each section as it goes, when there is one CPU or one section."""
    sections = inputs["sections"]
    workers = worker_count(len(sections))
    if workers == 1:

        def on_section(number, title):
            progress(5 + 80 * (number - 1) // len(sections), f"Laying out {title} ({number} of {len(sections)})")

        return [list(range(len(sections)))], [render_share(inputs, on_section)]
    shares = share_out(sections, workers)
    progress(5, f"Laying out {len(sections)} sections in {len(shares)} processes")
    results, done = [None] * len(shares), 0
    for index, result in rendered_shares([{**inputs, "sections": [sections[i] for i in share]} for share in shares]):
        results[index] = result
        done += len(shares[index])
        progress(5 + 80 * done // len(sections), f"Laid out {done} of {len(sections)} sections")
    return shares, results


def render_front(inputs: dict, common: dict, cover, laid_out: list[dict]):
    """The cover, the contents and the sections' footer pages, as one laid-out document, and how
    many of its pages are the cover and contents."""
    contents_pages = 1  # assumed, then checked: a longer contents moves every section along
    for _attempt in range(3):
        page = 1 + len(cover.pages) + contents_pages
        entries = []
        for section, rendered in zip(inputs["sections"], laid_out, strict=False):
            entries.append({"title": section["title"], "page": page, "pages": rendered["pages"]})
            page += rendered["pages"]
        contents = layout("contents", {**common, "entries": entries, "first_page": 1 + len(cover.pages)})
        if len(contents.pages) == contents_pages:
            break
        contents_pages = len(contents.pages)
    else:
        raise RuntimeError("The contents page count did not settle.")
    first_section_page = 1 + len(cover.pages) + contents_pages
    footers = layout("footers", {**common, "pages": range(page - first_section_page), "first_page": first_section_page})
    front = cover.pages + contents.pages
    document = cover.copy(front + footers.pages)
    document.metadata.title = f"{inputs['board']['name']}: board pack, {inputs['meeting']['title']}"
    document.metadata.authors = [inputs["partnership"]["name"]]
    return document, len(front)


def render_pack(inputs: dict, progress=lambda percent, message: None) -> tuple[bytes, int]:
    """The pack's PDF and its page count."""
    common = common_context(inputs)
    # The cover first: it also loads the fonts and templates that forked workers then inherit.
    cover = layout("cover", {**common, "first_page": 1})
    laid_out = render_sections(inputs, progress)
    progress(90, "Numbering the pages")
    front_document, front_pages = render_front(inputs, common, cover, laid_out)
    front = PdfReader(io.BytesIO(front_document.write_pdf()))
    progress(95, "Joining the pages")
    front_outline = [mark for mark in bookmarks(front_document) if mark[1] < front_pages]
    pack = join(front.pages[:front_pages], front.pages[front_pages:], laid_out, front_outline)
    pack.add_metadata(front.metadata)
    output = io.BytesIO()
    pack.write(output)
    return output.getvalue(), len(pack.pages)


def join(front_pages, footer_pages, laid_out: list[dict], front_outline) -> PdfWriter:
    """The cover and contents, then every section page stamped with its footer, with the outline."""
    pack = PdfWriter()
    for page in front_pages:
        pack.add_page(page)
    outline, footers = list(front_outline), iter(footer_pages)
    for section in laid_out:
        start = len(pack.pages)
        for page in section["pdf"].pages[section["first"] : section["first"] + section["pages"]]:
            stamped = pack.add_page(page)
            stamped.merge_page(next(footers))
            stamped.compress_content_streams()  # merging decoded the section's drawing
        outline += [(title, start + page, x, y) for title, page, x, y in section["bookmarks"]]
    for title, page, x, y in outline:
        pack.add_outline_item(title=title, page_number=page, fit=Fit.xyz(left=x, top=y, zoom=0))
    return pack
