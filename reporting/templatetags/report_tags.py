from django import template

from indicators.charts import sparkline_svg
from indicators.status import STATUS_MEANING, Direction, Forecast, Status

register = template.Library()

ARROWS = {Direction.IMPROVING: "↑", Direction.WORSENING: "↓", Direction.UNCHANGED: "→", Direction.UNKNOWN: "–"}


@register.simple_tag
def row_sparkline(row, width=64, height=16):
    """The trend of a dashboard row (plain data, as stored in snapshots)."""
    target = float(row["target"]) if row.get("target") not in (None, "") else None
    return sparkline_svg(
        row["trend"], label=f"Recent results for {row['code']}", target=target, width=width, height=height
    )


@register.filter
def status_label(value):
    return Status(value).label


@register.filter
def status_meaning(value):
    return STATUS_MEANING[Status(value)]


@register.filter
def direction_arrow(value):
    return ARROWS.get(value, "–")


@register.filter
def direction_label(value):
    return Direction(value).label


@register.filter
def forecast_label(value):
    return Forecast(value).label.replace("Achievement ", "")
