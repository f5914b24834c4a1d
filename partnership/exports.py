"""Text in an exported CSV or spreadsheet that a spreadsheet program would run as a formula (CSV
injection): an officer could type "=HYPERLINK(...)" as an indicator title or a job title and have it
run in the file a coordinator opens. Following OWASP's guidance, a text cell that starts with =, +,
-, @, a tab or a carriage return is prefixed with a single quote, so it is shown as the text it is;
numbers, and text that is a plain number such as "-12.5", are left alone. Pure: no Django."""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain number as a spreadsheet reads one: a sign, digits (perhaps grouped in thousands) with
# decimals, an exponent, a percent sign. Digits must come first: "-e5" is a formula (minus cell E5).
_NUMBER = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def is_plain_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


def neutralise(value):
    """The value to write into an exported cell: formula-like text quoted, anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not is_plain_number(value):
        return "'" + value
    return value


def neutralise_row(values) -> list:
    return [neutralise(value) for value in values]
