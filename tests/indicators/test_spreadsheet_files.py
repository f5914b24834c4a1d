"""The uploaded file itself: one that is not a usable XLSX, not a returns spreadsheet, a zip bomb
or missing is an error beside the field."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from indicators.spreadsheets import columns

from .spreadsheet_helpers import assert_nothing_saved, upload, url

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("returns.csv", b"Code,Value\nNI 112,5\n", "must be an Excel spreadsheet (.xlsx)"),
        ("returns.xlsx", b"Code,Value\nNI 112,5\n", "is not an Excel spreadsheet"),
        ("returns.xlsx", b"PK\x03\x04 not really a zip", "could not be read as an Excel spreadsheet"),
        ("returns.xlsx", b"PK\x03\x04" + b"0" * (2 * 1024 * 1024), "must be smaller than 2 MB"),
    ],
)
def test_a_file_that_is_not_a_usable_xlsx_is_an_error_beside_the_field(as_officer, tree_a, name, content, message):
    response = upload(as_officer, tree_a, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert message in error
    html = response.content.decode()
    assert 'id="id_file-error"' in html and "govuk-file-upload--error" in html and 'href="#id_file"' in html
    assert_nothing_saved(tree_a)


def test_an_xlsx_that_is_not_a_returns_spreadsheet_is_an_error_beside_the_field(as_officer, tree_a):
    workbook = Workbook()
    workbook.active.append(["Code", "Value"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(as_officer, tree_a, SimpleUploadedFile("mine.xlsx", buffer.getvalue()))
    assert "missing these columns: Numerator, Denominator" in response.context["form"].errors["file"][0]


def test_a_zip_bomb_is_refused_before_it_is_opened(as_officer, tree_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"\0" * (columns.UNZIPPED_MAX_BYTES + 1))
    response = upload(as_officer, tree_a, SimpleUploadedFile("bomb.xlsx", buffer.getvalue()))
    assert "too much data" in response.context["form"].errors["file"][0]


def test_an_upload_without_a_file_or_choice_says_so(as_officer, tree_a):
    response = as_officer.post(url(tree_a, "upload"), {})
    errors = response.context["form"].errors
    assert errors["file"] == ["Choose the spreadsheet to upload."]
    assert errors["action"] == ["Choose whether to save the returns as drafts or submit them."]
