"""partnership.pdf_structure reads back what a tagged PDF tells a screen reader (language, title,
headings with their text, table header cells, figures' alternative text, bookmarks), and every
PDF written through partnership.pdf is tagged, a copy of some pages (as the board pack makes) too."""

import pytest

from partnership.pdf import html_document, render_pdf, write_pdf
from partnership.pdf_structure import FontDecoder, PdfStructure, cmap, structure

SMALL = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>{{ title }}</title>
<style>
  body { font-family: "DejaVu Sans", sans-serif; }
  .narrow { width: 35mm; }
  img { width: 8mm; height: 8mm; }
  .faded { opacity: 0.6; }  /* drawn in a form XObject of its own */
  .next { break-before: page; }
</style></head>
<body>
<h1 class="narrow">Under 18 conception rate – a heading long enough to wrap</h1>
<p>58.0 per 1,000 against a target of 52.0.</p>
<h2>Spend <b>against</b> profile: £1,250</h2>
<table><thead><tr><th>Code</th><th>Indicator</th></tr></thead>
  <tbody><tr><th scope="row">NI 112</th><td>Under 18 conception rate</td></tr></tbody></table>
<table><tr><td>A table for layout, with no header cells</td></tr></table>
<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><title>NI 112: 58.0 in Q2 2026/27; worsening</title>
  <rect width="30" height="10"/></svg>
<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><rect width="30" height="10"/></svg>
<img src="/static/images/favicon.svg" alt="The partnership's logo">
<div class="faded"><h3>Notes ‘as reported’</h3></div>
<section class="next"><h2>Second page</h2></section>
</body></html>"""


@pytest.fixture
def small_template(settings, tmp_path):
    """A template named small.html, found first (the template engines are rebuilt for the change)."""
    (tmp_path / "small.html").write_text(SMALL)
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    return "small.html"


HEADINGS = [
    (1, "Under 18 conception rate – a heading long enough to wrap"),
    (2, "Spend against profile: £1,250"),
    (3, "Notes ‘as reported’"),
    (2, "Second page"),
]


def test_a_pdf_rendered_through_render_pdf_reads_back_whole(small_template):
    read = structure(render_pdf(small_template, {"title": "NI 112 dashboard, Q2 2026/27"}))
    assert read == PdfStructure(
        tagged=True,
        lang="en-GB",
        title="NI 112 dashboard, Q2 2026/27",
        headings=HEADINGS,
        header_cells=["Code", "Indicator", "NI 112"],
        tables=[["Code", "Indicator", "NI 112"], []],
        figures=["NI 112: 58.0 in Q2 2026/27; worsening", "", "The partnership's logo"],
        bookmarks=[text for _, text in HEADINGS],
        page_count=2,
    )


def test_the_wrapped_heading_really_is_on_several_lines(small_template):
    """So the heading test above shows line breaks read as spaces, not words run together."""
    document = html_document(SMALL.replace("{{ title }}", "Wrapping")).render()
    heading = document.pages[0]._page_box.descendants()
    lines = [box for box in heading if type(box).__name__ == "LineBox" and box.element_tag == "h1"]
    assert len(lines) >= 3


def test_an_untagged_pdf_says_so_and_has_no_structure():
    read = structure(html_document(SMALL.replace("{{ title }}", "Plain")).write_pdf())
    assert not read.tagged
    assert (read.headings, read.header_cells, read.tables, read.figures) == ([], [], [], [])
    assert read.title == "Plain" and read.page_count == 2


def test_a_copy_of_pages_from_several_documents_is_tagged_with_the_first_ones_language_and_title():
    first = html_document(SMALL.replace("{{ title }}", "First")).render()
    second = html_document(SMALL.replace("{{ title }}", "Second").replace('lang="en-GB"', 'lang="cy"')).render()
    joined = structure(write_pdf(first.copy([first.pages[1], *second.pages])))
    assert joined.tagged and joined.lang == "en-GB" and joined.title == "First"
    assert joined.headings == [(2, "Second page"), *HEADINGS]
    assert joined.page_count == 3
    assert structure(write_pdf(first)).headings == HEADINGS  # the laid-out document is written again, whole


def test_cmap_reads_bfchar_and_both_forms_of_bfrange():
    data = b"""2 beginbfchar
<0003> <0020>
<0024> <00410301>
endbfchar
2 beginbfrange
<0010> <0012> <0061>
<0020> <0021> [<00e9> <d83dde00>]
endbfrange"""
    assert cmap(data) == {0x03: " ", 0x24: "A\u0301", 0x10: "a", 0x11: "b", 0x12: "c", 0x20: "é", 0x21: "😀"}


def test_a_simple_font_without_a_map_reads_as_latin_1():
    import pikepdf

    simple = FontDecoder(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1))
    assert simple.decode("Caf\xe9".encode("latin-1")) == "Café"
    composite = FontDecoder(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0))
    assert composite.decode(b"\x00\x41") == "\ufffd"  # no map: unknown, never a guess


FOOTER = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Footer</title>
<style>@page { @bottom-right { content: "Page 7 of the pack"; font-family: "DejaVu Sans"; } }</style></head>
<body><h1>Not this heading</h1></body></html>"""


def stamped(section: bytes, footer: bytes, wrap: bytes = b"") -> bytes:
    """`section`'s first page with `footer`'s first page drawn over it, as the board pack stamps its
    footers, inside `wrap` (a marked-content tag) when given."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(section)) as pdf, pikepdf.open(io.BytesIO(footer)) as footers:
        page = pdf.pages[0]
        name = page.add_resource(pdf.copy_foreign(footers.pages[0].as_form_xobject()), pikepdf.Name.XObject)
        begin, end = (wrap + b" BMC ", b" EMC") if wrap else (b"", b"")
        page.contents_add(pdf.make_stream(begin + b"q " + bytes(name.unparse()) + b" Do Q" + end))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_text_stamped_over_a_page_as_an_artifact_is_no_elements_text():
    """A stamped footer page carries its own marked content, numbered as the page's is: read as an
    /Artifact (as page furniture must be in a tagged PDF) it joins no heading; not marked so, it
    does, which is what a screen reader would get too."""
    section = write_pdf(html_document(SMALL.replace("{{ title }}", "Section")))
    footer = write_pdf(html_document(FOOTER))
    assert structure(stamped(section, footer, b"/Artifact")).headings == HEADINGS
    assert structure(stamped(section, footer)).headings != HEADINGS
