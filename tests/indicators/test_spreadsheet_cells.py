"""Reading a spreadsheet's cells (pure): numbers as Excel and people type them, percentages Excel
made, and yes or no."""

from decimal import Decimal

import pytest

from indicators.spreadsheets import cells
from indicators.spreadsheets.cells import CellProblem, parse_number, parse_yes_no

# --- reading cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        (None, None),
        ("", None),
        ("  ", None),
        (42, Decimal(42)),
        (42.5, Decimal("42.5")),
        (" 42.5 ", Decimal("42.5")),
        (0.1 + 0.2, Decimal("0.3")),
        ("-3", Decimal(-3)),
    ],
)
def test_parse_number_accepts(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize(
    "cell, message",
    [
        ("lots", cells.NUMBER_MESSAGE),
        ("12%", cells.NUMBER_MESSAGE),
        ("1,000", cells.NUMBER_MESSAGE),
        ("£5", cells.NUMBER_MESSAGE),
        ("NaN", cells.NUMBER_MESSAGE),
        (True, cells.NUMBER_MESSAGE),
        ("1.23456", cells.PLACES_MESSAGE),
        ("12345678901", cells.DIGITS_MESSAGE),
    ],
)
def test_parse_number_refuses(cell, message):
    with pytest.raises(CellProblem, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_number(cell)


def test_a_cell_excel_turned_into_a_percentage_is_refused():
    with pytest.raises(CellProblem, match="formatted as a percentage"):
        parse_number(0.12, percent_formatted=True)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Yes", True),
        ("y", True),
        (" YES ", True),
        (True, True),
        (1, True),
        ("No", False),
        ("", False),
        (None, False),
        (False, False),
        (0, False),
    ],
)
def test_parse_yes_no(cell, expected):
    assert parse_yes_no(cell) is expected


def test_parse_yes_no_refuses_anything_else():
    with pytest.raises(CellProblem):
        parse_yes_no("Maybe")
