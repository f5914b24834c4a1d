"""Every PDF's URL fetcher serves the project's own static files and refuses everything else, and
user text placed in a PDF's CSS is a CSS string that nothing can end early."""

import ast
import io
from pathlib import Path

import pytest
import tinycss2
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from partnership.pdf import RefusedURL, StaticFilesFetcher, css_string, static_file

ROOT = Path(settings.BASE_DIR)
FAVICON = ROOT / "static" / "images" / "favicon.svg"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/steal",
        "https://example.org/static/images/favicon.svg",
        "ftp://127.0.0.1/x",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "file://127.0.0.1/etc/passwd",
        f"file://otherhost{FAVICON}",
        (ROOT / "config" / "settings.py").as_uri(),
        (ROOT / "db.sqlite3").as_uri(),
        f"file://{ROOT}/static/../config/settings.py",
        f"file://{ROOT}/static/%2e%2e/config/settings.py",
        "file:///static/../config/settings.py",
        "file:///static/../../../../etc/passwd",
        "file:///static/",
        (ROOT / "static").as_uri(),
    ],
)
def test_the_fetcher_refuses_anything_but_a_static_file(url):
    assert static_file(url) is None
    with pytest.raises(RefusedURL):
        StaticFilesFetcher()(url)


def test_the_fetcher_serves_the_projects_static_files():
    for url in (FAVICON.as_uri(), "file:///static/images/favicon.svg"):
        response = StaticFilesFetcher()(url)
        assert response.read() == FAVICON.read_bytes()
        assert response.content_type == "image/svg+xml"
        response.close()


def test_the_fetcher_serves_collected_static_files_and_no_link_out_of_them(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "collected"
    (tmp_path / "collected" / "css").mkdir(parents=True)
    (tmp_path / "collected" / "css" / "print.css").write_text("body { color: black }")
    (tmp_path / "secret.txt").write_text("not for a PDF")
    (tmp_path / "collected" / "css" / "linked.css").symlink_to(tmp_path / "secret.txt")
    assert StaticFilesFetcher()("file:///static/css/print.css").read() == b"body { color: black }"
    assert static_file((tmp_path / "collected" / "css" / "print.css").as_uri()) is not None
    for url in ("file:///static/css/linked.css", (tmp_path / "collected" / "css" / "linked.css").as_uri()):
        with pytest.raises(RefusedURL):
            StaticFilesFetcher()(url)


def test_every_pdf_goes_through_the_one_fetcher():
    """Only partnership/pdf.py hands HTML to WeasyPrint (anything else would get its default
    fetcher, which follows any URL)."""
    offenders = []
    for app in ("partnership", "indicators", "escalation", "reporting", "config"):
        for path in (ROOT / app).rglob("*.py"):
            if path == ROOT / "partnership" / "pdf.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "HTML",
                    "CSS",
                ):
                    if not any(k.arg == "url_fetcher" for k in node.keywords):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


# --- user text in CSS ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'x\r} @page { @bottom-left { content: url("http://127.0.0.1:9/steal") } } "',
        "a\nb\fc\r\nd\x00e\x1bf\x7fg\u2028h",
        "</style><script>alert(1)</script>",
        'it\'s \\ "quoted"',
    ],
)
def test_css_string_escapes_every_character_that_could_end_or_bend_it(text):
    quoted = css_string(text)
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    for char in "\"'\n\r\f<>\x00\x1b\x7f":
        assert char not in inner
    tokens = [t for t in tinycss2.parse_component_value_list(quoted) if t.type != "whitespace"]
    assert [t.type for t in tokens] == ["string"]
    assert tokens[0].value == text.replace("\x00", "\ufffd")


@given(st.text())
def test_css_string_is_always_one_css_string_of_the_text(text):
    tokens = tinycss2.parse_component_value_list(f"content: {css_string(text)};")
    strings = [t for t in tokens if t.type == "string"]
    assert len(strings) == 1
    expected = "".join("\ufffd" if c == "\x00" or "\ud800" <= c <= "\udfff" else c for c in text)
    assert strings[0].value == expected
    assert [t.type for t in tokens if t.type not in ("whitespace",)] == ["ident", "literal", "string", "literal"]


def test_a_partnership_name_in_the_pdf_footer_is_text_and_fetches_nothing(client, tree_a, monkeypatch):
    """The plain PDFs' footer (dashboards, reports, the project schedule) names the partnership."""
    asked = []
    real = URLFetcher.__call__
    monkeypatch.setattr(URLFetcher, "__call__", lambda self, url: asked.append(url) or real(self, url))
    tree_a.partnership.name = "Alpha\r} } body { background: url(http://127.0.0.1:9/steal) } @page { x"
    tree_a.partnership.save()
    client.force_login(tree_a.members["plain"].user)
    response = client.get("/p/alpha/projects/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Alpha } } body { background: url(http://127.0.0.1:9/steal) } @page { x" in text
    assert asked == []
