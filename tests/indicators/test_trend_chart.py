"""The trend chart's SVG: well formed, accessible and WeasyPrint-safe, status shown by marker shape
and words as well as colour, gaps in the lines, no data, hostile text escaped, deterministic."""

import re

import pytest
from django.utils.safestring import SafeString

from indicators.charts import STATUS_COLOURS, TrendPoint, sparkline_svg, trend_chart_svg

from .chart_helpers import EDGE_CASES, HOSTILE, SVG, TYPICAL, parse, quarters, texts, with_class

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
