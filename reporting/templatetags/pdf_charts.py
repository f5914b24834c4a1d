"""Charts and status for the board PDFs, on plain dashboard rows (as stored in snapshots).

{% load pdf_charts %}
{% board_chart row width=300 height=90 %}
{% spend_chart commission width=70 height=9 %}
{% include "reporting/pdf/_status.html" with status=row.status %}
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django import template

from indicators.board_charts import board_trend_svg, spend_bar_svg
from indicators.status import Direction

register = template.Library()
DIRECTION_LABELS = {str(d): d.label for d in Direction}


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
def spend_chart(commission, width=70, height=9, name=None):
    """Spend to date against profile to date, on a scale of the annual budget (where known). Keys
    read: `name` (or the `name` given), `spend_to_date`, `profile_to_date`, `annual_budget`
    (numbers or numeric strings, as in a dashboard's commissions)."""
    if name is not None:
        commission = {**commission, "name": name}
    return spend_bar_svg(commission, width=float(width), height=float(height))


# --- the one-page dashboard's layout -------------------------------------------------------------
# WeasyPrint gives a template no feedback, so row heights are estimated: text is measured with
# DejaVu Sans's own advance widths (the PDFs' font) and wrapped word by word as the cells wrap it.
# The estimate only chooses sizes: a performance table that still runs long continues on the next
# page, losing nothing.

PT_MM, PX_MM = 0.3528, 25.4 / 96
CONTENT_MM = (279, 191)  # A4 landscape inside base.html's margins
HEADINGS_MM = 16.5  # the heading, caption and section heading (fixed sizes, in base.html and dashboard.html)
SLACK_MM = 2.5  # a table that overflows beside the float moves whole to the next page: keep clear
KEY = (
    "Status: ● Green on target; ▲ Amber below target, within monitoring level; ■ Red below monitoring level; "
    "○ Grey no data. Direction of travel since the last period. Forecast: achievement of the year-end target. "
    "Trend: up to 12 periods of results (solid line, status markers, latest labelled) against the target "
    "(dashed) and the monitoring-level band (shaded)."
)
MONEY_MM = 80  # the expenditure column's width; the performance table has the rest less a gap
CELL_PAD_MM = 1.6  # a cell's left and right padding
LINE_HEIGHT = 1.2  # dashboard.html's line-height
WHY_GAP_MM = 0.6  # the space above a row's reason and action
# Each density: font (pt) and the columns' widths (mm); the title column takes the rest. The
# status ("▲ Amber", bold) and direction ("↓ Worsening") columns fit their longest words on one line.
DENSITIES = {
    "roomy": (7.4, {"code": 12, "period": 17, "actual": 22, "target": 22, "status": 15, "dot": 19, "forecast": 17}),
    "medium": (
        6.8,
        {"code": 11, "period": 16, "actual": 20, "target": 20, "status": 14, "dot": 18, "forecast": 14, "trend": 36},
    ),
    "compact": (
        6.0,
        {"code": 10, "period": 15, "actual": 19, "target": 19, "status": 12, "dot": 16, "forecast": 14, "trend": 24},
    ),
}
ROOMY_UP_TO = 8  # indicators; a roomy chart has a row of its own, as wide as the table
CHART_HEIGHT_MM = {"roomy": (12, 40), "medium": (6, 14), "compact": (2.9, 6)}
MONEY_COLUMNS_MM = {"name": 21, "profile": 15, "spend": 15, "variance": 14, "chart": 15}
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FALLBACK_EM = 0.6  # a character's width where the font cannot be read (wider than most: errs long)


@lru_cache(maxsize=1)
def _advances() -> dict[str, float]:
    """DejaVu Sans's advance width of each character, in ems ({} if the font is not installed)."""
    try:
        from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

        font = TTFont(FONT_FILE, lazy=True)
        widths, upem = font["hmtx"], font["head"].unitsPerEm
        return {chr(code): widths[name][0] / upem for code, name in font.getBestCmap().items()}
    except (ImportError, OSError, KeyError):
        return {}


def text_em(text: str) -> float:
    advances = _advances()
    return sum(advances.get(char, FALLBACK_EM) for char in text)


def _lines(text: str, width_mm: float, font_pt: float) -> int:
    """How many lines `text` takes in a cell `width_mm` wide, wrapped at spaces (a word longer than
    the line breaks, as overflow-wrap does)."""
    if not text:
        return 0
    room, space, count = (width_mm - CELL_PAD_MM) / (font_pt * PT_MM), text_em(" "), 0
    for paragraph in str(text).split("\n"):
        count, used = count + 1, 0.0
        for word in paragraph.split():
            width = text_em(word)
            if used and used + space + width > room:
                count, used = count + 1, 0.0
            if width > room:  # broken across lines
                count += int(width // room)
                width %= room
            used += (space if used else 0) + width
    return count


def _row_text_mm(row: dict, columns: dict, title_mm: float, font_pt: float) -> tuple[float, float, float]:
    """The heights of a row's title, of its tallest figure and of its reason and action."""
    line = font_pt * PT_MM * LINE_HEIGHT
    title = row.get("title", "")
    if not row.get("is_lead", True):
        title += f" (cross-thematic, led by {row.get('lead_theme', '')})"
    why = why_text(row)
    why_mm = _lines(why, title_mm, font_pt * 0.9) * line * 0.9 + (WHY_GAP_MM if why else 0)
    direction = DIRECTION_LABELS.get(row.get("direction"), "Not known")
    cells = (
        (row.get("actual_display", ""), columns["actual"]),
        (row.get("target_display", ""), columns["target"]),
        (row.get("period", ""), columns["period"]),
        (f"↓ {direction}", columns["dot"]),
        (str(row.get("forecast_label", "")).replace("Achievement ", ""), columns["forecast"]),
    )
    figures_mm = max(_lines(text, width, font_pt) * line for text, width in cells)
    return _lines(title, title_mm, font_pt) * line, figures_mm, why_mm


@dataclass(frozen=True)
class DashboardLayout:
    density: str  # roomy (few indicators: large charts), medium or compact (many: dense rows)
    font_pt: float
    columns: dict  # mm, for the performance table's colgroup (title takes the rest)
    money_columns: dict
    chart_width: int  # px, the board_chart's size
    chart_height: int
    stacked: bool  # beyond one page: the two sections one after the other, running on
    notes_beside: bool = False  # reasons and actions under the money, keyed by code, not in the rows
    funding_per_row: bool = False  # the commissions have more than one funding stream: each says its own

    @property
    def column_percents(self) -> dict:
        """The performance table's columns as shares of its width: widths in mm plus the cells'
        padding would make the table wider than its column, and a table that does not fit beside
        the money float is pushed below it, onto the next page."""
        return _percents(self.columns)

    @property
    def key(self) -> str:
        return KEY

    @property
    def money_percents(self) -> dict:
        return _percents(self.money_columns)

    @property
    def spend_chart_width(self) -> int:  # px: the money table's chart column less its padding
        return round((self.money_columns["chart"] - CELL_PAD_MM) / PX_MM)


def _percents(widths: dict) -> dict:
    total = sum(widths.values())
    return {name: round(width * 100 / total, 2) for name, width in widths.items()}


def dashboard_layout(rows: list, commissions: list) -> DashboardLayout:
    """Sizes for the one-page dashboard: charts grow when a theme has few indicators and shrink to
    a compact row when it has many, to fill the page without running over it. A roomy dashboard
    gives each chart a row of its own under the figures (its reason and action beside it)."""
    count = max(1, len(rows))
    density = "roomy" if count <= ROOMY_UP_TO else "medium" if count <= 18 else "compact"
    font, columns = DENSITIES[density]
    performance_mm = CONTENT_MM[0] - MONEY_MM - 4
    title_mm = performance_mm - sum(columns.values())
    line = font * PT_MM * LINE_HEIGHT
    key_mm = _lines(KEY, performance_mm + CELL_PAD_MM, font * 0.9) * line * 0.9 + 1
    chrome_mm = HEADINGS_MM + (line + 1.2) + key_mm + SLACK_MM  # the table's head: a line, padding and rule
    available = CONTENT_MM[1] - chrome_mm
    pad = 0.7  # a row's padding and rule
    texts = [_row_text_mm(row, columns, title_mm, font) for row in rows]
    if density == "roomy":  # the chart in a row of its own, under the title and the figures
        chart_width_mm = title_mm + sum(v for k, v in columns.items() if k != "code")

        def height(chart_mm):
            return sum(max(t + w, f) + pad + chart_mm + pad for t, f, w in texts)

        first_guess = (available - height(0)) / count
    else:
        chart_width_mm = columns["trend"]

        def height(chart_mm):
            return sum(max(chart_mm, t + w, f) + pad for t, f, w in texts)

        first_guess = available / count - pad
    low, high = CHART_HEIGHT_MM[density]
    per_row = len(funding_streams(commissions)) > 1
    money_mm = (
        HEADINGS_MM
        + line
        + sum(max(_lines(c.get("name", ""), MONEY_COLUMNS_MM["name"], font), 1) * line + pad for c in commissions)
        + sum(_lines(delivers_text(c, per_row), MONEY_COLUMNS_MM["name"], font * 0.9) * line * 0.9 for c in commissions)
    )
    # Many rows with a reason and action: they move to the money column, under the money, keyed by
    # code, when that keeps the dashboard on one page (the rows are then a line or two each).
    notes_beside = False
    if density != "roomy" and height(low) > available:
        notes_mm = NOTES_HEADING_MM + sum(_note_mm(row, font) for row in rows)
        texts_alone = [(t, f, 0) for t, f, _why in texts]
        fits = sum(max(low, t, f) + pad for t, f, _w in texts_alone) <= available
        if fits and money_mm + notes_mm <= CONTENT_MM[1] - 12:
            notes_beside, texts = True, texts_alone
    chart_mm = max(low, min(high, first_guess))
    while chart_mm > low and height(chart_mm) > available:
        chart_mm = max(low, chart_mm - 0.2)
    return DashboardLayout(
        density=density,
        font_pt=font,
        columns={**columns, "title": round(title_mm, 1)},
        money_columns=MONEY_COLUMNS_MM,
        chart_width=round(chart_width_mm / PX_MM) - 6,
        chart_height=round(chart_mm / PX_MM),
        stacked=height(chart_mm) > available or money_mm > CONTENT_MM[1] - 12,
        notes_beside=notes_beside,
        funding_per_row=per_row,
    )


NOTES_HEADING_MM = 6  # "Reasons and actions" as a section heading, with its margins


@register.simple_tag
def delivers_text(commission: dict, with_funding: bool = True) -> str:
    """The line under a commission's name on the one-page dashboard: its funding stream (where the
    theme's commissions have more than one: else the key says it once) and the indicators it
    delivers ("Mainstream budget · Delivers NI 112")."""
    delivers = f"Delivers {', '.join(commission['delivers'])}" if commission.get("delivers") else ""
    funding = commission.get("funding", "") if with_funding else ""
    return " · ".join(part for part in (funding, delivers) if part)


def funding_streams(commissions: list) -> list[str]:
    return sorted({c["funding"] for c in commissions if c.get("funding")})


def why_text(row: dict) -> str:
    explained = (("Reason", row.get("variance_reason")), ("Action", row.get("action_taken")))
    return " ".join(f"{label}: {text}" for label, text in explained if text)


def _note_mm(row: dict, font_pt: float) -> float:
    """The height of a row's reason and action as a note in the money column (code first)."""
    why = why_text(row)
    if not why:
        return 0
    line = font_pt * PT_MM * LINE_HEIGHT * 0.9
    return _lines(f"{row.get('code', '')} {why}", MONEY_MM, font_pt * 0.9) * line + WHY_GAP_MM


@register.simple_tag
def dashboard_layout_for(data):
    """`{% dashboard_layout_for data as layout %}`: see dashboard_layout."""
    return dashboard_layout(data.get("indicators", []), data.get("commissions", []))
