"""Every PDF goes through here: a print template rendered to HTML, then WeasyPrint.

Print templates extend templates/reporting/pdf/base.html (A4, DejaVu Sans, fixed table layout,
which halves WeasyPrint's layout time for dense tables).

WeasyPrint fetches whatever a document's HTML and CSS point at (stylesheets, fonts, images), and
user text ends up in those documents. So every document is given StaticFilesFetcher, which serves
only the project's own static files and refuses everything else (no network, no other files), and
user text placed inside CSS goes through css_string.

Every PDF is written by write_pdf as tagged PDF/UA-1, for screen readers: WeasyPrint takes the
document's language from <html lang>, its title from <title>, a structure tree from the HTML
(headings, tables and their header cells, figures whose /Alt is an SVG's first <title> or an
<img alt>) and bookmarks from the headings. partnership.pdf_structure reads all of that back."""

import mimetypes
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from partnership import html_tokenizer_cache

html_tokenizer_cache.install()  # before any PDF's HTML is parsed


class RefusedURL(ValueError):
    """A PDF asked for something other than one of the project's static files. WeasyPrint logs it
    and carries on without the resource."""


def static_roots() -> list[Path]:
    """The directories static files are served from: STATICFILES_DIRS, STATIC_ROOT (collected) and
    each installed app's static/ directory."""
    roots = [Path(entry[1] if isinstance(entry, list | tuple) else entry) for entry in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    roots += [Path(config.path) / "static" for config in apps.get_app_configs()]
    return [root.resolve() for root in roots if root.is_dir()]


def static_file(url: str) -> Path | None:
    """The static file a URL names, or None when it names anything else.

    Accepted: a local file: URL inside one of static_roots(), either by its own path or, as
    `{% static %}` writes it, under STATIC_URL (`/static/images/logo.png`, found as the static files
    app finds it, or in STATIC_ROOT). Symbolic links and `..` are resolved before the check."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = url2pathname(unquote(parts.path))
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    candidates = [path]
    if path.startswith(prefix):
        relative = path.removeprefix(prefix)
        try:
            found = finders.find(relative)
        except (SuspiciousFileOperation, ValueError):
            return None
        candidates = [found] if found else []
        if settings.STATIC_ROOT:
            candidates.append(str(Path(settings.STATIC_ROOT) / relative))
    roots = static_roots()
    for candidate in candidates:
        try:
            real = Path(candidate).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            continue
        if real.is_file() and any(real.is_relative_to(root) for root in roots):
            return real
    return None


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for every PDF: the project's own static files and nothing else.
    Other schemes (http, https, ftp, data), other hosts and files outside the static directories
    are refused, so text that bends a template's CSS cannot make the worker fetch a URL (SSRF) or
    read a file into a PDF."""

    def fetch(self, url, headers=None):
        path = static_file(url)
        if path is None:
            raise RefusedURL(f"PDFs may only use the project's static files, not {url[:200]!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def html_document(html: str) -> HTML:
    """The one way HTML reaches WeasyPrint, for every PDF the product writes."""
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=StaticFilesFetcher())


# PDF/UA-1 (PDF 1.7): tagged, with /Lang, /MarkInfo, the title shown in viewers, XMP metadata.
PDF_VARIANT = "pdf/ua-1"


def write_pdf(document: HTML | Document) -> bytes:
    """The one way a PDF is written: `document` is an html_document(...) or what its .render(...)
    (or that Document's .copy(pages)) returned. The structure tree is built from the laid-out
    pages as they are written, so a copy of some pages, or of several documents' pages, is tagged
    too (its language and title are those of the document it was copied from)."""
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict) -> bytes:
    return write_pdf(html_document(render_to_string(template_name, context)))


# Characters a quoted CSS string cannot hold as they are: its quotes and escape, anything a CSS
# parser reads as a newline (\n, \r, \f), and "<" and ">" (a "</style>" would end the stylesheet).
CSS_STRING_UNSAFE = frozenset("\"'\\<>&\n\r\f")


def css_string(text) -> str:
    """A quoted CSS string of `text` (for page-margin content), safe inside <style>: every character
    that could end or bend the string, or the stylesheet, is a CSS hex escape ("\\d " for a carriage
    return), as are all control and format characters."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in CSS_STRING_UNSAFE or unicodedata.category(char)[0] == "C" else char
        for char in str(text)
    )
    return f'"{escaped}"'


def pdf_response(pdf: bytes, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
