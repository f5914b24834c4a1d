"""Writing our spreadsheets: text that stays text (never a live formula, nor one when retyped),
locked header rows, lists to choose from, and an instructions sheet. Shared by every download:
the returns spreadsheet (indicators.spreadsheets.download) and the set-up workbooks."""

import io

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from partnership.exports import FORMULA_TRIGGERS, writable

GREY = PatternFill("solid", fgColor="D9D9D9")
HEADER_FILL = PatternFill("solid", fgColor="1D70B8")
ENTRY_ROWS = 500  # how far down a set-up sheet's cells are open for typing and offer their lists


def put(sheet, row: int, column: int, value):
    """Write one cell. Text is always a text cell, never a formula: openpyxl makes any string that
    starts with "=" a live formula, so commentary such as "=1+1" would be evaluated when opened and
    come back changed. Text that a spreadsheet program would read as a formula if it were retyped
    also gets Excel's quote prefix (what typing an apostrophe first does), so it stays text when edited."""
    cell = sheet.cell(row=row, column=column)
    cell.value = writable(value) if isinstance(value, str) else value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    return cell


def write_header(sheet, columns, row: int = 1) -> None:
    """The header row: bold white on blue, wrapped, each column its width (and hidden if it is)."""
    for index, column in enumerate(columns, start=1):
        cell = put(sheet, row, index, column.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden


def write_table(sheet, columns, rows: list[dict], *, entry_rows: int = ENTRY_ROWS) -> None:
    """A locked header row and `rows` (column key -> value) under it, with every cell below the
    header open for typing down to `entry_rows`: the sheet is protected (without a password, a
    guard-rail against editing the headers by accident, not security: the upload checks everything)."""
    write_header(sheet, columns)
    sheet.freeze_panes = "A2"
    for row_number, values in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            cell = put(sheet, row_number, index, values.get(column.key))
            cell.alignment = Alignment(vertical="top", wrap_text=column.width >= 30)
    for row_number in range(2, max(entry_rows, len(rows) + 1) + 1):
        for index in range(1, len(columns) + 1):
            sheet.cell(row=row_number, column=index).protection = Protection(locked=False)
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # people may make rows taller to read long text
    sheet.protection.formatColumns = False
    sheet.protection.sort = False
    sheet.protection.autoFilter = False


def _list_formula(choices) -> str:
    """A list of choices as a data validation holds one: '"A,B"' (commas in choices would split
    them, and the whole list must stay under Excel's 255 characters: callers keep to short lists)."""
    return '"' + ",".join(str(choice).replace('"', "'").replace(",", ";") for choice in choices) + '"'


def add_choice_list(sheet, columns, key: str, choices=None, *, source: str | None = None, rows: int = ENTRY_ROWS):
    """Offer a list to choose from in column `key`: fixed `choices`, or the cells of `source` (a
    range such as "Boards!$A$2:$A$500", so boards added on that sheet are offered too). Anything
    else typed is warned about, not blocked; the upload says what is wrong."""
    formula = source if source else _list_formula(choices or [])
    if not source and len(formula) > 255:
        return  # too long for a list Excel would open: the instructions sheet lists the choices
    letter = get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.key == key))
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Not in the list",
        error="Choose one from the list (the upload will refuse anything it does not know).",
    )
    validation.add(f"{letter}2:{letter}{rows}")
    sheet.add_data_validation(validation)


def write_instructions(sheet, lines) -> None:
    """An instructions sheet: (text, bold) lines in one wide column, the first as a title."""
    sheet.column_dimensions["A"].width = 110
    for row, (text, bold) in enumerate(lines, start=1):
        cell = put(sheet, row, 1, text)
        cell.font = Font(bold=bold, size=14 if row == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.protection.sheet = True


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
