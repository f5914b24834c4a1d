"""Evidence is stored under a safe, bounded name whatever the uploaded file was called (a name longer
than a file system allows, path separators, odd characters), keeping its extension and a readable
start of its name, and is offered for download under that name."""

import os
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import IndicatorReturn
from indicators.models.returns import EVIDENCE_NAME_MAX_BYTES, evidence_filename

from .return_helpers import as_member, url

pytestmark = pytest.mark.usefixtures("returns_a")

LONG = "é" * 148 + ".pdf"  # 152 characters, 300 bytes in UTF-8: more than a file name may have


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def attach(client, tree, indicator, name):
    pdf = SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")
    return as_member(client, tree, "officer").post(
        url(tree, indicator), {"value": "90", "version": "0", "action": "save_draft", "evidence": pdf}
    )


def test_a_300_byte_name_is_stored_under_a_bounded_name_and_downloads(client, tree_a, homes, media):
    assert len(LONG.encode()) == 300
    response = attach(client, tree_a, homes, LONG)
    assert response.status_code == 302
    ret = IndicatorReturn.objects.get(indicator=homes)
    stored = ret.evidence.name.rsplit("/", 1)[-1]
    assert stored.endswith(".pdf") and stored.startswith("éééé")
    assert len(stored.encode()) <= EVIDENCE_NAME_MAX_BYTES
    assert len(ret.evidence.name) <= IndicatorReturn._meta.get_field("evidence").max_length
    assert (media / ret.evidence.name).read_bytes() == b"%PDF-1.4 evidence"

    response = as_member(client, tree_a, "plain").get(f"/p/alpha/returns/r/{ret.pk}/evidence/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(stored)}"


@pytest.mark.parametrize(
    "name, stored",
    [
        ("count.pdf", "count.pdf"),
        ("Q2 count (final).PDF", "Q2_count_final.PDF"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\count.pdf", "count.pdf"),
        ('re<p>o:r"t|?*.pdf', "report.pdf"),
        ("...pdf", "evidence.pdf"),
        (".pdf", "evidence.pdf"),
        ("..", "evidence"),
        ("résumé.pdf", "résumé.pdf"),
        ("e\u0301te\u0301.pdf", "été.pdf"),  # decomposed accents are composed, not dropped
        ("a\x00b\x1fc.txt", "abc.txt"),
        ("x" * 300 + ".p" + "d" * 40, "x" * (EVIDENCE_NAME_MAX_BYTES - 17) + ".pddddddddddddddd"),
    ],
)
def test_the_stored_name_is_safe_and_readable(name, stored):
    assert evidence_filename(name) == stored


@pytest.mark.parametrize("name", [LONG, "日本語のファイル名" * 20 + ".xlsx", "😀" * 100 + ".png", "a" * 1000])
def test_the_stored_name_never_passes_the_byte_limit_or_splits_a_character(name):
    stored = evidence_filename(name)
    assert 0 < len(stored.encode("utf-8")) <= EVIDENCE_NAME_MAX_BYTES
    assert os.path.basename(stored) == stored and "\ufffd" not in stored
    assert stored.endswith(os.path.splitext(name)[1])
