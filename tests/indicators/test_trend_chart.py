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


# --- the board PDFs' chart (indicators.board_charts), on a dashboard row ---------------------

BOARD_ROW = {
    "code": "NI 112",
    "title": "Under-18 conception rate",
    "period": "Q2 2026/27",
    "actual": "58",
    "actual_display": "58.0 per 1,000",
    "target": "52",
    "target_display": "52.0",
    "status": "red",
    "direction": "worsening",
    "chart": [
        {"period": f"Q{i % 4 + 1} {2024 + i // 4}/{25 + i // 4}", "actual": str(50 + i), "target": "52", "level": "55"}
        | {"status": "green" if 50 + i <= 52 else "amber" if 50 + i <= 55 else "red"}
        for i in range(9)
    ],
}


def board_row(points, **extra):
    """A dashboard row whose chart points are the chart tests' edge cases."""
    chart = [
        {"period": p.label, "actual": p.actual, "target": p.target, "level": None, "status": p.status or "grey"}
        for p in points
    ]
    known = [p for p in points if p.actual is not None]
    latest = known[-1] if known else None
    return {
        "code": "X 1",
        "title": "An indicator",
        "period": latest.label if latest else "",
        "actual": latest.actual if latest else None,
        "actual_display": str(latest.actual) if latest else "–",
        "target": latest.target if latest else None,
        "target_display": str(latest.target) if latest else "–",
        "status": latest.status if latest else "grey",
        "direction": "unknown",
        "chart": chart,
    } | extra


@pytest.mark.parametrize("size", [(120, 14), (420, 120)], ids=["compact", "large"])
@pytest.mark.parametrize("points", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_the_board_chart_is_safe_svg_whose_first_child_is_its_alternative_text(points, size):
    from indicators.board_charts import alt_text, board_trend_svg

    row = board_row(points)
    svg = board_trend_svg(row, width=size[0], height=size[1])
    assert svg == board_trend_svg(row, width=size[0], height=size[1])  # deterministic
    for forbidden in ("<style", "<script", "foreignObject", "filter", "Gradient", " style="):
        assert forbidden not in str(svg)
    root = parse(svg)
    assert root.get("role") == "img" and root.get("viewBox") == f"0 0 {size[0]} {size[1]}"
    assert root[0].tag == f"{SVG}title" and root[0].text == alt_text(row)
    assert len(list(root.iter(f"{SVG}title"))) == 1


def test_the_alternative_text_says_the_latest_result_against_its_target_and_its_direction():
    from indicators.board_charts import alt_text

    assert alt_text(BOARD_ROW) == (
        "NI 112 Under-18 conception rate: 58.0 per 1,000 in Q2 2026/27 against a target of 52.0; "
        "red, below monitoring level; worsening"
    )
    assert alt_text(BOARD_ROW | {"target": None, "status": "grey", "direction": "unknown"}).endswith(
        "in Q2 2026/27 with no target set; direction of travel not known"
    )
    no_data = BOARD_ROW | {"actual": None, "period": "", "chart": [], "target_display": "52.0"}
    assert alt_text(no_data) == "NI 112 Under-18 conception rate: no results yet; target 52.0"


def test_no_results_is_said_in_the_chart_too():
    from indicators.board_charts import board_trend_svg

    root = parse(board_trend_svg(BOARD_ROW | {"actual": None, "chart": [], "trend": []}))
    assert texts(root) == ["No results yet"] and root[0].text.endswith("no results yet; target 52.0")


def test_status_is_a_shape_as_well_as_a_colour_and_the_latest_value_is_labelled():
    from indicators.board_charts import board_trend_svg

    root = parse(board_trend_svg(BOARD_ROW, width=420, height=120))
    assert [el.tag for el in with_class(root, "marker-green")] == [f"{SVG}circle"] * 3
    assert [el.tag for el in with_class(root, "marker-amber")] == [f"{SVG}polygon"] * 3
    assert [el.tag for el in with_class(root, "marker-red")] == [f"{SVG}rect"] * 3
    assert texts(root, "latest-label") == ["58.0 per 1,000"]
    assert texts(root, "x-label")[-1] == "Q1 2026/27" and texts(root, "tick-label")
    small = parse(board_trend_svg(BOARD_ROW, width=100, height=14))
    assert texts(small, "latest-label") == ["58.0"] and not texts(small, "x-label")  # the figure sits beside it


def test_the_monitoring_level_band_lies_between_target_and_level():
    from indicators.board_charts import board_trend_svg

    root = parse(board_trend_svg(BOARD_ROW, width=420, height=120))
    (band,) = with_class(root, "band")
    ys = sorted({float(xy.split(",")[1]) for xy in band.get("points").split()})
    target_y = {float(xy.split(",")[1]) for xy in with_class(root, "target")[0].get("points").split()}
    assert len(ys) == 2 and target_y <= set(ys)  # a flat target, the band from it to the level
    without_level = BOARD_ROW | {"chart": [p | {"level": None} for p in BOARD_ROW["chart"]]}
    assert not with_class(parse(board_trend_svg(without_level)), "band")


def test_a_target_held_level_is_drawn_from_its_first_period_to_its_last():
    from indicators.board_charts import board_trend_svg, level_runs_joined

    root = parse(board_trend_svg(BOARD_ROW, width=420, height=120))
    (target,) = with_class(root, "target")
    assert len(target.get("points").split()) == 2  # nine periods at 52: one straight line
    (band,) = with_class(root, "band")
    assert len(band.get("points").split()) == 4
    steps = [(0, 5), (1, 5), (2, 5), (3, 7), (4, 7), (5, 7), (6, 6)]
    assert level_runs_joined(steps) == [(0, 5), (2, 5), (3, 7), (5, 7), (6, 6)]  # every change kept
    assert level_runs_joined(steps[:2]) == steps[:2]


def test_the_chart_shows_at_most_twelve_periods():
    from indicators.board_charts import board_trend_svg

    points = quarters([10 + i for i in range(16)], [12] * 16, ["green"] * 16)
    root = parse(board_trend_svg(board_row(points), width=420, height=120))
    assert len(with_class(root, "marker-green")) == 12


def test_a_snapshot_from_before_the_charts_draws_its_trend_against_todays_target():
    from indicators.board_charts import board_trend_svg

    old = {k: v for k, v in BOARD_ROW.items() if k != "chart"} | {"trend": [50.0, None, 56.0, 58.0]}
    root = parse(board_trend_svg(old))
    assert with_class(root, "actual") and with_class(root, "target") and with_class(root, "marker-red")
    assert root[0].text.startswith("NI 112 Under-18 conception rate: 58.0 per 1,000 in Q2 2026/27")


@pytest.mark.parametrize(
    ("polarity", "level", "tolerance", "grade_step"),
    [
        ("higher", 55, 0, None),
        ("lower", 55, 0, None),
        ("higher", None, "0.1", None),
        ("lower", None, "0.1", None),
        ("higher", None, 0, 1),  # ratings are higher-is-better
    ],
)
def test_the_band_ends_where_the_status_engine_turns_red(polarity, level, tolerance, grade_step):
    from decimal import Decimal

    from indicators.board_charts import amber_floor
    from indicators.status import IndicatorRules, rag_status

    target = Decimal(52) if polarity == "lower" or level is None else Decimal(58)
    rules = IndicatorRules(polarity, "snapshot", tolerance=Decimal(tolerance), grade_step=grade_step)
    floor = amber_floor(target, level, rules)
    beyond = floor + Decimal("0.01") if polarity == "lower" else floor - Decimal("0.01")
    kwargs = {"polarity": polarity, "monitoring_level": level, "tolerance": rules.tolerance, "grade_step": grade_step}
    assert rag_status(floor, target, **kwargs) in ("amber", "green")
    assert rag_status(beyond, target, **kwargs) == "red"
    assert amber_floor(None, level, rules) is None


def test_the_spend_bar_says_its_figures_and_shows_an_overspend():
    from indicators.board_charts import spend_bar_svg

    root = parse(spend_bar_svg({"name": "Wardens", "spend_to_date": "12000", "profile_to_date": "10000"}))
    assert root[0].text == "Wardens: spend to date £12,000 against a profile to date of £10,000"
    assert with_class(root, "spend")[0].get("fill") == STATUS_COLOURS["red"]
    on_track = parse(
        spend_bar_svg({"name": "W", "spend_to_date": 9000, "profile_to_date": 10000, "annual_budget": 40000})
    )
    assert on_track[0].text.endswith("(annual budget £40,000)")
    assert with_class(on_track, "spend")[0].get("fill") != STATUS_COLOURS["red"]
    assert parse(spend_bar_svg({"name": "W", "spend_to_date": None}))[0].text == "W: no spend or profile to date"


@pytest.mark.parametrize(
    ("status", "shape", "word"),
    [("green", "●", "Green"), ("amber", "▲", "Amber"), ("red", "■", "Red"), ("grey", "○", "Grey")],
)
def test_the_status_partial_is_a_shape_and_a_word(status, shape, word):
    from django.template.loader import render_to_string

    html = render_to_string("reporting/pdf/_status.html", {"status": status, "meaning": True})
    assert f'pdf-status-{status}"><span class="pdf-status-shape">{shape}</span> {word}</span>' in html
    assert "<svg" not in html  # no untitled figure in the tagged PDF
    assert render_to_string("reporting/pdf/_status.html", {"status": "<b>"}).count("Grey") == 1
