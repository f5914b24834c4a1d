"""Reading an uploaded returns spreadsheet: the cheap checks on the file, then its rows as openpyxl
reads them, found by their headers. Checking and applying the rows is in
indicators.spreadsheets.upload.
"""

import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook

from .columns import (
    COLUMNS,
    FRESH_COPY,
    HEADER_OF,
    MAX_ROWS,
    REQUIRED_KEYS,
    RETURNS_SHEET,
    UNZIPPED_MAX_BYTES,
    UPLOAD_MAX_BYTES,
)


class SpreadsheetUnreadable(Exception):
    """The file as a whole cannot be used (not an xlsx, too big, not our layout)."""


def upload_problem(name: str, size: int, first_bytes: bytes) -> str | None:
    """Cheap checks before the file is opened."""
    if not name.lower().endswith(".xlsx"):
        return "The file must be an Excel spreadsheet (.xlsx)."
    if size == 0:
        return "The file is empty."
    if size > UPLOAD_MAX_BYTES:
        return (
            f"The file must be smaller than {UPLOAD_MAX_BYTES // (1024 * 1024)} MB "
            f"(this file is {size / (1024 * 1024):.1f} MB)."
        )
    if not first_bytes.startswith(b"PK\x03\x04"):  # every xlsx is a zip archive
        return "The file is not an Excel spreadsheet (.xlsx). Save it as an Excel Workbook and try again."
    return None


@dataclass
class SheetRow:
    number: int
    cells: dict  # column key -> the cell's value as openpyxl read it
    percent_formatted: frozenset  # keys of numeric cells shown as percentages (Excel turns 12% into 0.12)


def read_upload(upload) -> list[SheetRow]:
    """The rows of an uploaded spreadsheet, or SpreadsheetUnreadable with a message for the file field."""
    first_bytes = upload.read(8)
    upload.seek(0)
    problem = upload_problem(upload.name or "", upload.size, first_bytes)
    if problem:
        raise SpreadsheetUnreadable(problem)
    content = upload.read()
    unreadable = SpreadsheetUnreadable(
        "The file could not be read as an Excel spreadsheet (.xlsx). Save it as an Excel Workbook and try again."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > UNZIPPED_MAX_BYTES:
                raise SpreadsheetUnreadable(
                    "The spreadsheet holds too much data to be a returns spreadsheet. " + FRESH_COPY
                )
        # data_only: a formula's last calculated result rather than its text
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except SpreadsheetUnreadable:
        raise
    except Exception as error:  # openpyxl raises many kinds of error for a damaged or foreign file
        raise unreadable from error
    try:
        sheet = workbook[RETURNS_SHEET] if RETURNS_SHEET in workbook.sheetnames else workbook.worksheets[0]
        return _read_rows(sheet)
    except SpreadsheetUnreadable:
        raise
    except Exception as error:
        raise unreadable from error
    finally:
        workbook.close()


def _header_key(value) -> str | None:
    text = str(value).strip().casefold() if value is not None else ""
    return next((column.key for column in COLUMNS if column.header.casefold() == text), None)


def _read_rows(sheet) -> list[SheetRow]:
    # Some programs write a wrong used-range into the file; read every row that is there instead.
    sheet.reset_dimensions()
    rows = sheet.iter_rows()
    positions = None
    for number, cells in enumerate(rows, start=1):  # the header is normally row 1; allow a note above it
        keys = [_header_key(cell.value) for cell in cells]
        if "code" in keys:
            positions = {}
            for index, key in enumerate(keys):
                if key and key not in positions:  # a repeated header: the first one counts
                    positions[key] = index
            header_number = number
            break
        if number >= 10:
            break
    if positions is None:
        raise SpreadsheetUnreadable(
            "The spreadsheet has no Code column, so it is not a returns spreadsheet. " + FRESH_COPY
        )
    missing = [HEADER_OF[key] for key in REQUIRED_KEYS if key not in positions]
    if missing:
        raise SpreadsheetUnreadable(f"The spreadsheet is missing these columns: {', '.join(missing)}. " + FRESH_COPY)

    result = []
    for number, cells in enumerate(rows, start=header_number + 1):
        if all(getattr(cell, "value", None) is None for cell in cells):
            continue  # an empty row, perhaps only formatted
        if len(result) >= MAX_ROWS:
            raise SpreadsheetUnreadable(
                f"The spreadsheet has more than {MAX_ROWS} rows: it is not a returns spreadsheet. " + FRESH_COPY
            )
        values, percent = {}, set()
        for key, index in positions.items():
            cell = cells[index] if index < len(cells) else None
            value = getattr(cell, "value", None)
            values[key] = value
            if isinstance(value, (int, float)) and "%" in (getattr(cell, "number_format", "") or ""):
                percent.add(key)
        result.append(SheetRow(number, values, frozenset(percent)))
    return result
