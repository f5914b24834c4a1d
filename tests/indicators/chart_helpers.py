"""Shared by the chart tests: parsing the SVG, finding elements by class, and the typical and edge
case series of quarters."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from indicators.charts import TrendPoint

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>&\"'"


def parse(svg):
    return ET.fromstring(str(svg))


def with_class(root, name):
    """Elements whose class attribute contains the token `name`."""
    return [el for el in root.iter() if name in el.get("class", "").split()]


def texts(root, cls=None):
    els = with_class(root, cls) if cls else root.iter(f"{SVG}text")
    return [el.text for el in els]


def quarters(actuals, targets=None, statuses=None):
    targets = targets if targets is not None else [None] * len(actuals)
    statuses = statuses if statuses is not None else [None] * len(actuals)
    return [
        TrendPoint(f"Q{i % 4 + 1} {2026 + i // 4}/{27 + i // 4}", a, t, s)
        for i, (a, t, s) in enumerate(zip(actuals, targets, statuses, strict=False))
    ]


TYPICAL = [
    TrendPoint("Q1 2026/27", Decimal("40"), Decimal("45"), "red"),
    TrendPoint("Q2 2026/27", Decimal("42.5"), Decimal("45"), "amber"),
]

EDGE_CASES = {
    "typical": TYPICAL,
    "single point": [TrendPoint("Q1 2026/27", 42, 45, "green")],
    "single point no target": [TrendPoint("Q1 2026/27", 42, None, "green")],
    "targets only": quarters([None, None, None], [10, 12, 14]),
    "all equal": quarters([5, 5, 5], [5, 5, 5], ["green"] * 3),
    "all zero": quarters([0, 0], [0, 0]),
    "negative": quarters([-12.5, -3, 4], [-5, -5, -5], ["red", "amber", "green"]),
    "very large": quarters([1_234_567_890_123, 9_876_543_210_987], [5e12, 5e12]),
    "tiny range on huge values": quarters([Decimal("1e20"), Decimal("1e20") + 1]),
    "decimal": quarters([Decimal("0.125"), Decimal("0.25")], [Decimal("0.2"), Decimal("0.2")]),
    "sixteen points": quarters([i * 7 % 23 if i % 5 else None for i in range(16)], [10 + i for i in range(16)]),
    "nan and inf as missing": quarters([float("nan"), 3, float("inf")], [Decimal("NaN"), 4, 5]),
    "hostile": [TrendPoint(HOSTILE, 1, 2, HOSTILE), TrendPoint("ok", 2, 2, "green")],
    "no data": quarters([None, None], [None, None]),
    "empty": [],
}
