"""Units, and the checks and formatting of values in them. Pure: no database access."""

from decimal import Decimal

from django.db import models

from indicators.status import Accumulation

# How a figure that is not a number is refused, on every route (forms, spreadsheet cells, the API).
NUMBER_ERRORS = {
    "invalid": "Enter a number, like 42.5 (no commas, % or £ signs).",
    "max_digits": "Enter a number with no more than 10 digits before the decimal point.",
    "max_whole_digits": "Enter a number with no more than 10 digits before the decimal point.",
    "max_decimal_places": "Use 4 decimal places or fewer.",
}


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage (%)"
    RATE = "rate", "Rate (per 1,000 people or similar)"
    COUNT = "count", "Count"
    MONEY = "money", "Money (£)"
    YES_NO = "yes_no", "Yes or no"
    SCORE = "score", "Score, index or level"
    RATING = "rating", "Rating (red, amber or green)"


# A rating is stored as its grade, so the status engine can compare it with a target rating
# (seed 002's "GOL rating": Amber now, aiming for Green). Higher is better.
RATING_GRADES = {1: "Red", 2: "Amber", 3: "Green"}
RATING_MESSAGE = "Enter Red, Amber or Green (or 1, 2 or 3)."


def rating_grade(text) -> Decimal | None:
    """The grade a rating's word or number stands for ("Amber" or "2" is 2), or None if neither."""
    word = str(text).strip().lower()
    for grade, name in RATING_GRADES.items():
        if word in (name.lower(), str(grade), f"{grade}.0"):
            return Decimal(grade)
    return None


def default_accumulation(unit: str) -> str:
    """Counts and money add up over the year; rates, percentages and scores do not."""
    return Accumulation.CUMULATIVE if unit in (Unit.COUNT, Unit.MONEY) else Accumulation.SNAPSHOT


def accumulation_problem(unit: str, accumulation: str) -> str | None:
    """Only counts and money add up over the year: a rate or percentage set to accumulate would get
    a wrong target profile and forecast."""
    if accumulation == Accumulation.CUMULATIVE and unit not in (Unit.COUNT, Unit.MONEY):
        return (
            "Only counts and money add up over the year: a rate, percentage, score or yes/no is judged "
            "period by period."
        )
    return None


def scale_for(unit: str, rate_per: int | None) -> Decimal:
    """What numerator / denominator is multiplied by to give the value."""
    if unit == Unit.PERCENTAGE:
        return Decimal(100)
    if unit == Unit.RATE:
        return Decimal(rate_per or 1000)
    return Decimal(1)


def value_problem(value: Decimal | None, unit: str, *, allows_negative: bool = False) -> str | None:
    """Why this value cannot be a value of this unit, or None if it can."""
    if value is None:
        return None
    if unit == Unit.YES_NO and value not in (0, 1):
        return "Enter 1 for yes or 0 for no."
    if unit == Unit.RATING and value not in RATING_GRADES:
        return RATING_MESSAGE
    if allows_negative:
        return None
    if value < 0:
        return "Enter a value of 0 or more."
    if unit == Unit.PERCENTAGE and value > 100:
        return "Enter a percentage between 0 and 100."
    return None


def format_value(value: Decimal | None, unit: str, *, rate_per: int | None = None, places: int = 1) -> str:
    if value is None:
        return "–"
    value = Decimal(value)
    if unit == Unit.YES_NO:
        return "Yes" if value >= 1 else "No"
    if unit == Unit.RATING:
        return (
            RATING_GRADES.get(int(value), f"{value:,.{places}f}") if value == value.to_integral_value() else f"{value}"
        )
    if unit in (Unit.COUNT, Unit.MONEY) and value == value.to_integral_value():
        number = f"{value:,.0f}"
    else:
        number = f"{value:,.{places}f}"
    if unit == Unit.PERCENTAGE:
        return f"{number}%"
    if unit == Unit.MONEY:
        return f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
    if unit == Unit.RATE:
        return f"{number} per {rate_per or 1000:,}"
    return number
