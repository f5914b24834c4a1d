"""Shared by the status engine's tests: polarity and accumulation shorthands, hypothesis settings
and strategies, and observations built from strings."""

from decimal import Decimal as D

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from indicators.status import STATUS_ORDER, Accumulation, IndicatorRules, Observation, Polarity

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
CUMULATIVE = Accumulation.CUMULATIVE
SNAPSHOT = Accumulation.SNAPSHOT

# The autouse `fast_passwords` fixture in tests/conftest.py only swaps a setting; it does not need
# resetting between generated examples.
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Secondary properties run fewer examples, to keep the file fast on a slow machine.
QUICK_PROPERTY = settings(PROPERTY, max_examples=100)


def decimals(low, high, places=2):
    return st.decimals(min_value=low, max_value=high, allow_nan=False, allow_infinity=False, places=places)


AMOUNTS = decimals(-(10**6), 10**6)
NON_NEGATIVE = decimals(0, 10**6)
TOLERANCES = decimals(0, 1, places=3)
POLARITIES = st.sampled_from([HIGHER, LOWER])
SMALLEST_STEP = D("0.01")


def count(value):
    return Observation(value=D(value))


def fraction(numerator, denominator):
    return Observation(numerator=D(numerator), denominator=D(denominator))


def order(status):
    return STATUS_ORDER[status]


COUNT_RULES = IndicatorRules(polarity=HIGHER, accumulation=CUMULATIVE)
