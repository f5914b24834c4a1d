"""Shared by the board pack tests (and the parallel layout's): a meeting of a board, a pack built
as the request view builds it, and the PDF read back with pypdf."""

import datetime as dt
import io
import re

from django.utils import timezone
from pypdf import PdfReader

from partnership.models import Meeting
from reporting.packs.build import request_pack
from reporting.tasks import build_board_pack


def meeting_of(board, days=7, title="Quarterly review"):
    return Meeting.objects.create(board=board, starts_at=timezone.now() + dt.timedelta(days=days), title=title)


def built(meeting, member=None):
    """Request a pack and run its task, as the request view does."""
    pack, enqueue = request_pack(meeting, member)
    if enqueue:
        build_board_pack.delay(pack.pk)
    pack.refresh_from_db()
    return pack


def read(pack):
    with pack.file.open("rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    return PdfReader(io.BytesIO(data))


def texts(reader):
    return [page.extract_text() for page in reader.pages]


def contents_entries(page_text):
    """[(title, page)] from the contents page's table (not its footer, "… Page 2")."""
    rows = [
        row.strip() for row in page_text.split("Section Page", 1)[1].splitlines() if not re.search(r"Page \d+$", row)
    ]
    return [(m[1], int(m[2])) for m in (re.match(r"^(.+?) (\d+)$", row) for row in rows) if m]
