"""The trend chart's axes: nice ticks covering actuals and targets, compact labels, and x labels
thinned without overlapping."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.charts import _nice_ticks, trend_chart_svg

from .chart_helpers import SVG, parse, quarters, texts, with_class

# --- axis ticks and labels ----------------------------------------------------------------


def tick_labels(points, unit=""):
    return texts(parse(trend_chart_svg(points, title="t", unit=unit)), "tick-label")


def test_ticks_for_0_to_97():
    assert _nice_ticks(Decimal(0), Decimal(97)) == [0, 20, 40, 60, 80, 100]
    assert tick_labels(quarters([0, 50, 97]), unit="%") == ["0%", "20%", "40%", "60%", "80%", "100%"]


def test_ticks_for_a_narrow_range_use_a_small_step():
    assert tick_labels(quarters([41, 42, 43])) == ["41", "41.5", "42", "42.5", "43"]


def test_ticks_cover_actuals_and_targets():
    labels = tick_labels(quarters([10, 12], [30, 30]))
    assert float(labels[0]) <= 10 and float(labels[-1]) >= 30


@pytest.mark.parametrize("value", [0, 5, -5, Decimal("42.5"), 1_000_000, Decimal("0.001")])
def test_constant_values_are_padded_not_divided_by_zero(value):
    ticks = _nice_ticks(Decimal(value), Decimal(value))
    assert 4 <= len(ticks) <= 6
    assert ticks[0] < value < ticks[-1] or (value == 0 and ticks[0] == 0)
    if value >= 0:
        assert ticks[0] >= 0  # no invented negative axis for non-negative data
    root = parse(trend_chart_svg(quarters([value] * 3, [value] * 3), title="t"))
    [line] = with_class(root, "actual")
    assert len({pair.split(",")[1] for pair in line.get("points").split()}) == 1  # a flat line


def test_negative_values_get_a_zero_line_and_negative_labels():
    labels = tick_labels(quarters([-12.5, -3, 4]))
    assert labels[0].startswith("-") and "0" in labels
    root = parse(trend_chart_svg(quarters([-12.5, -3, 4]), title="t"))
    assert any(line.get("stroke") == "#b1b4b6" for line in with_class(root, "grid"))


def test_tick_labels_are_compact():
    # thousands separators from 10,000; no trailing ".0"; "%" only for percentages
    assert tick_labels(quarters([0, 97_000])) == ["0", "20,000", "40,000", "60,000", "80,000", "100,000"]
    assert tick_labels(quarters([0, 4000])) == ["0", "1000", "2000", "3000", "4000"]
    assert tick_labels(quarters([0.0, 1.0])) == ["0", "0.2", "0.4", "0.6", "0.8", "1"]
    assert tick_labels(quarters([0, 9]), unit="visits") == ["0", "2", "4", "6", "8", "10"]
    assert tick_labels(quarters([0, 12])) == ["0", "2.5", "5", "7.5", "10", "12.5"]
    labels = tick_labels(quarters([1_234_567_890_123, 9_876_543_210_987]))
    assert labels[-1] == "10,000,000,000,000"


@given(
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False, places=4),
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False, places=4),
)
def test_nice_ticks_property(a, b):
    lo, hi = min(a, b), max(a, b)
    ticks = _nice_ticks(lo, hi)
    assert 4 <= len(ticks) <= 6
    assert ticks[0] <= lo and ticks[-1] >= hi
    steps = {ticks[i + 1] - ticks[i] for i in range(len(ticks) - 1)}
    assert len(steps) == 1
    (step,) = steps
    mantissa = step.scaleb(-step.adjusted()).normalize()
    assert mantissa in {1, 2, Decimal("2.5"), 5}


def test_decimal_inputs():
    svg = trend_chart_svg(quarters([Decimal("41.25"), Decimal("42.50")], [Decimal("45.00")] * 2), title="t", unit="%")
    root = parse(svg)
    assert len(with_class(root, "marker")) == 2
    assert "Latest: 42.5% in Q2 2026/27 against a target of 45%" in root.find(f"{SVG}desc").text


def test_x_labels_thinned_for_many_points_but_first_and_last_kept():
    points = quarters(list(range(16)))
    labels = texts(parse(trend_chart_svg(points, title="t")), "x-label")
    assert labels[0] == points[0].label and labels[-1] == points[-1].label
    assert 2 <= len(labels) < 16
    assert len(labels) == len(set(labels))


def test_x_labels_all_shown_when_they_fit():
    points = quarters([1, 2, 3, 4])
    assert texts(parse(trend_chart_svg(points, title="t")), "x-label") == [p.label for p in points]


def test_x_labels_do_not_overlap():
    root = parse(trend_chart_svg(quarters(list(range(16))), title="t", width=400))
    xs = [float(el.get("x")) for el in with_class(root, "x-label")]
    label_width = len("Q1 2026/27") * 11 * 0.6
    assert all(b - a >= label_width for a, b in zip(xs, xs[1:], strict=False))
