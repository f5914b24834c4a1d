"""Reading one cell of an uploaded spreadsheet: numbers, Yes/No answers, text and the hidden ids.
Pure: a cell's value as openpyxl read it in, a value or a CellProblem (with its message) out."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from indicators.money import money_problem, parse_money
from indicators.values import NUMBER_ERRORS, RATING_MESSAGE, rating_grade
from partnership.spreadsheets.cells import (  # noqa: F401  (shared by every upload; named here as before)
    NO,
    YES,
    YES_NO_MESSAGE,
    CellProblem,
    parse_int,
    parse_text,
    parse_yes_no,
)

NUMBER_MESSAGE = NUMBER_ERRORS["invalid"]
PLACES_MESSAGE = NUMBER_ERRORS["max_decimal_places"]
DIGITS_MESSAGE = NUMBER_ERRORS["max_digits"]
PERCENT_CELL_MESSAGE = (
    "Enter the percentage as a plain number, like 42.5 for 42.5% (this cell is formatted as a percentage)."
)


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
        return (
            amount.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP).normalize()
            if amount.as_tuple().exponent < -4
            else amount
        )
    raise CellProblem(NUMBER_MESSAGE)


def parse_money_cell(cell) -> Decimal | None:
    """An amount of money: typed as on the web form ("£1,250.50") or a number cell (with any
    binary tail of Excel's arithmetic rounded off), checked by indicators.money in the form's words."""
    if isinstance(cell, str):
        raw = cell
    elif isinstance(cell, bool) or isinstance(cell, (dt.date, dt.time, dt.timedelta)):
        raw = str(cell)  # not an amount: refused below
    else:
        try:
            raw = parse_number(cell)
        except CellProblem:
            raw = str(cell)
    if problem := money_problem(raw):
        raise CellProblem(problem)
    return parse_money(raw)


def parse_rating(cell) -> Decimal | None:
    """A rating's cell: its word (Red, Amber, Green) or its grade (1, 2, 3); empty is no value."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool) or (grade := rating_grade(cell)) is None:
        raise CellProblem(RATING_MESSAGE)
    return grade
