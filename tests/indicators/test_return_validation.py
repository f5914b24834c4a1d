"""The return form's validation: a message beside the field and nothing typed lost; drafts skip the
submission rules, an off-target submission needs a reason, an action and the attestations."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from indicators.models import IndicatorReturn
from indicators.periods import PeriodKind, span_containing

from ..builders import make_indicator
from .return_helpers import ALL_SIX, as_member, post, url

pytestmark = pytest.mark.usefixtures("returns_a")


# --- validation: a message beside the field, nothing typed lost ---------------------------------


def test_a_non_number_is_explained_and_everything_typed_is_kept(client, tree_a, homes):
    response = post(
        as_member(client, tree_a, "officer"),
        tree_a,
        homes,
        value="about 90",
        commentary="Slow quarter",
        action="save_draft",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a number, like 42.5" in html and 'href="#id_value"' in html
    assert 'value="about 90"' in html and "Slow quarter" in html
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_a_negative_count_is_refused(client, tree_a, homes):
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="-4", action="save_draft")
    assert response.context["form"].errors["value"] == ["Enter a value of 0 or more."]


def test_a_percentage_over_100_is_refused(client, tree_a):
    rate = make_indicator(tree_a, "L 7", unit="percentage", polarity="higher")
    response = post(as_member(client, tree_a, "officer"), tree_a, rate, value="140", action="save_draft")
    assert response.context["form"].errors["value"] == ["Enter a percentage between 0 and 100."]


def test_a_numerator_larger_than_the_denominator_is_refused_for_a_percentage(client, tree_a, recycling):
    response = post(
        as_member(client, tree_a, "officer"), tree_a, recycling, numerator="900", denominator="600", action="save_draft"
    )
    assert response.context["form"].errors["numerator"] == [
        "The numerator cannot be more than the denominator for a percentage."
    ]
    response = post(
        as_member(client, tree_a, "officer"), tree_a, recycling, numerator="9", denominator="0", action="save_draft"
    )
    assert "cannot be 0" in response.context["form"].errors["denominator"][0]


def test_a_period_not_yet_ended_cannot_have_a_result(client, tree_a, homes):
    current = span_containing(PeriodKind.QUARTER, timezone.localdate())
    response = as_member(client, tree_a, "officer").post(
        url(tree_a, homes, current), {"value": "10", "version": "0", "action": "save_draft"}
    )
    html = response.content.decode()
    assert "has not ended yet" in html
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_evidence_must_be_a_real_file_of_an_allowed_type_and_size(client, tree_a, homes):
    officer = as_member(client, tree_a, "officer")
    fake_pdf = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = officer.post(
        url(tree_a, homes), {"value": "90", "version": "0", "action": "save_draft", "evidence": fake_pdf}
    )
    assert response.context["form"].errors["evidence"] == ["The file's contents are not a PDF file."]
    program = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = officer.post(
        url(tree_a, homes), {"value": "90", "version": "0", "action": "save_draft", "evidence": program}
    )
    assert "must be one of these types" in response.context["form"].errors["evidence"][0]
    huge = SimpleUploadedFile("big.csv", b"a,b\n" * (1600 * 1024), content_type="text/csv")  # 6.25 MB
    response = officer.post(
        url(tree_a, homes), {"value": "90", "version": "0", "action": "save_draft", "evidence": huge}
    )
    assert "smaller than 5 MB" in response.context["form"].errors["evidence"][0]
    assert 'value="90"' in response.content.decode()


def test_a_draft_saves_without_the_submission_rules(client, tree_a, homes):
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="40", action="save_draft")
    assert response.status_code == 302
    ret = IndicatorReturn.objects.get(indicator=homes)
    assert (ret.state, ret.value, ret.version) == ("draft", Decimal(40), 1)


def test_submitting_an_off_target_result_needs_a_reason_and_an_action_and_all_six_attestations(client, tree_a, homes):
    # 40 against a target of 100 and a monitoring level of 90: red
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="40", action="submit")
    errors = response.context["form"].errors
    assert errors["variance_reason"] == ["The result is off target: explain the reason for the variance."]
    assert errors["action_taken"] == ["The result is off target: say what action is being taken."]
    assert "all six data-quality standards" in errors["__all__"][0]
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_an_on_target_result_submits_with_the_attestations(client, tree_a, homes):
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="120", action="submit", **ALL_SIX)
    assert response.status_code == 302
    ret = IndicatorReturn.objects.get(indicator=homes)
    assert ret.state == "submitted" and ret.submitted_by.username == "officer_a" and ret.dq_complete


def test_the_page_shows_the_status_the_value_would_get(client, tree_a, homes):
    officer = as_member(client, tree_a, "officer")
    page = officer.get(url(tree_a, homes)).content.decode()
    assert "Status these figures would get" in page
    preview = officer.post(url(tree_a, homes) + "preview/", {"value": "40"}).content.decode()
    assert "Red" in preview and "Below monitoring level" in preview
    preview = officer.post(url(tree_a, homes) + "preview/", {"value": "95"}).content.decode()
    assert "Amber" in preview
