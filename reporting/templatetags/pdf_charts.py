"""Charts and status for the board PDFs, on plain dashboard rows (as stored in snapshots).

{% load pdf_charts %}
{% board_chart row width=300 height=90 %}
{% spend_chart commission width=70 height=9 %}
{% include "reporting/pdf/_status.html" with status=row.status %}
"""

from django import template

from indicators.board_charts import board_trend_svg, spend_bar_svg

register = template.Library()


@register.simple_tag
def board_chart(row, width=120, height=22, length=12):
    """An indicator's trend chart: up to `length` periods, the target, the monitoring-level band,
    status markers and the latest value labelled. Sizes are SVG user units (CSS px); from a
    height of 60 it also draws the scale and the first and last period.

    Row keys read (a dashboard row, reporting.services.dashboards.theme_dashboard):
    - `code`, `title`: named in the alternative text;
    - `period`, `actual`, `actual_display`, `target`, `target_display`, `status`, `direction`:
      the latest result, written into the alternative text and beside the latest point;
    - `chart`: the points, oldest first, each {"period", "actual", "target", "level", "status"}
      (numbers or None; `level` is the monitoring level, the amber floor);
    - `trend`: read instead of `chart` when a row (an older snapshot) has none: recent values
      drawn against today's `target`, without the band.
    The alternative text is the svg's first <title> child (WeasyPrint's Figure /Alt)."""
    return board_trend_svg(row, width=float(width), height=float(height), length=int(length))


@register.simple_tag
def spend_chart(commission, width=70, height=9):
    """Spend to date against profile to date, on a scale of the annual budget. Keys read: `name`,
    `spend_to_date`, `profile_to_date`, `annual_budget` (numbers, as in a dashboard's commissions)."""
    return spend_bar_svg(commission, width=float(width), height=float(height))
