"""Equality monitoring of members: the questions, the groups the scorecard measures, and the
small-number rule that decides which totals may be shown.

Source: Harrow's HSP scorecard (seed 002, People perspective, objective "Make up of the HSP is
reflective of the community") measures "the % BME members in the HSP", "% male", "% female", "% of
members who belong to a faith group", "% under 25", "% over 65" and "% who declare a disability",
from "a monitoring form to be completed by all members of HSP". The categories are the 2021 Census
for England's (Office for National Statistics): the five top-level ethnic groups and the religion
list; every question also offers "Prefer not to say", and every question may be left blank.

The rule (standard disclosure control by small-number suppression), with `minimum` the partnership's
minimum count (at least 3):

1. A figure is shown only when at least `minimum` people answered the question ("Prefer not to say"
   and blank are not answers).
2. A group's figure is shown only when neither the group nor the rest of those who answered has
   between 1 and `minimum - 1` people. Zero is shown: it says nothing about anyone.
3. In a table of every answer to a question, a withheld figure must not be recoverable by taking the
   shown figures from the total: more figures are withheld (the smallest shown, with every shown
   figure equal to it, never a zero) until the withheld ones are at least two, add up to at least
   `minimum`, and are neither all 1 nor all `minimum - 1` (either would pin each of them down). If
   that cannot be done, no figure of the question is shown, nor how many answered it.
4. A measure (a group of answers, such as BME) is shown only when rule 2 allows it and its total
   would not split the question's withheld figures (taking some of them but not all), which would
   let one be worked out.

Rule 3 is tested against someone who knows the rule and tries every possible set of answers that
would give the same table: for tables of up to five answers, no withheld figure is ever pinned down
(tests/partnership/test_monitoring_rule.py). Comparing the tables of two dates can still show what
changed between them (one person joining, say): the make-up page shows only today's.

Pure: no database access. `partnership.services.monitoring` gathers the answers.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

PREFER_NOT_TO_SAY = "prefer_not_to_say"
LOWEST_MINIMUM = 3


class EthnicGroup(models.TextChoices):
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or Multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Faith(models.TextChoices):
    RELIGION = "religion", "Has a religion or belief"
    NO_RELIGION = "no_religion", "No religion"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Religion(models.TextChoices):
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Any other religion or belief"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class AgeBand(models.TextChoices):
    UNDER_25 = "under_25", "Under 25"
    FROM_25_TO_44 = "25_44", "25 to 44"
    FROM_45_TO_64 = "45_64", "45 to 64"
    # The seed measures "over 65"; we count 65 and over, the band the Census and most monitoring use.
    FROM_65 = "65_and_over", "65 and over"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


@dataclass(frozen=True)
class Question:
    field: str  # the MemberMonitoring field holding the answer
    heading: str  # what the make-up tables call it
    choices: type[models.TextChoices]

    @property
    def categories(self) -> list[tuple[str, str]]:
        """The answers that count, in the form's order (every choice but "Prefer not to say")."""
        return [(value, label) for value, label in self.choices.choices if value != PREFER_NOT_TO_SAY]


ETHNIC_GROUP = Question("ethnic_group", "Ethnic group", EthnicGroup)
SEX = Question("sex", "Sex", Sex)
FAITH = Question("faith", "Religion or belief", Faith)
RELIGION = Question("religion", "Which religion or belief", Religion)
AGE_BAND = Question("age_band", "Age", AgeBand)
DISABILITY = Question("disability", "Disability", Disability)
QUESTIONS = (ETHNIC_GROUP, SEX, FAITH, RELIGION, AGE_BAND, DISABILITY)


@dataclass(frozen=True)
class Measure:
    key: str
    question: Question
    in_group: frozenset[str]
    title: str  # the seed's words
    label: str  # ours, for any partnership


MEASURES = {
    measure.key: measure
    for measure in (
        # BME: black and minority ethnic, every group but White.
        Measure(
            "bme",
            ETHNIC_GROUP,
            frozenset(value for value, _ in ETHNIC_GROUP.categories if value != EthnicGroup.WHITE),
            "The % BME members in the HSP",
            "Black and minority ethnic (every group but White)",
        ),
        Measure("male", SEX, frozenset({Sex.MALE}), "The % male members in the HSP", "Male"),
        Measure("female", SEX, frozenset({Sex.FEMALE}), "The % female members in the HSP", "Female"),
        Measure(
            "faith",
            FAITH,
            frozenset({Faith.RELIGION}),
            "The % of members who belong to a faith group",
            "Belong to a faith group",
        ),
        Measure("under_25", AGE_BAND, frozenset({AgeBand.UNDER_25}), "The % of members who are under 25", "Under 25"),
        Measure("over_65", AGE_BAND, frozenset({AgeBand.FROM_65}), "The % of members who are over 65", "65 and over"),
        Measure(
            "disability",
            DISABILITY,
            frozenset({Disability.YES}),
            "The % of members who declare a disability",
            "Declare a disability",
        ),
    )
}


def withheld_text(minimum: int) -> str:
    """What a page shows in place of a withheld figure."""
    return f"Fewer than {minimum}: not shown"


def fewer_answered(minimum: int) -> str:
    return f"Fewer than {minimum} people answered: not shown"


def small_group(minimum: int) -> str:
    return f"Fewer than {minimum}: not shown (this group, or the rest of those who answered, has fewer than {minimum})"


def revealing(minimum: int) -> str:
    return f"Fewer than {minimum}: not shown (it would let a group of fewer than {minimum} be worked out)"


@dataclass(frozen=True)
class Share:
    """A group's share of the people who answered. `count` and `percent` are None when the figure
    is withheld (so a withheld figure cannot be shown by mistake), and `withheld` says why."""

    count: int | None
    answered: int
    percent: Decimal | None
    withheld: str = ""

    @property
    def shown(self) -> bool:
        return not self.withheld


def is_answer(answer: str | None) -> bool:
    return answer not in (None, "", PREFER_NOT_TO_SAY)


def percent(count: int, total: int) -> Decimal | None:
    """count as a % of total, to one decimal place (None of nobody)."""
    if not total:
        return None
    return (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def check_minimum(minimum: int) -> None:
    if minimum < LOWEST_MINIMUM:
        raise ValueError(f"The minimum count is at least {LOWEST_MINIMUM}, not {minimum}.")


def is_small(number: int, minimum: int) -> bool:
    """Between 1 and minimum - 1 people: few enough to pick someone out (none is not small)."""
    return 0 < number < minimum


def share(answers: Iterable[str | None], in_group: set[str], *, minimum: int) -> Share:
    """The share of those who answered whose answer is in `in_group` (rules 1 and 2 above)."""
    check_minimum(minimum)
    if PREFER_NOT_TO_SAY in in_group or "" in in_group or None in in_group:
        raise ValueError("A group is made of answers: not 'Prefer not to say' or a blank.")
    given = [answer for answer in answers if is_answer(answer)]
    answered = len(given)
    count = sum(1 for answer in given if answer in in_group)
    if answered < minimum:
        return Share(None, answered, None, fewer_answered(minimum))
    if is_small(count, minimum) or is_small(answered - count, minimum):
        return Share(None, answered, None, small_group(minimum))
    return Share(count, answered, percent(count, answered))


def withheld_values(counts: Mapping[str, int], *, minimum: int) -> frozenset[str]:
    """Which of a question's answers (answer -> how many gave it, in the form's order) are withheld
    in its table (rules 1 to 3 above)."""
    check_minimum(minimum)
    answered = sum(counts.values())
    if answered < minimum:
        return frozenset(counts)
    hidden = {value for value, n in counts.items() if is_small(n, minimum) or is_small(answered - n, minimum)}
    while hidden and not _cannot_be_worked_out({value: counts[value] for value in hidden}, minimum):
        others = [value for value, n in counts.items() if value not in hidden and n > 0]
        if not others:
            return frozenset(counts)
        smallest = min(counts[value] for value in others)
        # Every figure equal to the smallest: one left shown beside it would bound it from above.
        hidden.update(value for value in others if counts[value] == smallest)
    return frozenset(hidden)


def _cannot_be_worked_out(hidden: Mapping[str, int], minimum: int) -> bool:
    """Whether withheld figures whose total is known (answered less the shown ones) stay unknown:
    at least two, adding up to at least the minimum, and not all pinned to the lowest (1, as zeros
    are shown) or the highest a small figure can be (minimum - 1)."""
    total, size = sum(hidden.values()), len(hidden)
    if size < 2 or total < minimum or total == size:
        return False
    all_small = all(n < minimum for n in hidden.values())
    return not (all_small and total == size * (minimum - 1))


@dataclass(frozen=True)
class Row:
    value: str
    label: str
    count: int | None  # None when withheld
    percent: Decimal | None

    @property
    def shown(self) -> bool:
        return self.count is not None


@dataclass(frozen=True)
class Table:
    """One question's answers: a row per category, and `withheld` saying why, when no figure of
    the question is shown at all. `answered` is None when no figure is shown (it would narrow them down)."""

    question: Question
    answered: int | None
    rows: tuple[Row, ...]
    withheld: str = ""


def tally(question: Question, answers: Iterable[str | None]) -> dict[str, int]:
    """How many gave each of the question's answers that count, in the form's order."""
    counts = {value: 0 for value, _ in question.categories}
    for answer in answers:
        if is_answer(answer):
            if answer not in counts:
                raise ValueError(f"{answer!r} is not an answer to {question.heading}.")
            counts[answer] += 1
    return counts


def tabulate(question: Question, answers: Iterable[str | None], *, minimum: int) -> Table:
    counts = tally(question, answers)
    answered = sum(counts.values())
    hidden = withheld_values(counts, minimum=minimum)
    rows = tuple(
        Row(value, label, None, None)
        if value in hidden
        else Row(value, label, counts[value], percent(counts[value], answered))
        for value, label in question.categories
    )
    if answered < minimum:
        return Table(question, None, rows, f"Fewer than {minimum} people answered this question: no figures are shown.")
    if len(hidden) == len(counts):
        reason = f"No figures are shown: any of them would let a group of fewer than {minimum} be worked out."
        return Table(question, None, rows, reason)
    return Table(question, answered, rows)


def measure_share(answers: Iterable[str | None], measure: Measure, *, minimum: int) -> Share:
    """A measure's share (rules 1, 2 and 4 above), consistent with its question's table."""
    answers = list(answers)
    result = share(answers, measure.in_group, minimum=minimum)
    if not result.shown:
        return result
    hidden = withheld_values(tally(measure.question, answers), minimum=minimum)
    if hidden & measure.in_group and hidden - measure.in_group:
        return Share(None, result.answered, None, revealing(minimum))
    return result


def religion_problem(faith: str, religion: str) -> str:
    """Why a named religion does not go with the answer about having one ("" when it does)."""
    if religion in ("", PREFER_NOT_TO_SAY) or faith == Faith.RELIGION:
        return ""
    return "You named a religion or belief: choose “Has a religion or belief” above, or leave this question blank."
