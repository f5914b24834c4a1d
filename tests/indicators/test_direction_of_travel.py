"""Direction of travel: improving, worsening or unchanged against a previous value, whichever way
the indicator's polarity points."""

from decimal import Decimal as D

import pytest
from hypothesis import given

from indicators.status import Direction, direction_of_travel

from .status_helpers import AMOUNTS, HIGHER, LOWER, PROPERTY

# --- direction of travel ------------------------------------------------------------------------


@given(current=AMOUNTS, previous=AMOUNTS)
@PROPERTY
def test_direction_of_travel_is_symmetric_under_polarity_flip(current, previous):
    assert direction_of_travel(current, previous, HIGHER) == direction_of_travel(-current, -previous, LOWER)


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        (D("10"), D("8"), HIGHER, Direction.IMPROVING),
        (D("8"), D("10"), HIGHER, Direction.WORSENING),
        (D("8"), D("10"), LOWER, Direction.IMPROVING),
        (D("10"), D("8"), LOWER, Direction.WORSENING),
        (D("10"), D("10.00"), HIGHER, Direction.UNCHANGED),
        (D("10"), D("10"), LOWER, Direction.UNCHANGED),
        (None, D("10"), HIGHER, Direction.UNKNOWN),
        (D("10"), None, LOWER, Direction.UNKNOWN),
    ],
)
def test_direction_of_travel(current, previous, polarity, expected):
    assert direction_of_travel(current, previous, polarity) == expected
