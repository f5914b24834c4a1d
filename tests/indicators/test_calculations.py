"""The pure rules of calculated indicators and ratings: no database."""

from decimal import Decimal

import pytest

from indicators.calculations import (
    CalculationKind,
    FormulaProblem,
    absolute_variance,
    calculation_order,
    evaluate,
    formula_problem,
    parse_formula,
    share,
    share_of_statuses,
    unit_problem,
)
from indicators.status import IndicatorRules, Status, assess_year, rag_status
from indicators.values import Unit, format_value, rating_grade, value_problem


def test_share_of_statuses_counts_green_among_those_judged():
    computation = share_of_statuses({"A": "green", "B": "green", "C": "amber", "D": "red", "E": "grey"})
    assert (computation.numerator, computation.denominator) == (2, 4)
    assert computation.summary == "2 of 4 indicators with a status are green (1 without data)."
    assert computation.inputs["indicators"]["grey"] == ["E"]


def test_a_share_of_nothing_has_no_value_rather_than_zero():
    assert not share(0, 0, summary="").has_value
    assert not share_of_statuses({"A": "grey"}).has_value
    assert share(0, 3, summary="").has_value


@pytest.mark.parametrize(
    ("spend", "profile", "percent", "way"),
    [(110, 100, 10, "over"), (80, 100, 20, "under"), (100, 100, 0, "exactly")],
)
def test_spend_variance_is_either_way_and_says_which(spend, profile, percent, way):
    computation = absolute_variance(Decimal(spend), Decimal(profile))
    assert computation.numerator / computation.denominator * 100 == percent
    assert way in computation.summary


def test_no_profile_no_variance():
    assert not absolute_variance(Decimal(5), Decimal(0)).has_value


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("{A} + {B}", {"A": 1, "B": 2}, 3),
        ("{A} - {B}", {"A": 1, "B": 2}, -1),
        ("{A} / {B} * 100", {"A": 1, "B": 4}, 25),
        ("({A} + {B}) / 2", {"A": 3, "B": 5}, 4),
        ("-{A} + 10", {"A": 3}, 7),
        ("{NI  112} * 2", {"NI 112": Decimal("1.5")}, 3),
    ],
)
def test_formulas_add_subtract_multiply_and_divide(text, values, expected):
    assert evaluate(parse_formula(text), {k: Decimal(v) for k, v in values.items()}) == expected


def test_a_formula_with_a_missing_value_or_a_zero_divisor_has_no_value():
    assert evaluate(parse_formula("{A} / {B}"), {"A": Decimal(1), "B": Decimal(0)}) is None
    assert evaluate(parse_formula("{A} + {B}"), {"A": Decimal(1), "B": None}) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1 + 2",
        "{A} +",
        "__import__('os')",
        "{A} ** 2",
        "{A} if {B} else 1",
        "{A}.real",
        "{A}[0]",
        "{{A}}",
        "{A} % 2",
    ],
)
def test_anything_but_arithmetic_on_codes_is_refused_in_words(text):
    with pytest.raises(FormulaProblem) as problem:
        parse_formula(text)
    assert str(problem.value)[0].isupper()


KNOWN = {"A": [], "B": [], "C": ["A"], "D": ["E"], "E": []}


def test_a_formula_using_itself_is_refused():
    assert "cannot be calculated from its own value" in formula_problem("A", "{A} + {B}", KNOWN)


def test_a_formula_using_an_indicator_of_no_such_code_here_is_refused():
    assert formula_problem("A", "{B} + {NI 999}", KNOWN) == "NI 999 is not an indicator of this partnership."


def test_a_formula_going_round_in_a_circle_is_refused():
    # C uses A; giving A a formula that uses C closes the circle
    assert formula_problem("A", "{C} * 2", KNOWN) == "The formula goes round in a circle: A → C → A."
    assert formula_problem("A", "{D} + {B}", KNOWN) is None


def test_calculation_order_puts_what_a_formula_uses_first():
    order = calculation_order({1: [2], 2: [3], 3: [], 4: []})
    assert order.index(3) < order.index(2) < order.index(1)


def test_each_kind_gives_its_unit():
    assert unit_problem(CalculationKind.SHARE_GREEN, Unit.PERCENTAGE) is None
    assert "percentage" in unit_problem(CalculationKind.SHARE_GREEN, Unit.COUNT)
    assert "count" in unit_problem(CalculationKind.RISKS, Unit.PERCENTAGE)
    assert unit_problem(CalculationKind.FORMULA, Unit.MONEY) is None


# --- ratings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "grade"), [("Green", 3), ("amber", 2), (" RED ", 1), ("2", 2), (3, 3), ("Blue", None)]
)
def test_a_rating_is_read_from_its_word_or_grade(text, grade):
    assert rating_grade(text) == (Decimal(grade) if grade else None)


def test_a_rating_is_shown_as_its_word_and_only_grades_are_values():
    assert format_value(Decimal(2), Unit.RATING) == "Amber"
    assert value_problem(Decimal(4), Unit.RATING) == "Enter Red, Amber or Green (or 1, 2 or 3)."
    assert value_problem(Decimal(3), Unit.RATING) is None


@pytest.mark.parametrize(("actual", "status"), [(3, Status.GREEN), (2, Status.AMBER), (1, Status.RED)])
def test_a_rating_one_grade_short_of_its_target_is_amber(actual, status):
    # seed 002: the GOL rating is Amber, aiming for Green
    assert rag_status(actual, 3, polarity="higher", grade_step=1) == status


def test_a_rating_with_a_monitoring_level_uses_it():
    assert rag_status(2, 3, polarity="higher", monitoring_level=3, grade_step=1) == Status.RED


def test_the_year_judges_a_rating_by_grade_not_by_the_tolerance():
    rules = IndicatorRules(polarity="higher", accumulation="snapshot", tolerance=Decimal("0.5"), grade_step=Decimal(1))
    from indicators.status import Observation

    rows = assess_year(
        [Observation(Decimal(2)), Observation(Decimal(1))],
        [Decimal(3)] * 4,
        rules=rules,
        annual_target=Decimal(3),
        annual_monitoring_level=None,
    )
    # with a 50% tolerance a 1 would be amber against 3; as a rating it is red
    assert [row.status for row in rows[:2]] == [Status.AMBER, Status.RED]
