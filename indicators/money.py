"""Money returns: budgets profiled by quarter, actual spend, and the variance between them.
Pure: no database access.

Amounts are pounds as Decimals. Profiles and spend are given as {quarter Span: amount}; "to date"
means the quarters of one financial year up to and including a given quarter.

Variance from profile, in percent:

    variance = (actual to date - profile to date) / profile to date x 100

positive is overspend, negative underspend. It is None when the profile to date is 0 (or there is
none): a percentage of nothing means nothing, so the page says "no profile" instead.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from indicators.periods import PeriodKind, Span, latest_ended, spans_in_year

ZERO = Decimal("0")
PENNY = Decimal("0.01")
# The money columns hold 14 digits with 2 decimal places (see indicators.models.money.MONEY).
MONEY_LIMIT = Decimal(10) ** 12

MONEY_FIELDS = ("actual_spend", "match_cash", "match_in_kind", "match_leverage")
# What a funded initiative says about its progress beside the money (seed 003), in words.
PROGRESS_FIELDS = ("sustainability", "partnership_working", "community_engagement")


def to_date(amounts: Mapping[Span, Decimal | None], up_to: Span | None) -> Decimal:
    """The total of `up_to`'s financial year from its first quarter to `up_to` (missing = 0)."""
    if up_to is None:
        return ZERO
    return sum(
        (
            amount or ZERO
            for span, amount in amounts.items()
            if span.financial_year == up_to.financial_year and span.start <= up_to.start
        ),
        ZERO,
    )


def profile_to_date(profile: Mapping[Span, Decimal | None], up_to: Span | None) -> Decimal:
    return to_date(profile, up_to)


def spend_to_date(spend: Mapping[Span, Decimal | None], up_to: Span | None) -> Decimal:
    return to_date(spend, up_to)


def variance_percent(actual: Decimal | None, profile: Decimal | None) -> Decimal | None:
    """(actual - profile) / profile x 100; None when there is no profile to compare with."""
    if not profile:
        return None
    return (Decimal(actual or 0) - Decimal(profile)) / Decimal(profile) * 100


def is_off_profile(actual: Decimal | None, profile: Decimal | None, threshold: Decimal) -> bool:
    """Does this spend need explaining? When |variance| is more than `threshold` percent, and also
    when money was spent against no profile at all (the variance is then undefined, not small)."""
    if actual is None:
        return False
    variance = variance_percent(actual, profile)
    if variance is None:
        return actual > 0
    return abs(variance) > threshold


def describe_variance(variance: Decimal | None) -> str:
    """The variance in words, so the sign is never the only signal."""
    if variance is None:
        return "No profile to compare with"
    rounded = variance.quantize(Decimal("0.1"))
    if rounded == 0:
        return "On profile"
    return f"{abs(rounded)}% {'over' if rounded > 0 else 'under'} profile"


def parse_money(raw) -> Decimal | None:
    """An amount as typed ("£1,250.50", "1250.5") as a Decimal; None when blank.
    Raises ValueError when it is not a number."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        amount = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        amount = Decimal(str(raw))
    else:
        text = str(raw).strip().replace(",", "").replace(" ", "")
        if not text:
            return None
        if text.startswith("£"):
            text = text[1:]
        elif text.startswith("-£"):
            text = "-" + text[2:]
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(raw) from error
    if not amount.is_finite():
        raise ValueError(raw)
    return amount


def money_problem(raw) -> str | None:
    """Why this cannot be an amount of money, or None if it can (blank is allowed here: whether
    an amount is required depends on the action, see indicators.services.money)."""
    try:
        amount = parse_money(raw)
    except ValueError:
        return "Enter an amount in pounds, like 1250.50."
    if amount is None:
        return None
    if amount < 0:
        return "Enter an amount of £0 or more."
    if amount >= MONEY_LIMIT:
        return "Enter an amount smaller than £1,000,000,000,000."
    if amount != amount.quantize(PENNY):  # "12.50" and "12.500" are fine; "12.505" is not
        return "Enter pounds and pence only: no more than 2 decimal places."
    return None


def money_problems(figures: Mapping[str, object]) -> dict[str, str]:
    """field -> message for every figure that cannot be money (like return_rules.figure_problems)."""
    problems = {}
    for name, raw in figures.items():
        problem = money_problem(raw)
        if problem:
            problems[name] = problem
    return problems


def reporting_position(today: dt.date, fy: int | None = None) -> tuple[int, Span | None]:
    """The financial year to report on and its last finished quarter (None if none has finished).

    Without a year, it is the year of the latest finished quarter: from April to June people are
    still returning the previous year's fourth quarter, so that year is the one to show."""
    latest = latest_ended(PeriodKind.QUARTER, today)
    if fy is None:
        return latest.financial_year, latest
    if fy < latest.financial_year:
        return fy, spans_in_year(fy, PeriodKind.QUARTER)[-1]
    if fy == latest.financial_year:
        return fy, latest
    return fy, None


# A commission's budget split by funding stream (seed 003: ABG, mainstream, other grant). Shares are
# percentages of its budget; with none given, the whole budget comes from its main stream.
ONE_HUNDRED = Decimal(100)


def stream_fractions(main_stream: str, shares: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """{stream: fraction of the budget}, fractions adding up to 1, largest first (ties in the
    order given). Spend and profile are shared out by the same fractions."""
    given = {stream: share for stream, share in shares.items() if share}
    if not given:
        return {main_stream: Decimal(1)}
    ranked = sorted(given.items(), key=lambda item: -item[1])
    return {stream: share / ONE_HUNDRED for stream, share in ranked}


def split_problems(shares: Mapping[str, Decimal | None], labels: Mapping[str, str]) -> dict[str, str]:
    """{stream: message} for a split that cannot be used: a share below 0 or above 100, or shares
    that do not add up to 100%. No shares at all is no split, and no problem."""
    problems = {
        stream: f"Enter {labels[stream]}'s share as a percentage from 0 to 100."
        for stream, share in shares.items()
        if share is not None and not ZERO <= share <= ONE_HUNDRED
    }
    given = [share for share in shares.values() if share]
    if problems or not given:
        return problems
    total = sum(given, ZERO)
    if total != ONE_HUNDRED:
        first = next(stream for stream, share in shares.items() if share)
        problems[first] = f"The shares add up to {total.normalize():f}%: they must add up to 100%."
    return problems


def main_stream(fractions: Mapping[str, Decimal]) -> str:
    """The stream most of the budget comes from (the first of `stream_fractions`)."""
    return next(iter(fractions))


def shared_out(amount: Decimal | None, fractions: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """`amount` shared between the streams to the penny, the parts adding up to it exactly (the
    rounding left over goes to the largest share)."""
    amount = amount or ZERO
    parts = {stream: (amount * fraction).quantize(PENNY) for stream, fraction in fractions.items()}
    parts[main_stream(fractions)] += amount - sum(parts.values(), ZERO)
    return parts
