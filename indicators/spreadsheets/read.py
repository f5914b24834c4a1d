"""Reading an uploaded returns spreadsheet: the file's guards and its rows, found by their headers,
as partnership.spreadsheets.read reads any of our spreadsheets, laid out as the Returns sheet.
Checking and applying the rows is in indicators.spreadsheets.upload.
"""

from partnership.spreadsheets.read import (  # noqa: F401  (the names this module has always offered)
    SheetLayout,
    SheetRow,
    SpreadsheetUnreadable,
    formula_text,
    read_sheets,
    upload_problem,
)

from .columns import COLUMNS, FRESH_COPY, REQUIRED_KEYS, RETURNS_SHEET

RETURNS_LAYOUT = SheetLayout(
    name=RETURNS_SHEET,
    columns=tuple(COLUMNS),
    anchor="code",
    required=REQUIRED_KEYS,
    noun="returns spreadsheet",
    fresh_copy=FRESH_COPY,
    first_sheet_fallback=True,  # a sheet renamed, or saved from another program, is still read
)
TOO_MUCH_DATA = "The spreadsheet holds too much data to be a returns spreadsheet. " + FRESH_COPY


def read_upload(upload) -> list[SheetRow]:
    """The rows of an uploaded returns spreadsheet, or SpreadsheetUnreadable with a message for the file field."""
    return read_sheets(upload, (RETURNS_LAYOUT,))[RETURNS_SHEET]
