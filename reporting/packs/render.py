"""Rendering a board pack's stored inputs to one tagged PDF, in parts.

Laying out is most of the cost, so the sections are split into parts (runs of consecutive sections,
balanced by estimated cost), and each part is laid out as one tagged PDF without footers: a
section's page count does not depend on its first page number, so nothing about where it lands is
needed yet. With a broker, each part is a Celery task and the parts of one pack are shared by every
worker on every machine (a chord: reporting.tasks); without one, the one part is laid out here, in
the request. Then, once every section's length is known (finish_pack):

- the contents page lists where each section really starts (laid out again only if it grows
  beyond the pages assumed for it, which moves every section along);
- the cover, the contents and a run of blank pages carrying only the footer ("Page N", the
  partnership, the meeting: pack_footers.html), numbered from the first section page, are laid out
  as one small document;
- reporting.packs.join puts the pages in pack order, keeps every part's structure tree (headings,
  table headers, charts' alternative text) and stamps each section page with its footer.

So every page is laid out once, and the footers are exactly those a whole-pack layout would draw
(same templates, same @page rules). Bookmarks: each section's one h1 becomes an outline entry
(lower headings do not); the parts report where theirs fell and they are added to the joined pack.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from weasyprint import CSS

from partnership.pdf import StaticFilesFetcher, css_string, html_document, write_pdf

from .join import Part, join_pack
from .pieces import piece_section, pieces_of, whole

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

# Rough layout cost per table row, for splitting the sections into parts of even cost (measured on
# the bench's 7-theme pack: a dashboard of 40 indicators, each with its trend chart, ~0.8 s; an
# escalation with its chart and plan in full ~0.07 s; a red item in the overview ~0.01 s).
ROW_COSTS = {
    "indicators": 3,
    "commissions": 1,
    "rows": 3,
    "red_items": 2,
    "items": 8,
    "decisions": 4,
    "made": 4,
    "received": 4,
    "perspectives": 12,  # a scorecard's perspective: a few objectives, each a few indicator rows
}
SECTION_COST = 10
KIND_ROW_COSTS = {("escalations", "rows"): 11}  # each escalation: a chart, a plan and its actions


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
        context = {"rows": rows, "continued": section.get("continued", False)}
        return {**context, "stages": stages(section, rows)} if kind == "escalations" else context
    return {key: value for key, value in section.items() if key not in ("kind",)}


def stages(section: dict, rows: list[dict]) -> list[dict]:
    """The escalations' stages in the order the rows come (highest first): each with its rows in
    this piece, its number open in the whole section, and whether it began in an earlier piece."""
    entries = section.get("whole", section["rows"])
    before = {row.get("stage_label") for row in entries[: section.get("first_entry", 0)]}
    out = []
    for row in rows:
        label = row.get("stage_label")
        if not out or out[-1]["label"] != label:
            open_count = sum(1 for entry in entries if entry.get("stage_label") == label)
            out.append({"label": label, "open": open_count, "continued": label in before, "rows": []})
        out[-1]["rows"].append(row)
    return out


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


# --- a part of the sections, laid out as one PDF ---------------------------------------------


def render_part(inputs: dict, pieces: list, on_section=lambda number, title: None) -> dict:
    """Lay out the pack's `pieces` (consecutive; reporting.packs.pieces) as one tagged PDF without
    footers: {"pdf", "pages": [page count per piece], "bookmarks"}."""
    common = common_context(inputs)
    cache = {}  # WeasyPrint's image cache, shared by the part's layouts
    documents = []
    for number, piece in enumerate(pieces, 1):
        section = piece_section(inputs["sections"], piece)
        on_section(number, section["title"])
        context = {**common, **section_context(section), "title": section["title"], "first_page": None}
        documents.append(layout(section["kind"], context, cache))
    joined = documents[0].copy([page for document in documents for page in document.pages])
    return {
        "pdf": write_pdf(joined),
        "pages": [len(document.pages) for document in documents],
        "bookmarks": bookmarks(joined),
    }


def piece_cost(sections: list[dict], piece) -> int:
    return section_cost(piece_section(sections, piece))


def section_cost(section: dict) -> int:
    kind = section.get("kind")
    return SECTION_COST + sum(
        len(rows) * KIND_ROW_COSTS.get((kind, key), ROW_COSTS.get(key, 0)) for key, rows in table_rows(section)
    )


def table_rows(section: dict):
    """(kind of row, rows) for each table a section lays out."""
    for part in (section, section.get("data") or {}, section.get("report") or {}):
        for key, rows in part.items():
            if key in ROW_COSTS and isinstance(rows, list):
                yield key, rows


def split_into_parts(sections: list[dict], parts: int) -> list[list]:
    """The pieces (reporting.packs.pieces) of each part: runs of consecutive pieces (so the parts'
    pages and structure trees join in pack order), cut where the running cost passes each equal
    share of the total, and never an empty part. One PDF per part, not per piece: every PDF
    written has a fixed cost (embedding its fonts)."""
    pieces = pieces_of(sections)
    costs = [piece_cost(sections, piece) for piece in pieces]
    parts = max(1, min(parts, len(costs)))
    total, done, runs = sum(costs), 0, [[]]
    for number, (piece, cost) in enumerate(zip(pieces, costs, strict=True)):
        parts_left, pieces_left = parts - len(runs), len(costs) - number
        boundary = total * len(runs) / parts
        if runs[-1] and parts_left > 0 and (done + cost / 2 > boundary or pieces_left == parts_left):
            runs.append([])
        runs[-1].append(piece)
        done += cost
    return [run for run in runs if run]


# --- the whole pack ----------------------------------------------------------------------------


def render_front(inputs: dict, common: dict, cover, section_pages: list[int]):
    """The cover, the contents and the sections' footer pages, as one laid-out document, and how
    many of its pages are the cover and contents."""
    contents_pages = 1  # assumed, then checked: a longer contents moves every section along
    for _attempt in range(3):
        page = 1 + len(cover.pages) + contents_pages
        entries = []
        for section, pages in zip(inputs["sections"], section_pages, strict=True):
            entries.append({"title": section["title"], "page": page, "pages": pages})
            page += pages
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


def finish_pack(inputs: dict, parts: list[tuple[list, dict]], progress=lambda percent, message: None):
    """The pack's PDF and page count from its laid-out parts: [(pieces, render_part result)] in pack
    order."""
    common = common_context(inputs)
    cover = layout("cover", {**common, "first_page": 1})
    section_pages = [0] * len(inputs["sections"])
    for pieces, result in parts:
        for piece, pages in zip(pieces, result["pages"], strict=True):
            section_pages[whole(piece)[0]] += pages
    progress(90, "Numbering the pages")
    front_document, front_pages = render_front(inputs, common, cover, section_pages)
    progress(95, "Joining the pages")
    front_outline = [mark for mark in bookmarks(front_document) if mark[1] < front_pages]
    joined = [Part(result["pdf"], sections_of(result)) for _, result in parts]
    return join_pack(write_pdf(front_document), front_pages, joined, front_outline)


def sections_of(result: dict) -> list[tuple[int, int, list]]:
    """(first page index, page count, bookmarks relative to the piece) of each piece in a part."""
    sections, first = [], 0
    for pages in result["pages"]:
        marks = [(t, page - first, x, y) for t, page, x, y in result["bookmarks"] if first <= page < first + pages]
        sections.append((first, pages, marks))
        first += pages
    return sections


def render_pack(inputs: dict, progress=lambda percent, message: None) -> tuple[bytes, int]:
    """The whole pack laid out here, as one part: the PDF and its page count."""
    pieces = pieces_of(inputs["sections"])
    parts = []
    if pieces:

        def on_section(number, title):
            progress(5 + 80 * (number - 1) // len(pieces), f"Laying out {title} ({number} of {len(pieces)})")

        parts.append((pieces, render_part(inputs, pieces, on_section)))
    return finish_pack(inputs, parts, progress)
