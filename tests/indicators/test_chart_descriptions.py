"""The trend chart's description in words: the latest actual, target and status."""

from decimal import Decimal

from indicators.charts import TrendPoint, trend_chart_svg

from .chart_helpers import SVG, parse, quarters

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
