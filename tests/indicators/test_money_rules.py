"""The money rules (pure): variance against the budget profile and its words, spend and profile to
date, what counts as off profile, money as people type it, and the reporting year."""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.money import (
    describe_variance,
    is_off_profile,
    money_problem,
    money_problems,
    parse_money,
    profile_to_date,
    reporting_position,
    spend_to_date,
    variance_percent,
)
from indicators.services.money import VARIANCE_EXPLANATION_THRESHOLD

from .money_helpers import quarters

# --- the maths (pure) ----------------------------------------------------------------------------


def test_variance_is_actual_minus_profile_as_a_percentage_of_the_profile():
    assert variance_percent(Decimal("11000"), Decimal("10000")) == 10
    assert variance_percent(Decimal("9000"), Decimal("10000")) == -10
    assert variance_percent(Decimal("0"), Decimal("2500")) == -100
    assert variance_percent(Decimal("1234.50"), Decimal("1000")) == Decimal("23.45")
    assert variance_percent(None, Decimal("100")) == -100  # nothing spent yet


def test_variance_is_none_when_nothing_is_profiled():
    assert variance_percent(Decimal("500"), Decimal("0")) is None
    assert variance_percent(Decimal("0"), Decimal("0")) is None
    assert variance_percent(Decimal("500"), None) is None
    assert describe_variance(None) == "No profile to compare with"


def test_variance_in_words_says_over_or_under_so_the_sign_is_not_the_only_signal():
    assert describe_variance(Decimal("12.345")) == "12.3% over profile"
    assert describe_variance(Decimal("-8")) == "8.0% under profile"
    assert describe_variance(Decimal("0.04")) == "On profile"


def test_to_date_sums_the_quarters_of_the_year_up_to_and_including_the_quarter():
    q1, q2, q3, q4 = quarters(2026)
    last_year_q4 = quarters(2025)[-1]
    profile = {
        q1: Decimal("100"),
        q2: Decimal("200"),
        q3: Decimal("300"),
        q4: Decimal("400"),
        last_year_q4: Decimal("999"),
    }
    assert profile_to_date(profile, q1) == 100
    assert profile_to_date(profile, q2) == 300
    assert profile_to_date(profile, q4) == 1000  # never last year's
    assert profile_to_date(profile, None) == 0
    assert spend_to_date({q1: Decimal("90"), q2: None, q3: Decimal("5")}, q2) == 90  # a blank figure counts as nothing


def test_off_profile_is_more_than_the_threshold_either_way_or_spend_with_no_profile():
    threshold = VARIANCE_EXPLANATION_THRESHOLD
    assert threshold == 10
    assert not is_off_profile(Decimal("11000"), Decimal("10000"), threshold)  # exactly 10%: fine
    assert is_off_profile(Decimal("11000.01"), Decimal("10000"), threshold)
    assert is_off_profile(Decimal("8999.99"), Decimal("10000"), threshold)
    assert is_off_profile(Decimal("1"), Decimal("0"), threshold)  # spend against nothing profiled
    assert not is_off_profile(Decimal("0"), None, threshold)
    assert not is_off_profile(None, Decimal("10000"), threshold)


@pytest.mark.parametrize(
    "raw, message",
    [
        ("-1", "Enter an amount of £0 or more."),
        (Decimal("-0.01"), "Enter an amount of £0 or more."),
        ("12.345", "Enter pounds and pence only: no more than 2 decimal places."),
        (Decimal("0.001"), "Enter pounds and pence only: no more than 2 decimal places."),
        ("abc", "Enter an amount in pounds, like 1250.50."),
        ("12..5", "Enter an amount in pounds, like 1250.50."),
        ("NaN", "Enter an amount in pounds, like 1250.50."),
        ("Infinity", "Enter an amount in pounds, like 1250.50."),
        ("1000000000000", "Enter an amount smaller than £1,000,000,000,000."),
    ],
)
def test_money_validation_explains_each_problem(raw, message):
    assert money_problem(raw) == message


@pytest.mark.parametrize(
    "raw, amount",
    [
        ("£1,250.50", Decimal("1250.50")),
        ("1250.5", Decimal("1250.5")),
        (" 0 ", Decimal("0")),
        ("12.500", Decimal("12.500")),
        (Decimal("99.99"), Decimal("99.99")),
        (10, Decimal("10")),
        ("", None),
        (None, None),
    ],
)
def test_money_as_people_type_it_is_accepted(raw, amount):
    assert money_problem(raw) is None
    assert parse_money(raw) == amount


def test_money_problems_maps_each_field_to_its_message():
    problems = money_problems(
        {"actual_spend": "-5", "match_cash": "1.234", "match_in_kind": "lots", "match_leverage": "10"}
    )
    assert set(problems) == {"actual_spend", "match_cash", "match_in_kind"}
    assert money_problems({"actual_spend": Decimal("10.00"), "match_cash": None}) == {}


def test_the_reporting_year_is_the_year_of_the_latest_finished_quarter():
    # In May 2026, Q4 2025/26 has just finished and is still being returned.
    assert reporting_position(dt.date(2026, 5, 10)) == (2025, quarters(2025)[3])
    assert reporting_position(dt.date(2026, 11, 23)) == (2026, quarters(2026)[1])
    assert reporting_position(dt.date(2026, 11, 23), 2025) == (2025, quarters(2025)[3])
    assert reporting_position(dt.date(2026, 11, 23), 2027) == (2027, None)
