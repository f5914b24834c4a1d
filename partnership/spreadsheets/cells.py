"""Reading one cell of an uploaded spreadsheet: text, Yes/No answers, whole numbers, dates and
times. Pure: a cell's value as openpyxl read it in, a value or a CellProblem (with its message)
out. (Figures, with their units' rules, are read by indicators.spreadsheets.cells.)"""

import datetime as dt
from decimal import Decimal, InvalidOperation

YES_NO_MESSAGE = "Enter Yes or No."
DATE_MESSAGE = "Enter a real date, like 14/07/2027."
TIME_MESSAGE = "Enter a time of day, like 18:30."


class CellProblem(Exception):
    pass


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


def parse_yes_no_blank(cell) -> bool | None:
    """Yes, No, or None for a blank cell (where blank means "leave it as it is")."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    return parse_yes_no(cell)


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


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")


def parse_date(cell) -> dt.date | None:
    """A date cell (openpyxl gives a datetime), or a date typed as text in a British or ISO form."""
    if cell is None:
        return None
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, str):
        text = " ".join(cell.split())
        if not text:
            return None
        for form in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, form).date()
            except ValueError:
                continue
    raise CellProblem(DATE_MESSAGE)


def parse_time(cell) -> dt.time | None:
    """A time cell, or a time typed as text (18:30, 18.30, 9:00)."""
    if cell is None:
        return None
    if isinstance(cell, dt.datetime):
        return cell.time()
    if isinstance(cell, dt.time):
        return cell
    if isinstance(cell, str):
        text = cell.strip().replace(".", ":")
        if not text:
            return None
        for form in ("%H:%M", "%H:%M:%S"):
            try:
                return dt.datetime.strptime(text, form).time()
            except ValueError:
                continue
    raise CellProblem(TIME_MESSAGE)
