"""A small file can describe a vast sheet (a cell in column XFD on 100,000 rows, or one in row
1,048,576): it is refused in well under a second, beside the file field, whether its <dimension ref>
tells the truth, lies or is missing, and nothing is saved."""

import io
import time
import zipfile
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from indicators.spreadsheets import columns
from indicators.spreadsheets.read import read_upload

from .spreadsheet_helpers import assert_nothing_saved, upload

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SST_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SST_RELATIONSHIP = (
    b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
)
HEADER = "".join(
    f'<c r="{get_column_letter(index)}1" t="inlineStr"><is><t>{escape(column.header)}</t></is></c>'
    for index, column in enumerate(columns.COLUMNS, start=1)
)


def wide_rows(count):
    """An empty, styled cell in the last column of `count` rows: every row is blank, so no count of
    filled-in rows stops the reading, yet each one is 16,384 cells wide."""
    return "".join(f'<row r="{n}"><c r="XFD{n}" s="1"/></row>' for n in range(2, count + 2))


WIDE_ROWS = wide_rows(100_000)
DEEP_ROW = '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'


def xlsx(rows: str, dimension: str | None, shared_strings: str = "") -> SimpleUploadedFile:
    """A returns sheet's header and then `rows`, written into the zip by hand (with a shared strings
    part holding `shared_strings`, if given)."""
    workbook = Workbook()
    workbook.active.title = "Returns"
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + f'<sheetData><row r="1">{HEADER}</row>{rows}</sheetData></worksheet>'
    )
    hostile = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = sheet.encode() if name == "xl/worksheets/sheet1.xml" else source.read(name)
            if shared_strings and name == "[Content_Types].xml":
                data = data.replace(b"</Types>", SST_TYPE + b"</Types>")
            if shared_strings and name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SST_RELATIONSHIP + b"</Relationships>")
            target.writestr(name, data)
        if shared_strings:
            target.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared_strings}</sst>')
    content = hostile.getvalue()
    assert len(content) < columns.UPLOAD_MAX_BYTES  # small enough to be accepted for reading
    return SimpleUploadedFile("returns.xlsx", content, content_type=columns.XLSX_CONTENT_TYPE)


def timed_upload(client, tree, file):
    started = time.monotonic()
    response = upload(client, tree, file)
    return response, time.monotonic() - started


@pytest.mark.parametrize(
    "rows, dimension, message",
    [
        # The truth, refused from the <dimension ref> before anything is parsed.
        (WIDE_ROWS, "A1:XFD100001", "it goes down to row 100,001 and across to column XFD"),
        (DEEP_ROW, "A1:XFD1048576", "it goes down to row 1,048,576 and across to column XFD"),
        # A lie, or no dimension: found as the rows are read, and the rest left unread...
        (wide_rows(1000), "A1:V1", "it goes across to column XFD"),
        (DEEP_ROW, "A1:V1", "it goes down to row 2,001"),
        (DEEP_ROW, None, "it goes down to row 2,001"),
        # ...unless there is more markup than any returns sheet has, which is refused before openpyxl
        # opens the file (it would scan a sheet with no dimension whole).
        (WIDE_ROWS, "A1:V1", "holds too much data"),
        (WIDE_ROWS, None, "holds too much data"),
    ],
    ids=["wide", "deep", "wide-lying", "deep-lying", "deep-unsized", "wide-lying-100k", "wide-unsized"],
)
def test_a_vast_sheet_is_refused_quickly_beside_the_file_field(as_officer, tree_a, rows, dimension, message):
    response, seconds = timed_upload(as_officer, tree_a, xlsx(rows, dimension))
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert message in error
    if "too big" in error:
        assert error.startswith("The spreadsheet is too big to be a returns spreadsheet")
        assert "fits in 2,000 rows and columns A to AX" in error
    assert seconds < 2, f"took {seconds:.2f}s"
    assert 'id="id_file-error"' in response.content.decode()
    assert_nothing_saved(tree_a)


def test_a_sheet_within_the_limits_is_still_read(as_officer, tree_a):
    """Row 2,000 and column AX are the edge, not past it: the sheet is read (and has nothing to save)."""
    edge = '<row r="2000"><c r="AX2000" t="inlineStr"><is><t>note</t></is></c></row>'
    response = upload(as_officer, tree_a, xlsx(edge, "A1:AX2000"))
    assert response.context["form"].errors["file"] == [
        "The spreadsheet has no new figures to save: every row is empty or the same as the saved return."
    ]


def test_a_file_of_tiny_shared_strings_is_refused_before_openpyxl_parses_them(as_officer, tree_a):
    """300,000 one-letter strings zip to a few kilobytes and would take openpyxl seconds to parse."""
    response, seconds = timed_upload(as_officer, tree_a, xlsx("", "A1:V1", "<si><t>a</t></si>" * 300_000))
    assert "holds too much data" in response.context["form"].errors["file"][0]
    assert seconds < 2, f"took {seconds:.2f}s"


def test_the_largest_returns_sheet_is_read_whole():
    """MAX_ROWS rows with every column filled in, as our download writes them: within every limit."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Returns"
    sheet.append([column.header for column in columns.COLUMNS])
    for n in range(columns.MAX_ROWS):
        sheet.append(
            [f"L {n}", "A title", "Q1", "Count", 1.5, 1, 2, "Words " * 20, "Why", "What", *["Yes"] * 6, "Draft"]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.monotonic()
    rows = read_upload(SimpleUploadedFile("returns.xlsx", buffer.getvalue()))
    assert len(rows) == columns.MAX_ROWS and rows[-1].cells["code"] == f"L {columns.MAX_ROWS - 1}"
    assert time.monotonic() - started < 5
