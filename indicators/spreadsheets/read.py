"""Reading an uploaded returns spreadsheet: the cheap checks on the file, then its rows as openpyxl
reads them, found by their headers. Checking and applying the rows is in
indicators.spreadsheets.upload.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from .columns import (
    COLUMNS,
    FRESH_COPY,
    HEADER_OF,
    MAX_MARKUP_TAGS,
    MAX_ROWS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
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
    cells: dict  # column key -> the cell's value as openpyxl read it (None for a formula)
    percent_formatted: frozenset  # keys of numeric cells shown as percentages (Excel turns 12% into 0.12)
    formulas: dict = field(default_factory=dict)  # column key -> the formula a cell holds, as typed


TOO_MUCH_DATA = "The spreadsheet holds too much data to be a returns spreadsheet. " + FRESH_COPY


def too_big(rows: int | None, columns: int | None) -> SpreadsheetUnreadable:
    reach = " and ".join(
        part
        for part in (
            f"down to row {rows:,}" if rows and rows > MAX_SHEET_ROWS else "",
            f"across to column {get_column_letter(columns)}" if columns and columns > MAX_SHEET_COLUMNS else "",
        )
        if part
    )
    return SpreadsheetUnreadable(
        f"The spreadsheet is too big to be a returns spreadsheet: it goes {reach}, but a returns spreadsheet "
        f"fits in {MAX_SHEET_ROWS:,} rows and columns A to {get_column_letter(MAX_SHEET_COLUMNS)}. " + FRESH_COPY
    )


_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\s+ref\s*=\s*["']([^"']+)["']""")


def _declared_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int] | None:
    """A worksheet's used range as its <dimension ref> declares it (rows, columns), read from the
    start of its XML; None when it has none."""
    with archive.open(info) as part:
        found = _DIMENSION.search(part.read(64 * 1024))
    if not found:
        return None
    try:
        _, _, columns, rows = range_boundaries(found.group(1).decode("ascii"))
    except (TypeError, ValueError):
        return None  # openpyxl will make of it what it can; the rows are checked as they are read
    return rows or 0, columns or 0


def _archive_problem(archive: zipfile.ZipFile) -> SpreadsheetUnreadable | None:
    """Checked on the zip before openpyxl opens it, cheaply (the sizes a zip declares are enforced
    as it is read): its size unzipped, each worksheet's declared used range, and how much markup
    there is to parse (openpyxl parses the shared strings and styles whole as it opens a file, and a
    worksheet without a <dimension ref> too, at a few microseconds a tag)."""
    parts = archive.infolist()
    if sum(info.file_size for info in parts) > UNZIPPED_MAX_BYTES:
        return SpreadsheetUnreadable(TOO_MUCH_DATA)
    for info in parts:
        if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
            size = _declared_size(archive, info)
            if size and (size[0] > MAX_SHEET_ROWS or size[1] > MAX_SHEET_COLUMNS):
                return too_big(*size)
    tags = 0
    for info in parts:
        with archive.open(info) as part:
            while chunk := part.read(1024 * 1024):
                tags += chunk.count(b"<")
                if tags > MAX_MARKUP_TAGS:
                    return SpreadsheetUnreadable(TOO_MUCH_DATA)
    return None


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
            problem = _archive_problem(archive)
        if problem:
            raise problem
        # Streaming (read-only), and formulas as their text (not data_only, which gives a formula's
        # cached result, or nothing for a file no spreadsheet program has calculated): a formula is
        # refused, not read as a figure (see indicators.spreadsheets.upload).
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
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


def _formula_text(value) -> str:
    """A formula as typed, shortened for a message; "" when openpyxl gives no text (a data table)."""
    text = getattr(value, "text", value)  # an array formula keeps its text in .text
    if not isinstance(text, str) or text == "=":
        return ""
    return text if len(text) <= 40 else text[:39] + "…"


def _bounded_rows(sheet):
    """The sheet's rows as openpyxl streams them, each a tuple of cells as wide as the row really is,
    refusing the sheet as soon as it reaches past MAX_SHEET_ROWS or MAX_SHEET_COLUMNS."""
    # What the file says its used range is (its <dimension ref>, also checked on the zip for the
    # usual worksheet paths): refused before reading anything.
    if (sheet.max_row or 0) > MAX_SHEET_ROWS or (sheet.max_column or 0) > MAX_SHEET_COLUMNS:
        raise too_big(sheet.max_row, sheet.max_column)
    # Some programs write a wrong used-range into the file, so read what is really there instead,
    # as far as the limits: openpyxl yields a row for every row element in the file (and the gaps
    # before one), so stopping here never parses the rest.
    sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > MAX_SHEET_ROWS or len(cells) > MAX_SHEET_COLUMNS:
            raise too_big(number, len(cells))
        yield cells


def _read_rows(sheet) -> list[SheetRow]:
    rows = _bounded_rows(sheet)
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
        values, percent, formulas = {}, set(), {}
        for key, index in positions.items():
            cell = cells[index] if index < len(cells) else None
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":  # a text cell that starts with "=" is type "s"
                formulas[key] = _formula_text(value)
                value = None
            values[key] = value
            if isinstance(value, (int, float)) and "%" in (getattr(cell, "number_format", "") or ""):
                percent.add(key)
        result.append(SheetRow(number, values, frozenset(percent), formulas))
    return result
