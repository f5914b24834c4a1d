"""partnership.exports: text a spreadsheet program would run as a formula is quoted (OWASP's CSV
injection guidance); numbers and text that is a plain number are not."""

import datetime as dt
from decimal import Decimal

import pytest

from partnership.exports import is_plain_number, neutralise, neutralise_row


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        '=HYPERLINK("http://example.org","Click")',
        "+44 20 7946 0000",
        "-5 homes",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\rtext",
        "-e5",  # minus cell E5, not a number
        "+A1",
        "-",
        "=",
        "-1,23",
        "-12.5abc",
        "+cmd|' /C calc'!A0",
    ],
)
def test_formula_like_text_gets_a_single_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["-12.5", "+3", "-0", "-1,234.5", "-12.5%", "-1e5", "+1E+5", "-.5", "-3."])
def test_text_that_is_a_plain_number_is_left_alone(text):
    assert is_plain_number(text)
    assert neutralise(text) == text


@pytest.mark.parametrize(
    "value",
    ["Under 18 conception rate", "", "Rate = 12", "a-b", "'=already quoted", " =spaced", "12", "NI 112", "Officer"],
)
def test_ordinary_text_is_left_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [None, -12.5, -3, Decimal("-1.5"), True, dt.date(2026, 4, 1)])
def test_values_that_are_not_text_are_left_alone(value):
    assert neutralise(value) is value


def test_a_row_is_neutralised_cell_by_cell():
    assert neutralise_row(("=1+1", -2, "-2", "ok", None)) == ["'=1+1", -2, "-2", "ok", None]


def test_characters_no_spreadsheet_can_hold_are_replaced_not_fatal():
    from partnership.exports import writable

    assert writable("first line\x0bsecond\x0cthird") == "first line\nsecond\nthird"
    assert (
        writable("bell\x07 and escape\x1b gone\ttab\nnewline\rreturn kept")
        == "bell and escape gone\ttab\nnewline\rreturn kept"
    )
    assert neutralise("=SUM(A1)\x0b") == "'=SUM(A1)\n"
