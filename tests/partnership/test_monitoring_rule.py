"""The small-number rule of equality monitoring (partnership.equality), without a database: every
count up to a size, every minimum, and someone who knows the rule trying every set of answers."""

import itertools
from decimal import ROUND_HALF_UP, Decimal

import pytest

from partnership import equality
from partnership.equality import (
    AGE_BAND,
    ETHNIC_GROUP,
    MEASURES,
    PREFER_NOT_TO_SAY,
    SEX,
    AgeBand,
    EthnicGroup,
    Sex,
    measure_share,
    share,
    tabulate,
    withheld_values,
)


def compositions(total, parts):
    """Every way of giving `total` people one of `parts` answers (zeros included)."""
    if parts == 0:
        if total == 0:
            yield ()
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)


def counts_of(vector):
    return {f"answer{i}": n for i, n in enumerate(vector)}


# --- share: rules 1 and 2 ------------------------------------------------------------------------


@pytest.mark.parametrize("minimum", [3, 4, 5, 7])
def test_share_shows_a_figure_only_when_enough_answered_and_neither_side_is_small(minimum):
    for answered in range(0, 3 * minimum + 2):
        for count in range(answered + 1):
            # given: `count` in the group, the rest outside it, and some who did not say
            answers = ["in"] * count + ["out"] * (answered - count) + [PREFER_NOT_TO_SAY, "", None]
            # when
            result = share(answers, {"in"}, minimum=minimum)
            # then
            assert result.answered == answered
            rest = answered - count
            shown = answered >= minimum and not (0 < count < minimum) and not (0 < rest < minimum)
            assert result.shown is shown, (minimum, answered, count)
            if shown:
                assert result.count == count
                exact = Decimal(count * 100) / answered
                assert result.percent == exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                assert result.withheld == ""
            else:
                assert result.count is None and result.percent is None
                assert result.withheld.startswith(f"Fewer than {minimum}")


def test_zero_is_shown_and_everyone_is_shown():
    assert share(["out"] * 6, {"in"}, minimum=5) == equality.Share(0, 6, Decimal("0.0"))
    assert share(["in"] * 6, {"in"}, minimum=5) == equality.Share(6, 6, Decimal("100.0"))


def test_the_withheld_reason_says_why_in_words():
    assert share(["in"] * 4, {"in"}, minimum=5).withheld == "Fewer than 5 people answered: not shown"
    small = share(["in"] * 2 + ["out"] * 8, {"in"}, minimum=5).withheld
    assert small == share(["in"] * 8 + ["out"] * 2, {"in"}, minimum=5).withheld  # which side: not said
    assert "this group, or the rest of those who answered, has fewer than 5" in small


def test_prefer_not_to_say_and_blanks_are_not_answers():
    result = share(["in"] * 5 + [PREFER_NOT_TO_SAY] * 10 + [""] * 3 + [None], {"in"}, minimum=5)
    assert (result.count, result.answered, result.percent) == (5, 5, Decimal("100.0"))


def test_a_minimum_below_three_and_a_group_of_non_answers_are_refused():
    with pytest.raises(ValueError):
        share(["in"] * 10, {"in"}, minimum=2)
    with pytest.raises(ValueError):
        share(["in"] * 10, {PREFER_NOT_TO_SAY}, minimum=3)


# --- the tables: rules 1 to 3 -----------------------------------------------------------------------


def published(counts, minimum):
    """What a table shows: the withheld answers, and every other answer's figure."""
    hidden = withheld_values(counts, minimum=minimum)
    return hidden, {value: n for value, n in counts.items() if value not in hidden}


@pytest.mark.parametrize("minimum", [3, 4, 5])
def test_every_small_figure_is_withheld_and_no_withheld_figure_can_be_subtracted_out(minimum):
    for parts in (2, 3, 4, 5):
        for answered in range(0, 16):
            for vector in compositions(answered, parts):
                counts = counts_of(vector)
                hidden, shown = published(counts, minimum)
                if answered < minimum or len(hidden) == parts:
                    assert answered < minimum or hidden == set(counts)
                    continue
                # rule 2: nothing small is shown (zero is), nor anything whose rest is small
                for n in shown.values():
                    assert not equality.is_small(n, minimum), (minimum, vector)
                    assert not equality.is_small(answered - n, minimum), (minimum, vector)
                # rule 3: zeros are never withheld, and the withheld are never one alone, nor a small total
                assert all(counts[value] > 0 for value in hidden), vector
                withheld_total = sum(counts[value] for value in hidden)
                assert not hidden or (len(hidden) >= 2 and withheld_total >= minimum), (minimum, vector)


def test_someone_who_knows_the_rule_cannot_pin_down_a_withheld_figure():
    # given: every table of up to four answers, and an attacker who knows how many answered, the
    # shown figures and which are withheld, and tries every set of answers that gives the same table
    for minimum in (3, 4, 5):
        for parts in (2, 3, 4):
            for answered in range(minimum, 15):
                for vector in compositions(answered, parts):
                    counts = counts_of(vector)
                    hidden, shown = published(counts, minimum)
                    if not hidden or len(hidden) == parts:
                        continue
                    order = [value for value in counts if value in hidden]
                    possible = {value: set() for value in order}
                    for guess in compositions(answered - sum(shown.values()), len(order)):
                        trial = {**counts, **dict(zip(order, guess, strict=True))}
                        if published(trial, minimum) == (hidden, shown):
                            for value, n in zip(order, guess, strict=True):
                                possible[value].add(n)
                    # then: each withheld figure could be at least two numbers
                    assert all(len(numbers) >= 2 for numbers in possible.values()), (minimum, vector, possible)


@pytest.mark.parametrize(
    ("vector", "hidden"),
    [
        ((10, 2, 8), {1, 2}),  # one small figure: the smallest other is withheld with it
        ((10, 2, 8, 8), {1, 2, 3}),  # ...and every figure equal to that one
        ((10, 2, 3, 0), {1, 2}),  # two small figures adding up to the minimum: enough
        ((10, 1, 1, 0), {0, 1, 2}),  # the 10 too: the rest of those who answered (2) is small
        ((4, 4, 10), {0, 1, 2}),  # two that are both minimum - 1 would pin each down: all withheld
        ((6, 0, 0), set()),  # nothing small: everything shown
    ],
)
def test_examples_of_the_table_rule(vector, hidden):
    assert withheld_values(counts_of(vector), minimum=5) == {f"answer{i}" for i in hidden}


def test_a_table_shows_counts_and_percentages_and_hides_how_many_answered_when_it_shows_nothing():
    answers = [Sex.FEMALE] * 6 + [Sex.MALE] * 4 + [PREFER_NOT_TO_SAY]
    table = tabulate(SEX, answers, minimum=3)
    assert table.answered == 10 and table.withheld == ""
    assert [(row.label, row.count, row.percent) for row in table.rows] == [
        ("Female", 6, Decimal("60.0")),
        ("Male", 4, Decimal("40.0")),
    ]
    hidden = tabulate(SEX, answers, minimum=5)
    assert hidden.answered is None and all(not row.shown for row in hidden.rows)
    assert "would let a group of fewer than 5 be worked out" in hidden.withheld
    few = tabulate(SEX, [Sex.FEMALE] * 4, minimum=5)
    assert few.answered is None and "Fewer than 5 people answered" in few.withheld


def test_an_answer_that_is_not_one_of_the_questions_is_refused():
    with pytest.raises(ValueError):
        tabulate(SEX, ["martian"], minimum=3)


# --- measures: rule 4 ---------------------------------------------------------------------------------


def test_the_seeds_seven_measures_are_named():
    assert set(MEASURES) == {"bme", "male", "female", "faith", "under_25", "over_65", "disability"}
    assert MEASURES["bme"].in_group == {
        EthnicGroup.ASIAN,
        EthnicGroup.BLACK,
        EthnicGroup.MIXED,
        EthnicGroup.OTHER,
    }
    assert MEASURES["over_65"].in_group == {AgeBand.FROM_65}  # the seed's "over 65": we count 65 and over


def test_bme_is_every_group_but_white_and_shown_when_both_sides_are_big_enough():
    answers = [EthnicGroup.ASIAN] * 2 + [EthnicGroup.BLACK] * 3 + [EthnicGroup.WHITE] * 10 + [PREFER_NOT_TO_SAY] * 2
    # the table withholds Asian and Black (both small), wholly inside BME: BME's total adds nothing
    assert withheld_values(equality.tally(ETHNIC_GROUP, answers), minimum=5) == {"asian", "black"}
    result = measure_share(answers, MEASURES["bme"], minimum=5)
    assert (result.count, result.answered, result.percent) == (5, 15, Decimal("33.3"))


def test_a_measure_that_would_split_the_withheld_figures_is_withheld():
    # given: under 25 is small, so 65 and over (the smallest other) is withheld with it in the table
    answers = (
        [AgeBand.UNDER_25] * 2 + [AgeBand.FROM_65] * 6 + [AgeBand.FROM_25_TO_44] * 10 + [AgeBand.FROM_45_TO_64] * 7
    )
    assert withheld_values(equality.tally(AGE_BAND, answers), minimum=5) == {"under_25", "65_and_over"}
    # then: showing "over 65" alone would give away under 25 (the withheld total less it)
    over_65 = measure_share(answers, MEASURES["over_65"], minimum=5)
    assert not over_65.shown and over_65.count is None
    assert "would let a group of fewer than 5 be worked out" in over_65.withheld
    # while share() alone (rule 2) would have shown it
    assert share(answers, {AgeBand.FROM_65}, minimum=5).count == 6


def test_every_measure_agrees_with_its_questions_table_on_every_small_table():
    for measure in MEASURES.values():
        values = [value for value, _ in measure.question.categories]
        for answered in range(0, 13):
            for vector in compositions(answered, len(values)) if len(values) <= 4 else []:
                answers = list(itertools.chain.from_iterable([v] * n for v, n in zip(values, vector, strict=True)))
                result = measure_share(answers, measure, minimum=3)
                table = tabulate(measure.question, answers, minimum=3)
                in_group = [row for row in table.rows if row.value in measure.in_group]
                if all(row.shown for row in table.rows):
                    assert result.shown and result.count == sum(row.count for row in in_group)
                if result.shown and table.answered is not None:
                    # then: what the measure shows adds nothing the table's withheld total does not
                    shown_inside = sum(row.count for row in in_group if row.shown)
                    withheld_inside = result.count - shown_inside
                    withheld_all = table.answered - sum(row.count for row in table.rows if row.shown)
                    assert withheld_inside in (0, withheld_all), (measure.key, vector)


def test_a_named_religion_goes_with_having_one():
    assert equality.religion_problem(equality.Faith.RELIGION, equality.Religion.SIKH) == ""
    assert equality.religion_problem("", "") == ""
    assert equality.religion_problem(equality.Faith.NO_RELIGION, PREFER_NOT_TO_SAY) == ""
    assert "Has a religion or belief" in equality.religion_problem(equality.Faith.NO_RELIGION, equality.Religion.SIKH)
    assert equality.religion_problem("", equality.Religion.HINDU)
