"""A theme's returns for one round as an XLSX: download it pre-filled, fill it in offline, upload it.

The upload is all-or-nothing. Every row is read and checked, then every row that says something is
put through `indicators.returns.save_return` (the same rules, workflow and audit as the web form)
inside one transaction; if any row has a problem the transaction is rolled back and the caller gets
every problem, row by row, in one go.
"""

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.models import Indicator, IndicatorReturn, Period, ReturnRound
from indicators.return_rules import ATTESTATION_FIELDS, DATA_QUALITY_STANDARDS
from indicators.returns import ReturnConflict, ReturnInput, ReturnInvalid, ReturnRefused, due_periods, save_return
from indicators.workflow import Action, ReturnState

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_MAX_BYTES = 2 * 1024 * 1024
# A 2 MB zip can inflate a thousandfold: refuse before openpyxl expands it.
UNZIPPED_MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1000  # a theme has tens of indicators; more than this is not one of our sheets
RETURNS_SHEET = "Returns"

NUMBER_MESSAGE = "Enter a number, like 42.5 (no commas, % or £ signs)."
PERCENT_CELL_MESSAGE = "Enter the percentage as a plain number, like 42.5 for 42.5% (this cell is formatted as a percentage)."
PLACES_MESSAGE = "Use 4 decimal places or fewer."
DIGITS_MESSAGE = "Enter a number with no more than 10 digits before the decimal point."
YES_NO_MESSAGE = "Enter Yes or No."
FRESH_COPY = "Download a fresh copy of the spreadsheet and enter the figures in it."


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    entry: bool = False  # the person fills it in (unlocked); the others are for reference or matching
    hidden: bool = False


ATTESTATION_HEADERS = {f"dq_{name}": label for name, label, _ in DATA_QUALITY_STANDARDS}
COLUMNS = [
    Column("code", "Code", 10),
    Column("title", "Indicator", 40),
    Column("period", "Period", 12),
    Column("unit", "Unit", 30),
    Column("value", "Value", 12, entry=True),
    Column("numerator", "Numerator", 12, entry=True),
    Column("denominator", "Denominator", 13, entry=True),
    Column("commentary", "Commentary", 40, entry=True),
    Column("variance_reason", "Reason for variance", 40, entry=True),
    Column("action_taken", "Action being taken", 40, entry=True),
    *[Column(key, header, 10, entry=True) for key, header in ATTESTATION_HEADERS.items()],
    Column("state", "State", 20),
    # Hidden: the optimistic-locking version the figures were read at, and the ids that tie a row
    # to exactly one indicator and period, so the upload never guesses from a code.
    Column("version", "Version", 9, hidden=True),
    Column("indicator_id", "Indicator ID", 12, hidden=True),
    Column("period_id", "Period ID", 10, hidden=True),
]
HEADER_OF = {column.key: column.header for column in COLUMNS}
FIGURES = ("value", "numerator", "denominator")
TEXTS = ("commentary", "variance_reason", "action_taken")
# Without these the upload could silently drop what someone typed; the rest are optional.
REQUIRED_KEYS = ("code", *FIGURES, *TEXTS, *ATTESTATION_HEADERS)
# save_return's error keys -> the column the person should look at.
FIELD_HEADERS = {**HEADER_OF, "attestation": "Data quality (Accurate to Complete)", "period": "Period"}

GREY = PatternFill("solid", fgColor="D9D9D9")
HEADER_FILL = PatternFill("solid", fgColor="1D70B8")


@dataclass
class DueReturn:
    """One row of a theme's sheet: an indicator due in the round, its period, its return if any."""

    indicator: Indicator
    period: Period
    ret: IndicatorReturn | None


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number, as Excel shows it
    code: str
    field: str  # the column's header, or "" for the whole row
    message: str


class SpreadsheetUnreadable(Exception):
    """The file as a whole cannot be used (not an xlsx, too big, not our layout)."""


class UploadRejected(Exception):
    """Something is wrong with at least one row: nothing has been saved."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s) in the spreadsheet")
        self.errors = errors


class _RollBack(Exception):
    """Raised inside the transaction to undo the rows already saved."""


# --- which returns a theme owes in a round ------------------------------------------------------


def due_returns(partnership, round_: ReturnRound, theme) -> list[DueReturn]:
    """The theme's indicators due in this round (as MyReturnsView finds them), with their returns."""
    indicators = Indicator.objects.for_partnership(partnership).filter(lead_theme=theme).select_related("partnership", "lead_theme")
    due = [(indicator, due_periods(round_, indicator)) for indicator in indicators]
    due = [(indicator, span) for indicator, span in due if span]
    periods = {}
    for _, span in due:  # every row needs a real period id, so create any that do not exist yet
        if span not in periods:
            periods[span] = Period.objects.for_span(span)
    returns = {
        (r.indicator_id, r.period_id): r
        for r in IndicatorReturn.objects.filter(indicator__in=[i for i, _ in due], period__in=list(periods.values()))
    }
    return [DueReturn(indicator, periods[span], returns.get((indicator.pk, periods[span].pk))) for indicator, span in due]


def download_filename(partnership, theme, round_: ReturnRound) -> str:
    period = round_.period.label.replace(" ", "-").replace("/", "-")  # "Q2 2026/27" -> "Q2-2026-27"
    return f"{partnership.slug}-{theme.slug}-{period}.xlsx"


# --- building the download -----------------------------------------------------------------------


def _cell_number(amount):
    """Decimals as plain spreadsheet numbers (a Decimal like 5E+1 would look odd in Excel)."""
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _unit_text(indicator: Indicator) -> str:
    text = indicator.get_unit_display()
    if indicator.is_ratio:
        text += f": numerator = {indicator.numerator_label}; denominator = {indicator.denominator_label}"
    return text


def _row_values(item: DueReturn, round_locked: bool) -> dict:
    indicator, ret = item.indicator, item.ret
    used = ("numerator", "denominator") if indicator.is_ratio else ("value",)
    values = {
        "code": indicator.code, "title": indicator.title, "period": item.period.label, "unit": _unit_text(indicator),
        "version": ret.version if ret else 0, "indicator_id": indicator.pk, "period_id": item.period.pk,
    }
    if ret:
        state = ret.shown_state
    else:
        state = ReturnState.LOCKED if round_locked else ReturnState.NOT_STARTED
    values["state"] = state.label
    for name in FIGURES:  # only the figures this indicator uses, so nothing is pre-filled in a grey cell
        values[name] = _cell_number(getattr(ret, name)) if ret and name in used else None
    for name in TEXTS:
        values[name] = getattr(ret, name) if ret else ""
    for name in ATTESTATION_FIELDS:
        values[name] = "Yes" if ret and getattr(ret, name) else "No"
    return values


def build_workbook(due: list[DueReturn], *, partnership, theme, round_: ReturnRound) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = RETURNS_SHEET
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    sheet.freeze_panes = "C2"  # keep the header and the code/indicator in view while scrolling

    for row_number, item in enumerate(due, start=2):
        values = _row_values(item, bool(round_.locked_at))
        unused = {"value"} if item.indicator.is_ratio else {"numerator", "denominator"}
        for index, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row_number, column=index, value=values[column.key])
            cell.alignment = Alignment(wrap_text=column.key in TEXTS or column.key in ("title", "unit"), vertical="top")
            if column.key in unused:
                cell.fill = GREY  # locked too (below): this indicator does not use this figure
                cell.comment = Comment("Not used by this indicator: leave it empty.", "Partnership Performance")
            elif column.entry:
                cell.protection = Protection(locked=False)
                cell.number_format = "General" if column.key in FIGURES else "@"

    if due:
        yes_no = DataValidation(type="list", formula1='"Yes,No"', allow_blank=True, showErrorMessage=True,
                                errorTitle="Yes or No", error="Choose Yes or No.")
        letter = {column.key: get_column_letter(index) for index, column in enumerate(COLUMNS, start=1)}
        yes_no.add(f"{letter[ATTESTATION_FIELDS[0]]}2:{letter[ATTESTATION_FIELDS[-1]]}{len(due) + 1}")
        sheet.add_data_validation(yes_no)
    # Protected without a password: it stops accidental edits to codes, ids and versions, and keeps
    # the hidden columns hidden; it is a guard-rail, not security (the upload checks everything).
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # allowed: people may make rows taller to read long text

    _add_instructions(workbook.create_sheet("Instructions"), partnership=partnership, theme=theme, round_=round_, count=len(due))
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_instructions(sheet, *, partnership, theme, round_, count):
    lines = [
        (f"{theme.name} returns for {round_.period.label}", True),
        (f"{partnership.name}. Collation deadline: {round_.collation_deadline:%d %B %Y}. "
         f"Downloaded {timezone.localtime():%d %B %Y at %H:%M}. {count} indicator(s) due.", False),
        ("", False),
        ("How to fill it in", True),
        ("1. On the Returns sheet, enter each result in Value, or in Numerator and Denominator for indicators "
         "worked out from two counts. Grey cells are not used by that indicator: leave them empty.", False),
        ("2. Type plain numbers, like 42.5: no commas, % or £ signs.", False),
        ("3. Answer Yes or No for each of the six data-quality standards. All six must be Yes to submit.", False),
        ("4. If a result is off target, give the reason for the variance and the action being taken.", False),
        ("5. Do not remove columns or change codes: hidden columns tie each row to its return.", False),
        ("6. Leave a row empty to skip it. To clear figures already saved, use the return's page on the website.", False),
        ("", False),
        ("Uploading", True),
        ("Upload the file on the same page you downloaded it from. Choose whether to save every filled-in row as a "
         "draft or to submit them all for approval.", False),
        ("Every row is checked first. If any row has a problem, nothing is saved and the page lists each problem "
         "with its row number: fix them and upload again.", False),
        ("If someone changed a return on the website after you downloaded this file, that row is refused so their "
         "figures are not overwritten: download a fresh copy.", False),
    ]
    sheet.column_dimensions["A"].width = 110
    for row, (text, bold) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(bold=bold, size=14 if row == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


# --- reading an upload ---------------------------------------------------------------------------


def upload_problem(name: str, size: int, first_bytes: bytes) -> str | None:
    """Cheap checks before the file is opened."""
    if not name.lower().endswith(".xlsx"):
        return "The file must be an Excel spreadsheet (.xlsx)."
    if size == 0:
        return "The file is empty."
    if size > UPLOAD_MAX_BYTES:
        return f"The file must be smaller than {UPLOAD_MAX_BYTES // (1024 * 1024)} MB (this file is {size / (1024 * 1024):.1f} MB)."
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
    unreadable = SpreadsheetUnreadable("The file could not be read as an Excel spreadsheet (.xlsx). Save it as an Excel Workbook and try again.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > UNZIPPED_MAX_BYTES:
                raise SpreadsheetUnreadable("The spreadsheet holds too much data to be a returns spreadsheet. " + FRESH_COPY)
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
        raise SpreadsheetUnreadable("The spreadsheet has no Code column, so it is not a returns spreadsheet. " + FRESH_COPY)
    missing = [HEADER_OF[key] for key in REQUIRED_KEYS if key not in positions]
    if missing:
        raise SpreadsheetUnreadable(f"The spreadsheet is missing these columns: {', '.join(missing)}. " + FRESH_COPY)

    result = []
    for number, cells in enumerate(rows, start=header_number + 1):
        if all(getattr(cell, "value", None) is None for cell in cells):
            continue  # an empty row, perhaps only formatted
        if len(result) >= MAX_ROWS:
            raise SpreadsheetUnreadable(f"The spreadsheet has more than {MAX_ROWS} rows: it is not a returns spreadsheet. " + FRESH_COPY)
        values, percent = {}, set()
        for key, index in positions.items():
            cell = cells[index] if index < len(cells) else None
            value = getattr(cell, "value", None)
            values[key] = value
            if isinstance(value, (int, float)) and "%" in (getattr(cell, "number_format", "") or ""):
                percent.add(key)
        result.append(SheetRow(number, values, frozenset(percent)))
    return result


# --- checking one cell ---------------------------------------------------------------------------


class CellProblem(Exception):
    pass


FOUR_PLACES = Decimal("0.0001")
TOO_BIG = Decimal(10) ** 10


def parse_number(cell, *, percent_formatted: bool = False) -> Decimal | None:
    if cell is None:
        return None
    if isinstance(cell, bool) or isinstance(cell, (dt.date, dt.time, dt.timedelta)):
        raise CellProblem(NUMBER_MESSAGE)
    if isinstance(cell, str):
        text = cell.strip()
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellProblem(NUMBER_MESSAGE) from None
        if not amount.is_finite():
            raise CellProblem(NUMBER_MESSAGE)
        if abs(amount) >= TOO_BIG:
            raise CellProblem(DIGITS_MESSAGE)
        if amount.as_tuple().exponent < -4:  # typed digits: the same rule as the web form
            raise CellProblem(PLACES_MESSAGE)
        return amount
    if isinstance(cell, (int, float, Decimal)):
        if percent_formatted:
            raise CellProblem(PERCENT_CELL_MESSAGE)
        amount = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
        if not amount.is_finite():
            raise CellProblem(NUMBER_MESSAGE)
        if abs(amount) >= TOO_BIG:
            raise CellProblem(DIGITS_MESSAGE)
        # A number cell may carry a binary tail from Excel's arithmetic (0.1 + 0.2) that the
        # person never sees: round it rather than refuse it.
        return amount.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP).normalize() if amount.as_tuple().exponent < -4 else amount
    raise CellProblem(NUMBER_MESSAGE)


YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


def parse_yes_no(cell) -> bool:
    """Blank means not confirmed (No)."""
    if cell is None:
        return False
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float, Decimal)) and cell in (0, 1):
        return bool(cell)
    if isinstance(cell, str):
        text = cell.strip().casefold()
        if text in YES:
            return True
        if text in NO:
            return False
    raise CellProblem(YES_NO_MESSAGE)


def parse_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # "12", not "12.0"
    return str(cell).strip()


def parse_int(cell) -> int | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    try:
        number = Decimal(str(cell).strip())
    except InvalidOperation:
        raise CellProblem("") from None
    if isinstance(cell, bool) or not number.is_finite() or number != number.to_integral_value():
        raise CellProblem("")
    return int(number)


# --- checking the rows ---------------------------------------------------------------------------


@dataclass
class ParsedRow:
    number: int
    due: DueReturn
    data: ReturnInput
    expected_version: int

    @property
    def code(self):
        return self.due.indicator.code


def _is_blank(row: SheetRow) -> bool:
    return all(parse_text(row.cells.get(key)) == "" for key in (*FIGURES, *TEXTS))


def _code_key(code: str) -> str:
    return " ".join(code.split()).casefold()  # "ni  112" is NI 112


def _same_code(a: str, b: str) -> bool:
    return _code_key(a) == _code_key(b)


def check_rows(rows: list[SheetRow], due: list[DueReturn], *, partnership, theme, round_: ReturnRound):
    """Read every non-blank row into what save_return needs. Returns (parsed rows, row errors)."""
    checker = _RowChecker(due, partnership=partnership, theme=theme, round_=round_)
    parsed, errors = [], []
    for row in rows:
        if _is_blank(row):
            continue  # nothing to say about this indicator this time
        result, row_errors = checker.check(row)
        errors.extend(row_errors)
        if result is not None and not row_errors:
            parsed.append(result)
    return parsed, errors


class _RowChecker:
    """Matches rows to the sheet's due returns (by the hidden ids, or by code in a sheet made by
    hand) and reads their cells, remembering which indicators earlier rows have claimed."""

    def __init__(self, due, *, partnership, theme, round_):
        self.by_id = {item.indicator.pk: item for item in due}
        self.by_code = {_code_key(item.indicator.code): item for item in due}
        self.partnership, self.theme, self.round = partnership, theme, round_
        self.seen = {}  # indicator id -> the row that claimed it

    def check(self, row: SheetRow) -> tuple[ParsedRow | None, list[RowError]]:
        code = parse_text(row.cells.get("code"))
        errors = []

        def problem(field_key, message):
            errors.append(RowError(row.number, code, FIELD_HEADERS.get(field_key, ""), message))

        item = self.match(row, code, problem)
        data = _read_input(row, item.indicator if item else None, problem)
        try:
            version = parse_int(row.cells.get("version"))
        except CellProblem:
            version = None
            problem("version", "The hidden version has been changed. " + FRESH_COPY)
        if item is None or errors:
            return None, errors
        return ParsedRow(row.number, item, data, version or 0), errors

    def match(self, row, code, problem) -> DueReturn | None:
        try:
            indicator_id = parse_int(row.cells.get("indicator_id"))
            period_id = parse_int(row.cells.get("period_id"))
        except CellProblem:
            problem("", "The row's hidden columns have been changed. " + FRESH_COPY)
            return None
        if indicator_id is not None:
            item = self.by_id.get(indicator_id)
            if item is None:
                problem("", self.not_here(indicator_id=indicator_id))
                return None
            if not _same_code(code, item.indicator.code):
                problem("code", f"This row belongs to {item.indicator.code}, but its code has been changed to “{code}”. "
                                "Put the code back, or download a fresh copy of the spreadsheet.")
                return None
        elif not code:
            problem("code", "Enter the indicator's code.")
            return None
        else:
            item = self.by_code.get(_code_key(code))
            if item is None:
                problem("code", self.not_here(code=code))
                return None
        if period_id is not None and period_id != item.period.pk:
            problem("period", f"This row is not for {item.period.label}: it comes from another round's spreadsheet. " + FRESH_COPY)
            return None
        if item.indicator.pk in self.seen:
            problem("", f"{item.indicator.code} is already on row {self.seen[item.indicator.pk]}: keep one row for it.")
            return None
        self.seen[item.indicator.pk] = row.number
        return item

    def not_here(self, *, indicator_id=None, code=None) -> str:
        """Why a row's indicator is not one of this sheet's. Looks only inside this partnership, so a
        row from another partnership's sheet learns nothing about it."""
        indicators = Indicator.objects.for_partnership(self.partnership).select_related("lead_theme")
        found = indicators.filter(pk=indicator_id).first() if indicator_id is not None else None
        if found is None and code and indicator_id is None:
            found = next((i for i in indicators if _same_code(i.code, code)), None)
        if found is not None and found.lead_theme_id != self.theme.pk:
            return f"{found.code} is led by the {found.lead_theme.name} theme: upload it with that theme's spreadsheet."
        if found is not None:
            return f"{found.code} is not due in {self.round.period.label}."
        if code and indicator_id is None:
            return f"There is no indicator with the code “{code}” in the {self.theme.name} theme."
        return (f"This row is not one of the {self.theme.name} returns for {self.round.period.label}: it comes from "
                "another spreadsheet. " + FRESH_COPY)


def _read_input(row: SheetRow, indicator: Indicator | None, problem) -> ReturnInput:
    figures = {}
    for name in FIGURES:
        try:
            figures[name] = parse_number(row.cells.get(name), percent_formatted=name in row.percent_formatted)
        except CellProblem as bad:
            figures[name] = None
            problem(name, str(bad))
    if indicator is not None:
        unused = ("value",) if indicator.is_ratio else ("numerator", "denominator")
        for name in unused:
            if figures[name] is not None:  # save_return would drop it silently
                used = "the numerator and denominator" if indicator.is_ratio else "the value"
                problem(name, f"{indicator.code} is entered as {used}: leave {HEADER_OF[name]} empty.")
    attestations = {}
    for name in ATTESTATION_FIELDS:
        try:
            attestations[name] = parse_yes_no(row.cells.get(name))
        except CellProblem as bad:
            attestations[name] = False
            problem(name, str(bad))
    return ReturnInput(
        **figures, **{name: parse_text(row.cells.get(name)) for name in TEXTS}, attestations=attestations,
    )


# --- applying them -------------------------------------------------------------------------------


def _unchanged(row: ParsedRow) -> bool:
    ret, data = row.due.ret, row.data
    if ret is None:
        return False
    used = ("numerator", "denominator") if row.due.indicator.is_ratio else ("value",)
    return (
        all(getattr(ret, name) == getattr(data, name) for name in used)
        and all(getattr(ret, name) == getattr(data, name) for name in TEXTS)
        and all(getattr(ret, name) == data.attestations[name] for name in ATTESTATION_FIELDS)
    )


def _nothing_to_do(row: ParsedRow, action: str) -> bool:
    """A row that repeats what is saved: re-saving a draft would only add noise to the history, and a
    return already submitted, approved or locked cannot be saved again (which would sink the whole
    upload). A draft is still submitted when asked, even if its figures did not change."""
    if not _unchanged(row):
        return False
    ret = row.due.ret
    return action == Action.SAVE_DRAFT or ret.is_locked or ret.state in (ReturnState.SUBMITTED, ReturnState.APPROVED)


def apply_rows(parsed: list[ParsedRow], errors: list[RowError], *, action: str, user, access, today=None) -> int:
    """Save every row, or none: raises UploadRejected with every problem (those found reading the
    sheet and those save_return finds) if there is any. Returns how many returns were saved."""
    errors = list(errors)
    saved = 0
    try:
        with transaction.atomic():
            for row in parsed:
                if _nothing_to_do(row, action):
                    continue
                try:
                    save_return(
                        indicator=row.due.indicator, period=row.due.period, data=row.data, action=action, user=user,
                        access=access, expected_version=row.expected_version, today=today,
                    )
                    saved += 1
                except ReturnInvalid as invalid:
                    errors.extend(RowError(row.number, row.code, FIELD_HEADERS.get(key, ""), message) for key, message in invalid.errors.items())
                except ReturnRefused as refused:
                    errors.append(RowError(row.number, row.code, "", str(refused)))
                except ReturnConflict as conflict:
                    current = conflict.current
                    who = f" (now version {current.version}, {current.shown_state.label.lower()})" if current else ""
                    errors.append(RowError(row.number, row.code, "", f"Someone changed this return on the website after the "
                                                                     f"spreadsheet was downloaded{who}. " + FRESH_COPY))
            if errors:
                raise _RollBack  # undo the rows saved before the bad one
    except _RollBack:
        raise UploadRejected(sorted(errors, key=lambda e: e.row)) from None
    return saved


def import_returns(rows: list[SheetRow], *, partnership, theme, round_: ReturnRound, action: str, user, access, today=None) -> int:
    """Check and apply an upload's rows for one theme and round. Returns the number saved; raises
    UploadRejected (nothing saved) when any row has a problem."""
    due = due_returns(partnership, round_, theme)
    parsed, errors = check_rows(rows, due, partnership=partnership, theme=theme, round_=round_)
    return apply_rows(parsed, errors, action=action, user=user, access=access, today=today)
