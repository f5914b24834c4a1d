from django import template

from indicators.charts import sparkline_svg
from indicators.money import variance_percent
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


@register.filter
def spend_streams(data: dict) -> list[dict]:
    """An HSP/PMG report's spend rows: the ABG total, then each other funding stream. A report
    assembled before funding streams kept only the ABG total of the theme dashboards' commissions."""
    abg, other = data.get("abg_spend"), data.get("other_spend")
    if not abg:
        return list(other or [])
    if "label" not in abg:
        variance = variance_percent(abg.get("spend_to_date"), abg.get("profile_to_date"))
        abg = {"label": "Area Based Grant", **abg, "variance": None if variance is None else float(variance)}
    return [abg, *(other or [])]


@register.filter
def signed_pounds(value):
    """A difference in pounds with its sign in front: "+£400", "−£3,000", "£0"."""
    if value is None or value == "":
        return "–"
    amount = f"£{abs(value):,.0f}"
    return amount if round(value) == 0 else ("+" if value > 0 else "−") + amount
