"""The agreement rules, without a database: % strongly agree or agree of those who gave a view, the
seed's flag at 50% or less, pooling, and the change in points from last year."""

import itertools
from decimal import Decimal

import pytest

from surveys.agreement import (
    Agreement,
    Choice,
    agreement,
    change_in_points,
    change_words,
    percent_of,
    pooled,
    response_rate,
)

SA, A, N, D, SD, DK = (
    Choice.STRONGLY_AGREE,
    Choice.AGREE,
    Choice.NEITHER,
    Choice.DISAGREE,
    Choice.STRONGLY_DISAGREE,
    Choice.DONT_KNOW,
)


def test_agreeing_is_strongly_agree_and_agree_out_of_everyone_but_dont_know():
    result = agreement({SA: 3, A: 2, N: 1, D: 2, SD: 2, DK: 5})
    assert (result.agreeing, result.answered, result.dont_know, result.responses) == (5, 10, 5, 15)
    assert result.percent == Decimal("50.0")


def test_missing_choices_count_zero():
    assert agreement({A: 1}) == Agreement(agreeing=1, answered=1, dont_know=0)
    assert agreement({}) == Agreement()


def test_nobody_answered_means_no_percent_and_no_flag():
    for counts in ({}, {DK: 4}, dict.fromkeys(Choice.values, 0)):
        result = agreement(counts)
        assert result.percent is None
        assert not result.flagged


@pytest.mark.parametrize(
    ("agreeing", "others", "flagged"),
    [
        (0, 1, True),
        (1, 1, True),  # exactly 50%: "50% or less strongly agreed or agree"
        (2, 1, False),
        (5, 5, True),
        (51, 49, False),
        (50, 50, True),
        (1251, 1249, False),  # 50.04%, shown as 50.0%, is above 50: not flagged
        (1249, 1251, True),  # 49.96%, shown as 50.0%
        (1, 0, False),
    ],
)
def test_flagged_at_fifty_percent_or_less_on_the_exact_fraction(agreeing, others, flagged):
    assert agreement({A: agreeing, D: others}).flagged is flagged


def test_every_split_of_up_to_eight_answers_follows_the_rule():
    # Exhaustive over the six choices for small counts: the rule holds whatever the split.
    for counts in itertools.product(range(3), repeat=6):
        by_choice = dict(zip(Choice.values, counts, strict=True))
        result = agreement(by_choice)
        answered = sum(counts) - by_choice[DK]
        agreeing = by_choice[SA] + by_choice[A]
        assert result.answered == answered and result.agreeing == agreeing
        if answered == 0:
            assert result.percent is None and not result.flagged
        else:
            assert result.flagged == (agreeing / answered <= 0.5)
            assert abs(result.percent - Decimal(agreeing * 100) / answered) <= Decimal("0.05")


def test_percent_is_rounded_half_up_to_one_place():
    assert percent_of(1, 3) == Decimal("33.3")
    assert percent_of(2, 3) == Decimal("66.7")
    assert percent_of(1, 8) == Decimal("12.5")
    assert percent_of(1, 16) == Decimal("6.3")  # 6.25 rounds up
    assert percent_of(0, 0) is None


def test_unknown_choices_and_negative_counts_are_refused():
    with pytest.raises(ValueError, match="Not an answer"):
        agreement({"maybe": 1})
    with pytest.raises(ValueError, match="negative"):
        agreement({A: -1})


def test_pooling_adds_the_statements_answers():
    first, second = agreement({SA: 1, D: 1, DK: 2}), agreement({A: 3, SD: 1})
    assert pooled([first, second]) == Agreement(agreeing=4, answered=6, dont_know=2)
    assert pooled([]) == Agreement()


def test_change_is_in_points_of_the_figures_shown():
    now, then = agreement({A: 2, D: 1}), agreement({A: 1, D: 1})
    assert change_in_points(now, then) == Decimal("16.7")  # 66.7 - 50.0
    assert change_in_points(then, now) == Decimal("-16.7")
    assert change_in_points(now, now) == 0
    assert change_in_points(now, None) is None
    assert change_in_points(now, agreement({DK: 3})) is None
    assert change_in_points(agreement({}), then) is None


def test_change_in_words():
    assert change_words(Decimal("5.0")) == "Up 5.0 points"
    assert change_words(Decimal("-0.5")) == "Down 0.5 points"
    assert change_words(Decimal("1.0")) == "Up 1.0 point"
    assert change_words(Decimal("0.0")) == "No change"
    assert change_words(None) == "No comparison"


def test_response_rate():
    assert response_rate(29, 58) == Decimal("50.0")
    assert response_rate(0, 0) is None
