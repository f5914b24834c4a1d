"""Rendering a board pack's stored inputs to one PDF.

Each section is laid out on its own with WeasyPrint, so its real page count is known; the contents
page is laid out last, listing where each section really starts; then all pages are joined into
one document. Joining WeasyPrint documents (`Document.copy`) keeps their fonts and bookmarks, so
no PDF library is needed at run time (pypdf only reads packs back in the tests).

Page numbers run through the whole pack: each section's first page number is passed to its
template, which resets CSS's page counter to it (templates/reporting/pdf/pack_page_style.html).
Bookmarks: each section's one h1 becomes an outline entry; lower headings do not.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from weasyprint import CSS, HTML

TEMPLATES = {
    "cover": "reporting/pdf/pack_cover.html",
    "contents": "reporting/pdf/pack_contents.html",
    "overview": "reporting/pdf/pack_overview.html",
    "dashboard": "reporting/pdf/pack_dashboard.html",
    "exception_report": "reporting/pdf/pack_exception_report.html",
    "escalations": "reporting/pdf/pack_escalations.html",
    "risks": "reporting/pdf/pack_risks.html",
}

# A user stylesheet: it outranks WeasyPrint's defaults (a bookmark for every heading) without
# touching the reused dashboard template.
OUTLINE = CSS(string="h1 { bookmark-level: 1 } h2, h3, h4, h5, h6 { bookmark-level: none }")


def css_string(text: str) -> str:
    """A quoted CSS string (for page-margin content), safe inside <style>."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'


def layout(kind: str, context: dict, cache: dict | None = None):
    html = render_to_string(TEMPLATES[kind], context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=[OUTLINE], cache=cache)


def section_context(section: dict) -> dict:
    """Stored JSON back into what the templates format: dates and datetimes."""
    kind = section["kind"]
    if kind == "dashboard":
        frozen_at = parse_datetime(section["frozen_at"]) if section["frozen_at"] else None
        return {"data": section["data"], "snapshot": {"frozen_at": frozen_at} if frozen_at else None}
    if kind in ("escalations", "risks"):
        rows = [{**row, **{k: parse_date(row[k]) for k in ("report_due", "review_date") if row.get(k)}}
                for row in section["rows"]]
        return {"rows": rows}
    return {key: value for key, value in section.items() if key not in ("kind",)}


def common_context(inputs: dict) -> dict:
    meeting = inputs["meeting"]
    starts_at = parse_datetime(meeting["starts_at"])
    period = inputs["period"]
    return {
        "pack": inputs,
        "partnership": inputs["partnership"],
        "starts_at": starts_at,
        "frozen_at": parse_datetime(period["frozen_at"]) if period["frozen_at"] else None,
        "as_of": parse_date(period["as_of"]) if period["as_of"] else None,
        "footer_label": css_string(f"{inputs['board']['name']} · {meeting['title']} · "
                                   f"{timezone.localtime(starts_at):%d %B %Y}"),
    }


def render_pack(inputs: dict, progress=lambda percent, message: None) -> tuple[bytes, int]:
    """The pack's PDF and its page count."""
    common = common_context(inputs)
    sections = inputs["sections"]
    contents_pages = 1  # assumed, then checked: a longer contents moves every section along
    cache = {}  # WeasyPrint's image cache, shared by all the sections' layouts
    for _attempt in range(3):
        cover = layout("cover", {**common, "first_page": 1}, cache)
        page = 1 + len(cover.pages) + contents_pages
        documents, entries = [], []
        for number, section in enumerate(sections, 1):
            progress(5 + 85 * (number - 1) // max(len(sections), 1), f"Laying out {section['title']} ({number} of {len(sections)})")
            document = layout(section["kind"], {**common, **section_context(section), "title": section["title"],
                                                "first_page": page}, cache)
            entries.append({"title": section["title"], "page": page, "pages": len(document.pages)})
            documents.append(document)
            page += len(document.pages)
        contents = layout("contents", {**common, "entries": entries, "first_page": 1 + len(cover.pages)}, cache)
        if len(contents.pages) == contents_pages:
            break
        contents_pages = len(contents.pages)
    else:
        raise RuntimeError("The contents page count did not settle.")
    progress(95, "Joining the pages")
    pages = cover.pages + contents.pages + [p for document in documents for p in document.pages]
    pack = cover.copy(pages)
    pack.metadata.title = f"{inputs['board']['name']}: board pack, {inputs['meeting']['title']}"
    pack.metadata.authors = [inputs["partnership"]["name"]]
    return pack.write_pdf(), len(pages)
