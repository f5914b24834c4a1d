"""Numbers in words people read and type. Pure."""

from decimal import Decimal


def plain_number(value) -> str | None:
    """56.0000 -> "56", 2.5000 -> "2.5": a stored Decimal as a person would type it."""
    return None if value is None else format(Decimal(value).normalize(), "f")
