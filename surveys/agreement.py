"""How much the partnership agrees with a statement of its self-assessment questionnaire. Pure: plain
counts in, plain values out.

Seed 002 (Harrow's HSP scorecard, 2007): "The self-assessment questionnaire was undertaken in Spring
2006 to act as a benchmark of current perceptions of the HSP ... The objectives are based on the poor
performing questions (50% or less strongly agreed or agree) from last years self-assessment
questionnaire", and the scorecard's indicators are "% of people who strongly agree and agree"
(baseline 50%). So:

- each statement is answered on a five-point scale, or "don't know";
- agreement is strongly agree + agree, out of everyone who gave a view (don't know is left out of the
  count, as it is neither agreement nor disagreement);
- a statement is flagged when 50% or less strongly agree or agree (judged on the exact fraction, so
  a figure shown as 50.0% is flagged only when it really is 50% or less);
- year on year, a statement is compared with the one it was carried from, as a change in points.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models


class Choice(models.TextChoices):
    STRONGLY_AGREE = "strongly_agree", "Strongly agree"
    AGREE = "agree", "Agree"
    NEITHER = "neither", "Neither agree nor disagree"
    DISAGREE = "disagree", "Disagree"
    STRONGLY_DISAGREE = "strongly_disagree", "Strongly disagree"
    DONT_KNOW = "dont_know", "Don't know"


AGREEING = frozenset({Choice.STRONGLY_AGREE, Choice.AGREE})
# The seed's rule: a statement is poor performing at 50% or less.
FLAG_AT_PERCENT = Decimal(50)
FLAG_LABEL = "50% or less agree"
ONE_PLACE = Decimal("0.1")


def percent_of(part: int, whole: int) -> Decimal | None:
    """`part` out of `whole` as a percentage to one decimal place (half up), None when `whole` is 0."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Agreement:
    """One statement's (or several pooled statements') answers, counted."""

    agreeing: int = 0  # strongly agree + agree
    answered: int = 0  # everyone who gave a view: every choice except don't know
    dont_know: int = 0

    @property
    def percent(self) -> Decimal | None:
        """% strongly agree or agree, to one decimal place; None when nobody gave a view."""
        return percent_of(self.agreeing, self.answered)

    @property
    def flagged(self) -> bool:
        """50% or less strongly agree or agree (never flagged when nobody gave a view)."""
        return self.answered > 0 and self.agreeing * 100 <= FLAG_AT_PERCENT * self.answered

    @property
    def responses(self) -> int:
        """Everyone who answered the statement, don't know included."""
        return self.answered + self.dont_know


def agreement(counts: Mapping[str, int]) -> Agreement:
    """Agreement from the number of answers of each choice (missing choices count 0).

    Refuses what cannot be a count: an unknown choice or a negative number."""
    known = set(Choice.values)
    for choice, count in counts.items():
        if choice not in known:
            raise ValueError(f"Not an answer on the scale: {choice!r}")
        if count < 0:
            raise ValueError(f"A count cannot be negative: {choice!r} has {count}")
    agreeing = sum(counts.get(choice, 0) for choice in AGREEING)
    dont_know = counts.get(Choice.DONT_KNOW, 0)
    return Agreement(agreeing=agreeing, answered=sum(counts.values()) - dont_know, dont_know=dont_know)


def pooled(agreements: Iterable[Agreement]) -> Agreement:
    """Several statements' answers as one (an indicator fed by more than one statement)."""
    agreeing = answered = dont_know = 0
    for each in agreements:
        agreeing += each.agreeing
        answered += each.answered
        dont_know += each.dont_know
    return Agreement(agreeing=agreeing, answered=answered, dont_know=dont_know)


def change_in_points(current: Agreement, previous: Agreement | None) -> Decimal | None:
    """This year's % agreeing minus last year's, in percentage points (of the figures as shown); None
    when there is nothing to compare (no paired statement, or nobody gave a view in either year)."""
    if previous is None or current.percent is None or previous.percent is None:
        return None
    return current.percent - previous.percent


def change_words(points: Decimal | None) -> str:
    """A change in points in words: "up 5.0 points", "down 0.5 points", "no change"."""
    if points is None:
        return "No comparison"
    if points == 0:
        return "No change"
    return f"{'Up' if points > 0 else 'Down'} {abs(points)} point{'' if abs(points) == 1 else 's'}"


def response_rate(submitted: int, members: int) -> Decimal | None:
    """Submissions of active members, as a % of active members; None when there are no members."""
    return percent_of(submitted, members)
