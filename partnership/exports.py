"""Text made safe to put in an exported CSV or spreadsheet.

Formulas: text in an exported CSV or spreadsheet that a spreadsheet program would run as a formula (CSV
injection): an officer could type "=HYPERLINK(...)" as an indicator title or a job title and have it
run in the file a coordinator opens. Following OWASP's guidance, a text cell that starts with =, +,
-, @, a tab or a carriage return is prefixed with a single quote, so it is shown as the text it is;
numbers, and text that is a plain number such as "-12.5", are left alone.

Control characters: a spreadsheet cannot hold most of them (Word's manual line break, a vertical
tab, is the one people paste): line and page breaks become newlines, the rest are dropped, so an
export never fails on what someone typed. Pure: no Django."""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain number as a spreadsheet reads one: a sign, digits (perhaps grouped in thousands) with
# decimals, an exponent, a percent sign. Digits must come first: "-e5" is a formula (minus cell E5).
_NUMBER = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def is_plain_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


_BREAKS = re.compile(r"[\x0b\x0c]")
_UNWRITABLE = re.compile(r"[\x00-\x08\x0e-\x1f]")


def writable(text: str) -> str:
    """Text a spreadsheet cell can hold (see above); tabs, newlines and carriage returns are kept."""
    return _UNWRITABLE.sub("", _BREAKS.sub("\n", text))


def neutralise(value):
    """The value to write into an exported cell: formula-like text quoted, characters no cell can
    hold replaced, anything else unchanged."""
    if not isinstance(value, str):
        return value
    value = writable(value)
    if value.startswith(FORMULA_TRIGGERS) and not is_plain_number(value):
        return "'" + value
    return value


def neutralise_row(values) -> list:
    return [neutralise(value) for value in values]
