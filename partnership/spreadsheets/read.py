"""Reading an uploaded spreadsheet safely, whatever it holds: the cheap checks on the file and on
its zip before openpyxl opens it, then each sheet's rows as openpyxl reads them, found by their
headers, with formulas kept apart (never read as values). Shared by every upload: the returns
spreadsheet (indicators.spreadsheets.read) and the set-up workbooks (partnership.spreadsheets).
What a sheet looks like is a `SheetLayout`; what its rows mean is for each upload to say."""

import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_MAX_BYTES = 2 * 1024 * 1024
# A 2 MB zip can inflate a thousandfold: refuse before openpyxl expands it.
UNZIPPED_MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1000  # a theme has tens of indicators, a partnership hundreds of people: more is not one of our sheets
# The most of a sheet that is ever read. A sheet that reaches further (by its <dimension ref> or by
# what is really in it) is refused without reading the rest, so a tiny file with a cell in row
# 1,048,576 or column XFD costs nothing.
MAX_SHEET_ROWS = 2 * MAX_ROWS
MAX_SHEET_COLUMNS = 50  # A to AX
# Tags ("<") in the whole file: what parsing it costs, however small it is zipped (a returns sheet
# of MAX_ROWS rows, every cell filled, has about 110,000).
MAX_MARKUP_TAGS = 300_000


class SpreadsheetUnreadable(Exception):
    """The file as a whole cannot be used (not an xlsx, too big, not our layout)."""


@dataclass(frozen=True)
class SheetLayout:
    """One sheet an upload reads: its name, its columns (anything with .key and .header), the
    column whose header marks the header row, the columns it cannot do without, and how its
    messages name it and say what to do."""

    name: str
    columns: tuple
    anchor: str
    required: tuple
    noun: str  # "returns spreadsheet"
    fresh_copy: str  # what to do instead ("Download a fresh copy …")
    first_sheet_fallback: bool = False  # read the first sheet when none has this name

    @property
    def header_of(self) -> dict:
        return {column.key: column.header for column in self.columns}


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


def too_much_data(layout: SheetLayout) -> SpreadsheetUnreadable:
    return SpreadsheetUnreadable(f"The spreadsheet holds too much data to be a {layout.noun}. " + layout.fresh_copy)


def too_big(rows: int | None, columns: int | None, layout: SheetLayout) -> SpreadsheetUnreadable:
    reach = " and ".join(
        part
        for part in (
            f"down to row {rows:,}" if rows and rows > MAX_SHEET_ROWS else "",
            f"across to column {get_column_letter(columns)}" if columns and columns > MAX_SHEET_COLUMNS else "",
        )
        if part
    )
    return SpreadsheetUnreadable(
        f"The spreadsheet is too big to be a {layout.noun}: it goes {reach}, but a {layout.noun} "
        f"fits in {MAX_SHEET_ROWS:,} rows and columns A to {get_column_letter(MAX_SHEET_COLUMNS)}. " + layout.fresh_copy
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


def _archive_problem(archive: zipfile.ZipFile, layout: SheetLayout) -> SpreadsheetUnreadable | None:
    """Checked on the zip before openpyxl opens it, cheaply (the sizes a zip declares are enforced
    as it is read): its size unzipped, each worksheet's declared used range, and how much markup
    there is to parse (openpyxl parses the shared strings and styles whole as it opens a file, and a
    worksheet without a <dimension ref> too, at a few microseconds a tag)."""
    parts = archive.infolist()
    if sum(info.file_size for info in parts) > UNZIPPED_MAX_BYTES:
        return too_much_data(layout)
    for info in parts:
        if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
            size = _declared_size(archive, info)
            if size and (size[0] > MAX_SHEET_ROWS or size[1] > MAX_SHEET_COLUMNS):
                return too_big(*size, layout)
    tags = 0
    for info in parts:
        with archive.open(info) as part:
            while chunk := part.read(1024 * 1024):
                tags += chunk.count(b"<")
                if tags > MAX_MARKUP_TAGS:
                    return too_much_data(layout)
    return None


def read_sheets(upload, layouts) -> dict[str, list[SheetRow]]:
    """The rows of each of `layouts`' sheets in an uploaded spreadsheet ({sheet name: rows}), or
    SpreadsheetUnreadable with a message for the file field. The first layout's words describe the
    file as a whole."""
    first = layouts[0]
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
            problem = _archive_problem(archive, first)
        if problem:
            raise problem
        # Streaming (read-only), and formulas as their text (not data_only, which gives a formula's
        # cached result, or nothing for a file no spreadsheet program has calculated): a formula is
        # refused, not read as a value.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except SpreadsheetUnreadable:
        raise
    except Exception as error:  # openpyxl raises many kinds of error for a damaged or foreign file
        raise unreadable from error
    try:
        return {layout.name: _read_rows(_sheet_of(workbook, layout), layout) for layout in layouts}
    except SpreadsheetUnreadable:
        raise
    except Exception as error:
        raise unreadable from error
    finally:
        workbook.close()


def _sheet_of(workbook, layout: SheetLayout):
    if layout.name in workbook.sheetnames:
        return workbook[layout.name]
    if layout.first_sheet_fallback:
        return workbook.worksheets[0]
    raise SpreadsheetUnreadable(
        f"The spreadsheet has no {layout.name} sheet, so it is not a {layout.noun}. " + layout.fresh_copy
    )


def _header_key(value, layout: SheetLayout) -> str | None:
    text = str(value).strip().casefold() if value is not None else ""
    return next((column.key for column in layout.columns if column.header.casefold() == text), None)


def formula_text(value) -> str:
    """A formula as typed, shortened for a message; "" when openpyxl gives no text (a data table)."""
    text = getattr(value, "text", value)  # an array formula keeps its text in .text
    if not isinstance(text, str) or text == "=":
        return ""
    return text if len(text) <= 40 else text[:39] + "…"


def _bounded_rows(sheet, layout: SheetLayout):
    """The sheet's rows as openpyxl streams them, each a tuple of cells as wide as the row really is,
    refusing the sheet as soon as it reaches past MAX_SHEET_ROWS or MAX_SHEET_COLUMNS."""
    # What the file says its used range is (its <dimension ref>, also checked on the zip for the
    # usual worksheet paths): refused before reading anything.
    if (sheet.max_row or 0) > MAX_SHEET_ROWS or (sheet.max_column or 0) > MAX_SHEET_COLUMNS:
        raise too_big(sheet.max_row, sheet.max_column, layout)
    # Some programs write a wrong used-range into the file, so read what is really there instead,
    # as far as the limits: openpyxl yields a row for every row element in the file (and the gaps
    # before one), so stopping here never parses the rest.
    sheet.reset_dimensions()
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > MAX_SHEET_ROWS or len(cells) > MAX_SHEET_COLUMNS:
            raise too_big(number, len(cells), layout)
        yield cells


def _read_rows(sheet, layout: SheetLayout) -> list[SheetRow]:
    rows = _bounded_rows(sheet, layout)
    positions = None
    header_of = layout.header_of
    for number, cells in enumerate(rows, start=1):  # the header is normally row 1; allow a note above it
        keys = [_header_key(cell.value, layout) for cell in cells]
        if layout.anchor in keys:
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
            f"The spreadsheet has no {header_of[layout.anchor]} column, so it is not a {layout.noun}. "
            + layout.fresh_copy
        )
    missing = [header_of[key] for key in layout.required if key not in positions]
    if missing:
        where = f" on its {layout.name} sheet" if not layout.first_sheet_fallback else ""
        raise SpreadsheetUnreadable(
            f"The spreadsheet is missing these columns{where}: {', '.join(missing)}. " + layout.fresh_copy
        )

    result = []
    for number, cells in enumerate(rows, start=header_number + 1):
        if all(getattr(cell, "value", None) is None for cell in cells):
            continue  # an empty row, perhaps only formatted
        if len(result) >= MAX_ROWS:
            raise SpreadsheetUnreadable(
                f"The spreadsheet has more than {MAX_ROWS} rows: it is not a {layout.noun}. " + layout.fresh_copy
            )
        values, percent, formulas = {}, set(), {}
        for key, index in positions.items():
            cell = cells[index] if index < len(cells) else None
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":  # a text cell that starts with "=" is type "s"
                formulas[key] = formula_text(value)
                value = None
            values[key] = value
            if isinstance(value, (int, float)) and "%" in (getattr(cell, "number_format", "") or ""):
                percent.add(key)
        result.append(SheetRow(number, values, frozenset(percent), formulas))
    return result
