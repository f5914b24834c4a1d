"""Formulas in the returns spreadsheet: the download writes every text as text (never a live
formula), so a round trip changes nothing; an uploaded cell that holds a formula is refused, row by
row, and nothing is saved (its result is whatever a program last worked out, not what was typed)."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from indicators.models import IndicatorReturn
from indicators.spreadsheets import columns

from ..builders import make_return
from .spreadsheet_helpers import assert_nothing_saved, download, problems, upload, url

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")

LOOKS_LIKE_A_FORMULA = {
    "commentary": "=1+1",
    "variance_reason": "+44 20 7946 0000",
    "action_taken": "-5 homes",
}


@pytest.fixture
def tricky(tree_a, homes):
    """NI 112's draft holds texts a spreadsheet program would read as formulas; L 154 has one too,
    and a value worked out in binary arithmetic."""
    IndicatorReturn.objects.filter(pk=tree_a.indicator_return.pk).update(**LOOKS_LIKE_A_FORMULA)
    make_return(homes, tree_a.quarter, value=Decimal("0.3"), commentary="@risk", action_taken="=SUM(A1:A9)")
    tree_a.indicator.title = '=HYPERLINK("http://example.org","Under 18s")'
    tree_a.indicator.save()
    return tree_a


def saved(tree, code):
    ret = IndicatorReturn.objects.get(indicator__code=code, indicator__partnership=tree.partnership)
    return ret.value, ret.commentary, ret.variance_reason, ret.action_taken, ret.version


def test_the_download_writes_every_text_as_text_never_as_a_formula(as_officer, tricky):
    tricky.theme.name = "=Well-Being"  # on the Instructions sheet
    tricky.theme.save()
    content = as_officer.get(url(tricky, "download")).content
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert {*LOOKS_LIKE_A_FORMULA.values(), "@risk", "=SUM(A1:A9)", tricky.indicator.title} <= texts
    assert any(text.startswith("=Well-Being returns for") for text in texts)
    # Text a program would take for a formula if it were typed again carries Excel's quote prefix.
    assert all(cell.quotePrefix for cell in cells if cell.data_type == "s" and cell.value[0] in "=+-@")
    # No <f> element anywhere in the file, whatever reads it.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any(re.search(rb"<(\w+:)?f[ >]", xml) for xml in sheets)


def test_uploading_our_own_download_untouched_changes_nothing(as_officer, tricky):
    before = {code: saved(tricky, code) for code in ("NI 112", "L 154")}
    content = as_officer.get(url(tricky, "download")).content
    response = upload(as_officer, tricky, SimpleUploadedFile("returns.xlsx", content))
    assert response.status_code == 200
    assert "no new figures to save" in response.context["form"].errors["file"][0]
    assert {code: saved(tricky, code) for code in before} == before


def test_a_round_trip_keeps_every_text_exactly_and_rounds_binary_arithmetic(as_officer, tricky):
    sheet = download(as_officer, tricky)  # opened and saved again by a spreadsheet program
    sheet.set("NI 112", Value=0.1 + 0.2)  # 0.30000000000000004
    sheet.set("L 154", Value=12)
    response = upload(as_officer, tricky, sheet.as_upload())
    assert response.status_code == 302
    assert saved(tricky, "NI 112") == (Decimal("0.3"), "=1+1", "+44 20 7946 0000", "-5 homes", 2)
    assert saved(tricky, "L 154") == (Decimal("12"), "@risk", "", "=SUM(A1:A9)", 2)


def test_a_formula_in_any_cell_is_refused_and_nothing_is_saved(as_officer, tree_a, ratio):
    sheet = download(as_officer, tree_a)
    sheet.set("NI 112", Value="=A1*2", Commentary="=B2&C2")  # openpyxl writes these as formulas
    sheet.set("L 50", Accurate="=TRUE()")  # a row with nothing else in it is not skipped
    response = upload(as_officer, tree_a, sheet.as_upload())
    assert response.status_code == 200
    ni, l50 = sheet.row_of("NI 112"), sheet.row_of("L 50")
    assert set(problems(response)) == {
        (ni, "NI 112", "Value", "This cell holds a formula (=A1*2): type the figure itself."),
        (ni, "NI 112", "Commentary", "This cell holds a formula (=B2&C2): type the words themselves."),
        (l50, "L 50", "Accurate", "This cell holds a formula (=TRUE()): choose Yes or No."),
    }
    assert "This cell holds a formula (=A1*2): type the figure itself." in response.content.decode()
    assert_nothing_saved(tree_a, "L 50")


def test_a_formula_with_a_cached_result_is_refused_not_read_as_that_result(as_officer, tree_a):
    """Excel saves a formula with its last result: it is still refused, not saved as 42."""
    sheet = download(as_officer, tree_a)
    sheet.set("NI 112", Value="=A1*2")
    buffer = io.BytesIO()
    with zipfile.ZipFile(sheet.as_upload()) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes the empty value as <v/>, or as <v></v> when lxml is installed
                data, count = re.subn(rb"<f>A1\*2</f>(<v\s*/>|<v></v>)", b"<f>A1*2</f><v>42</v>", data)
                assert count == 1
            target.writestr(info, data)
    file = SimpleUploadedFile("returns.xlsx", buffer.getvalue(), content_type=columns.XLSX_CONTENT_TYPE)
    response = upload(as_officer, tree_a, file)
    assert problems(response) == [
        (sheet.row_of("NI 112"), "NI 112", "Value", "This cell holds a formula (=A1*2): type the figure itself.")
    ]
    assert_nothing_saved(tree_a)
