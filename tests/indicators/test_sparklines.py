"""Sparklines: valid SVG for any series, with gaps, the latest marker and a target line."""

import math
from decimal import Decimal

import pytest
from django.utils.safestring import SafeString

from indicators.charts import sparkline_svg

from .chart_helpers import parse, with_class

# --- sparkline ---------------------------------------------------------------------------


def test_sparkline_basic():
    svg = sparkline_svg([1, 2, 3], label="Trend for adults in work")
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "Trend for adults in work"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("96", "24", "0 0 96 24")
    [line] = with_class(root, "actual")
    assert len(line.get("points").split()) == 3
    [latest] = with_class(root, "latest")
    assert line.get("points").split()[-1] == f"{latest.get('cx')},{latest.get('cy')}"
    assert with_class(root, "target") == []


def test_sparkline_gaps_and_latest_marker():
    root = parse(sparkline_svg([1, None, 2, 3, None, 4, 5, None], label="x"))
    assert [len(line.get("points").split()) for line in with_class(root, "actual")] == [2, 2]
    assert len(with_class(root, "dot")) == 1  # the lone first value isn't lost
    [latest] = with_class(root, "latest")
    assert latest.get("cx") == with_class(root, "actual")[-1].get("points").split()[-1].split(",")[0]


def test_sparkline_target_line():
    root = parse(sparkline_svg([1, 2, 3], label="x", target=Decimal("2.5")))
    [target] = with_class(root, "target")
    assert target.get("stroke-dasharray")
    (x1, y1), (x2, y2) = (p.split(",") for p in target.get("points").split())
    assert y1 == y2 and float(x1) < float(x2)


@pytest.mark.parametrize("values", [[], [None, None], [float("nan")]])
def test_sparkline_empty_is_still_valid(values):
    root = parse(sparkline_svg(values, label="No results"))
    assert root.get("aria-label") == "No results"
    assert with_class(root, "actual") == [] and with_class(root, "latest") == []


@pytest.mark.parametrize("values", [[7], [7, 7, 7], [Decimal("-3"), 0, Decimal("1e12")]])
def test_sparkline_edge_values(values):
    root = parse(sparkline_svg(values, label="x", target=7))
    for el in root.iter():
        for attr in ("cx", "cy"):
            if el.get(attr):
                assert math.isfinite(float(el.get(attr)))
    assert len(with_class(root, "latest")) == 1


def test_sparkline_only_target():
    root = parse(sparkline_svg([None], label="x", target=3))
    assert len(with_class(root, "target")) == 1 and with_class(root, "latest") == []
