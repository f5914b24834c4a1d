"""User text in a board pack's footer stays text: a meeting title cannot end the footer's CSS
string and make the PDF worker fetch a URL (blind SSRF) or read a file."""

import pytest
from weasyprint.urls import URLFetcher

from partnership.pdf import static_file
from reporting.models import BoardPack

from .helpers import built, meeting_of, read, texts

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")

# Each ends the footer's string with a carriage return, then closes its rules and asks for a URL;
# the two last did make the worker fetch it before css_string escaped "\r" and quotes.
ATTACKS = [
    'x\r} @page { @bottom-left { content: url("http://127.0.0.1:9/steal") } } "',
    "x\r} } @page { @bottom-left { content: url('http://127.0.0.1:9/steal') } } '",
    "x\r} } body { background: url(file:///etc/passwd) } @page { @top-left { content: url(http://127.0.0.1:9/x) }",
]


@pytest.fixture
def asked(monkeypatch, tmp_path):
    """Every URL any WeasyPrint fetcher is asked for, in this process or a forked layout worker
    (so written to a file)."""
    log = tmp_path / "asked.txt"
    real = URLFetcher.__call__

    def spy(self, url):
        with open(log, "a") as f:
            f.write(url + "\n")
        return real(self, url)

    monkeypatch.setattr(URLFetcher, "__call__", spy)
    return lambda: log.read_text().splitlines() if log.exists() else []


@pytest.mark.parametrize("title", ATTACKS)
def test_a_meeting_title_that_bends_the_footer_css_is_shown_as_text_and_fetches_nothing(frozen, asked, title):
    meeting = meeting_of(frozen.business_group, title=title)
    pack = built(meeting, frozen.members["business"])
    assert pack.status == BoardPack.Status.DONE, pack.error
    pages = texts(read(pack))
    # every page's footer shows the title as written (its carriage return as a space) beside the
    # partnership and board, and the page number
    shown = title.replace("\r", " ")
    for number, text in enumerate(pages, 1):
        assert f"Alpha Partnership Business Group · {shown} · " in text, number
        assert f"Page {number}" in text
    # and nothing was asked for but the project's static files: no http://, no file outside them
    assert not any("127.0.0.1" in url or "passwd" in url for url in asked())
    assert [url for url in asked() if static_file(url) is None] == []
