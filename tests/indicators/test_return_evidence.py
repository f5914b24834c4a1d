"""Evidence attached to a return is stored privately and served to members."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import IndicatorReturn

from .return_helpers import as_member, url

pytestmark = pytest.mark.usefixtures("returns_a")


# --- evidence ------------------------------------------------------------------------------------------


def test_evidence_is_stored_privately_and_served_to_members(client, tree_a, homes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("count.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    as_member(client, tree_a, "officer").post(
        url(tree_a, homes), {"value": "90", "version": "0", "action": "save_draft", "evidence": pdf}
    )
    ret = IndicatorReturn.objects.get(indicator=homes)
    assert ret.evidence.name.startswith(f"evidence/{tree_a.partnership.pk}/") and ret.evidence.name.endswith(
        "/count.pdf"
    )
    response = as_member(client, tree_a, "plain").get(f"/p/alpha/returns/r/{ret.pk}/evidence/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
