"""Tests for the server-side SVG charts (plain functions: no database)."""

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from indicators.charts import STATUS_COLOURS, TrendPoint, _nice_ticks, sparkline_svg, trend_chart_svg

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


# --- well-formedness and structure --------------------------------------------------------


@pytest.mark.parametrize("points", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_trend_chart_is_well_formed_accessible_svg(points):
    svg = trend_chart_svg(points, title="Adults in work", unit="%")
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    width, height = int(root.get("width")), int(root.get("height"))
    assert root.get("viewBox") == f"0 0 {width} {height}"
    # aria-labelledby must point at the <title> and <desc> ids that really exist
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    title_id, desc_id = root.get("aria-labelledby").split()
    assert ids[title_id].tag == f"{SVG}title" and ids[title_id].text == "Adults in work"
    assert ids[desc_id].tag == f"{SVG}desc" and ids[desc_id].text


@pytest.mark.parametrize("points", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_trend_chart_uses_only_weasyprint_safe_markup(points):
    svg = str(trend_chart_svg(points, title="t"))
    for forbidden in ("<style", "<script", "foreignObject", "var(", "javascript:", " style="):
        assert forbidden not in svg
    root = parse(svg)
    for text in root.iter(f"{SVG}text"):
        assert text.get("font-family") == "DejaVu Sans, Arial, sans-serif"


@pytest.mark.parametrize("points", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_coordinates_are_rounded_and_inside_the_viewbox(points):
    svg = trend_chart_svg(points, title="t")
    root = parse(svg)
    width, height = int(root.get("width")), int(root.get("height"))
    for el in root.iter():
        for attr in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "points"):
            value = el.get(attr)
            if value is None:
                continue
            for number in re.findall(r"-?[\d.]+", value):
                assert re.fullmatch(r"-?\d+(\.\d)?", number), f"{attr}={value!r} not rounded to 1dp"
    # plotted data stays inside the drawing (legend shapes are translated, so check data only)
    for el in with_class(root, "marker"):
        x = float(el.get("cx", el.get("x", "0")))
        assert 0 <= x <= width
    for line in with_class(root, "actual") + with_class(root, "target"):
        for pair in line.get("points").split():
            x, y = map(float, pair.split(","))
            assert 0 <= x <= width and 0 <= y <= height


def test_one_marker_per_non_missing_actual():
    points = quarters([1, None, 3, float("nan"), 5, None], [2] * 6, ["green", None, "amber", "red", "grey", None])
    root = parse(trend_chart_svg(points, title="t"))
    assert len(with_class(root, "marker")) == 3


@pytest.mark.parametrize(
    "status, tag, fill",
    [
        ("green", "circle", STATUS_COLOURS["green"]),
        ("amber", "polygon", STATUS_COLOURS["amber"]),
        ("red", "rect", STATUS_COLOURS["red"]),
        ("GREEN", "circle", STATUS_COLOURS["green"]),  # case doesn't matter
        ("grey", "circle", "#ffffff"),  # hollow
        (None, "circle", "#ffffff"),
        ("purple", "circle", "#ffffff"),  # unknown status: treated as none, never crashes
    ],
)
def test_marker_shape_and_fill_show_status(status, tag, fill):
    root = parse(trend_chart_svg([TrendPoint("Q1", 10, 12, status)], title="t"))
    [marker] = with_class(root, "marker")
    assert marker.tag == f"{SVG}{tag}"
    assert marker.get("fill") == fill


def test_status_colours_are_the_govuk_palette():
    assert STATUS_COLOURS == {"green": "#00703c", "amber": "#f47738", "red": "#d4351c", "grey": "#b1b4b6"}


def test_gaps_split_the_actual_line():
    # runs: [1] (a lone point: marker only), [2, 3], [4, 5]
    points = quarters([1, None, 2, 3, None, None, 4, 5])
    root = parse(trend_chart_svg(points, title="t"))
    lines = with_class(root, "actual")
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert all(line.get("stroke") == "#0b0c0c" and not line.get("stroke-dasharray") for line in lines)
    assert len(with_class(root, "marker")) == 5


def test_unbroken_actuals_make_one_line():
    root = parse(trend_chart_svg(quarters([1, 2, 3, 4]), title="t"))
    [line] = with_class(root, "actual")
    assert len(line.get("points").split()) == 4


def test_dashed_target_line_when_targets_exist():
    root = parse(trend_chart_svg(quarters([1, 2, 3], [2, 2, 2]), title="t"))
    [line] = with_class(root, "target")
    assert line.get("stroke-dasharray") and line.get("stroke") == "#505a5f"
    assert len(line.get("points").split()) == 3
    assert "Target" in texts(root)


def test_no_target_line_or_legend_entry_without_targets():
    svg = str(trend_chart_svg(quarters([1, 2, 3]), title="t"))
    assert "stroke-dasharray" not in svg
    root = parse(svg)
    assert with_class(root, "target") == []
    assert "Target" not in texts(root)


def test_target_gaps_split_the_line_and_a_lone_target_is_still_drawn():
    root = parse(trend_chart_svg(quarters([1, 2, 3, 4], [5, 5, None, 6]), title="t"))
    lines = with_class(root, "target")
    assert len(lines) == 2
    lone = lines[1].get("points").split()
    assert len(lone) == 2 and lone[0].split(",")[1] == lone[1].split(",")[1]  # short horizontal dash


def test_legend_lists_series_and_every_status_in_words():
    root = parse(trend_chart_svg(TYPICAL, title="t"))
    words = texts(root)
    for word in (
        "Actual",
        "Target",
        "On target",
        "Below target, within monitoring level",
        "Below monitoring level",
        "No data",
    ):
        assert word in words
    shapes = {el.get("class").split()[1]: el.tag for el in with_class(root, "legend") if el.get("class") != "legend"}
    assert shapes == {
        "marker-green": f"{SVG}circle",
        "marker-amber": f"{SVG}polygon",
        "marker-red": f"{SVG}rect",
        "marker-none": f"{SVG}circle",
    }


# --- no data, escaping, determinism -------------------------------------------------------


@pytest.mark.parametrize("points", [[], quarters([None, None], [None, None])])
def test_no_data_yet(points):
    root = parse(trend_chart_svg(points, title="Empty"))
    assert texts(root) == ["No data yet"]
    assert int(root.get("height")) < 100
    assert with_class(root, "marker") == [] and with_class(root, "actual") == []


def test_hostile_text_is_escaped_everywhere():
    points = [TrendPoint(HOSTILE, 1, 2, "amber"), TrendPoint(HOSTILE + "2", 3, 4, HOSTILE)]
    svg = str(trend_chart_svg(points, title=HOSTILE, unit=HOSTILE))
    assert "<script>" not in svg
    root = parse(svg)  # would fail if anything leaked unescaped
    assert root.find(f"{SVG}title").text == HOSTILE
    assert HOSTILE in root.find(f"{SVG}desc").text
    assert HOSTILE in texts(root, "x-label")

    spark = str(sparkline_svg([1, 2], label=HOSTILE))
    assert "<script>" not in spark
    assert parse(spark).get("aria-label") == HOSTILE


def test_output_is_deterministic():
    points = EDGE_CASES["sixteen points"]
    assert trend_chart_svg(points, title="t", unit="%") == trend_chart_svg(list(points), title="t", unit="%")
    assert sparkline_svg([1, None, 2], label="x", target=1) == sparkline_svg([1, None, 2], label="x", target=1)


def test_ids_differ_between_different_charts():
    def ids(svg):
        return {el.get("id") for el in parse(svg).iter() if el.get("id")}

    a = ids(trend_chart_svg(TYPICAL, title="A"))
    b = ids(trend_chart_svg(TYPICAL, title="B"))
    c = ids(trend_chart_svg(TYPICAL[:1], title="A"))
    assert len(a) == 2 and not a & b and not a & c


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


# --- description -------------------------------------------------------------------------


def desc(points, unit=""):
    return parse(trend_chart_svg(points, title="t", unit=unit)).find(f"{SVG}desc").text


def test_desc_summarises_latest_actual_target_and_status():
    points = [
        TrendPoint("Q1 2026/27", Decimal("40"), Decimal("45"), "red"),
        TrendPoint("Q2 2026/27", Decimal("42.5"), Decimal("45"), "amber"),
        TrendPoint("Q3 2026/27", None, Decimal("46"), None),
    ]
    text = desc(points, unit="%")
    assert text.startswith("Latest: 42.5% in Q2 2026/27 against a target of 45%; status amber.")
    assert "2 of 3 periods from Q1 2026/27 to Q3 2026/27" in text


def test_desc_without_target_status_or_actuals():
    assert "with no target set; no status recorded." in desc([TrendPoint("Q1", 7, None)], unit="days")
    assert desc([TrendPoint("Q1", 7, None)], unit="days").startswith("Latest: 7 days in Q1")
    assert desc(quarters([None, None], [1, 2])).startswith("No results yet; targets shown for 2 periods")


def test_desc_rounds_float_noise():
    assert desc([TrendPoint("Q1", 0.1 + 0.2, 1 / 3, "green")]).startswith(
        "Latest: 0.3 in Q1 against a target of 0.33; status green."
    )


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


# --- WeasyPrint --------------------------------------------------------------------------


def test_weasyprint_renders_the_charts_to_pdf():
    from weasyprint import HTML

    html = (
        "<!doctype html><html><body><h1>Board pack</h1>"
        f"{trend_chart_svg(EDGE_CASES['sixteen points'], title='Sixteen', unit='%')}"
        f"{trend_chart_svg(EDGE_CASES['negative'], title='Negative')}"
        f"{trend_chart_svg([], title='Empty')}"
        f"<p>{sparkline_svg([1, None, 2, 3], label='Spark', target=2)}</p>"
        "</body></html>"
    )
    pdf = HTML(string=html).write_pdf()
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
