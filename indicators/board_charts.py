"""Charts for the board PDFs: an indicator's trend against its target and monitoring-level band,
and a commission's spend against its profile. They read plain data (a dashboard row as stored
in snapshots), so a frozen board pack draws the same chart years later.

WeasyPrint tags an inline <svg> as a Figure whose alternative text is the text of the svg's
first <title> child (and nothing else), so every chart opens with a <title> written from its
data. Few elements, no filters or gradients: the one-page dashboard draws up to 40 of these and
must lay out about as fast as a plain table. Output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from indicators.charts import (
    FONT,
    GRID,
    INK,
    STATUS_COLOURS,
    TARGET_INK,
    _dec,
    _esc,
    _fmt,
    _fraction,
    _n,
    _nice_ticks,
    _polyline,
    _runs,
)
from indicators.status import STATUS_MEANING, Direction, IndicatorRules, Status, to_decimal, tolerance_level

BAND_FILL = "#fde5d1"  # the amber zone between target and monitoring level; light grey in greyscale
GOOD_EDGE = "#00703c"
CHAR_EM = 0.6  # estimated DejaVu Sans width of a figure's characters, in ems
DIRECTION_WORDS = {str(d): d.label.lower() for d in Direction}
DIRECTION_WORDS[str(Direction.UNKNOWN)] = "direction of travel not known"


@dataclass(frozen=True)
class BoardPoint:
    label: str  # the period, e.g. "Q2 2026/27" ("" where an old snapshot did not keep it)
    actual: Decimal | None
    target: Decimal | None
    level: Decimal | None  # the amber floor: worse than this is red
    status: str


def amber_floor(target, monitoring_level, rules: IndicatorRules) -> Decimal | None:
    """The level past which a result is red, as indicators.status.rag_status draws it: the
    monitoring level, else one grade short of a rating's target, else the partnership's tolerance.
    None where there is no target (nothing to band)."""
    if target is None:
        return None
    if monitoring_level is not None:
        return to_decimal(monitoring_level)
    if rules.grade_step is not None:
        return to_decimal(target) - to_decimal(rules.grade_step)
    return tolerance_level(target, rules.tolerance, rules.polarity)


def points_of(row: dict) -> list[BoardPoint]:
    """The row's chart points: its `chart` list, or (a snapshot from before the charts) its
    `trend` values against today's target, only the latest with a period and a status."""
    if row.get("chart"):
        return [
            BoardPoint(
                p.get("period", ""),
                _dec(p.get("actual")),
                _dec(p.get("target")),
                _dec(p.get("level")),
                p.get("status", "grey"),
            )
            for p in row["chart"]
        ]
    trend = list(row.get("trend") or [])
    target = _dec(row.get("target") if row.get("target") != "" else None)
    points = [BoardPoint("", _dec(v), target, None, Status.GREY) for v in trend]
    if points:
        points[-1] = BoardPoint(row.get("period", ""), points[-1].actual, target, None, row.get("status", "grey"))
    return points


def alt_text(row: dict) -> str:
    """What the chart says, in words: "NI 112 Under-18 conceptions: 58.0 per 1,000 in Q2 2026/27
    against a target of 52.0; red, below monitoring level; worsening"."""
    name = f"{row.get('code', '')} {row.get('title', '')}".strip()
    if row.get("actual") is None or not row.get("period"):
        target = row.get("target_display")
        return f"{name}: no results yet" + (f"; target {target}" if target and target != "–" else "")
    text = f"{name}: {row.get('actual_display', row['actual'])} in {row['period']}"
    if row.get("target") is None:
        text += " with no target set"
    else:
        text += f" against a target of {row.get('target_display', row['target'])}"
    status = row.get("status", "grey")
    if status in STATUS_COLOURS and status != "grey":
        text += f"; {status}, {STATUS_MEANING[Status(status)].lower()}"
    return text + f"; {DIRECTION_WORDS.get(row.get('direction', ''), DIRECTION_WORDS['unknown'])}"


def marker(x: float, y: float, status: str, size: float) -> str:
    """Status by shape as well as colour: circle green, triangle amber, square red, hollow grey."""
    colour, r = STATUS_COLOURS.get(status), size / 2
    edge = f'stroke="{INK}" stroke-width="{_n(max(0.5, size / 9))}"'
    if status == "green":
        return f'<circle class="marker-green" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{colour}" {edge}/>'
    if status == "amber":
        h = r * 1.15
        pts = f"{_n(x)},{_n(y - h)} {_n(x - h)},{_n(y + h * 0.8)} {_n(x + h)},{_n(y + h * 0.8)}"
        return f'<polygon class="marker-amber" points="{pts}" fill="{colour}" {edge}/>'
    if status == "red":
        s = r * 0.9
        return (
            f'<rect class="marker-red" x="{_n(x - s)}" y="{_n(y - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" '
            f'fill="{colour}" {edge}/>'
        )
    return (
        f'<circle class="marker-none" cx="{_n(x)}" cy="{_n(y)}" r="{_n(r * 0.85)}" fill="#ffffff" '
        f'stroke="{TARGET_INK}" stroke-width="{_n(max(0.6, size / 7))}"/>'
    )


def _label(x, y, content, size, anchor="start", fill=INK, bold=False, cls="") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}" font-family="{FONT}" font-size="{_n(size)}"{weight} '
        f'fill="{fill}" text-anchor="{anchor}">{_esc(content)}</text>'
    )


def _svg(width, height, title, body) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img"><title>{_esc(title)}</title>{"".join(body)}</svg>'
    )


def board_trend_svg(row: dict, *, width: float = 120, height: float = 22, length: int = 12) -> SafeString:
    """Up to `length` periods: the amber band between target and monitoring level, the target
    (dashed), the results (solid, a status marker on each) and the latest value written beside
    its point. Period labels and the scale are drawn only when the chart is tall enough."""
    points = points_of(row)[-length:]
    title = alt_text(row)
    values = [v for p in points for v in (p.actual, p.target, p.level) if v is not None]
    if not values or all(p.actual is None for p in points):
        size = min(9, max(5, height * 0.4))
        return _svg(width, height, title, [_label(2, height / 2 + size / 3, "No results yet", size, fill=TARGET_INK)])
    big = height >= 60
    font = 8 if big else max(5, min(7.5, height * 0.42))
    latest = max(i for i, p in enumerate(points) if p.actual is not None)
    latest_text = row.get("actual_display") or _fmt(points[latest].actual)
    if not big:  # a small chart sits beside the figure in full: its label is the number alone
        latest_text = latest_text.split(" ")[0]
    ticks = _nice_ticks(min(values), max(values)) if big else []
    if ticks:  # a scale of round numbers, drawn
        lo, hi = ticks[0], ticks[-1]
    else:  # no scale: the data fills the height, with a little room for the markers
        lo, hi = min(values), max(values)
        if lo == hi:
            lo, hi = lo - (abs(lo) / 10 or 1), hi + (abs(hi) / 10 or 1)
        lo, hi = lo - (hi - lo) / 12, hi + (hi - lo) / 12
    axis_w = (max(len(_fmt(t)) for t in ticks) * font * CHAR_EM + 4) if ticks else 0
    left = axis_w + 3
    right = width - len(latest_text) * font * CHAR_EM - 5
    top, bottom = (font if big else 2), height - (font + 5 if big else 2)
    n = len(points)
    step = (right - left) / max(n - 1, 1)

    def px(i):
        return left + i * step if n > 1 else (left + right) / 2

    def py(v):
        return bottom - _fraction(v, lo, hi) * (bottom - top)

    body = [_band(points, px, py)] if any(p.level is not None and p.target is not None for p in points) else []
    for tick in ticks:
        y = _n(py(tick))
        body.append(
            f'<line class="grid" x1="{_n(left)}" y1="{y}" x2="{_n(right)}" y2="{y}" stroke="{GRID}" '
            'stroke-width="0.6"/>'
        )
        body.append(_label(axis_w, py(tick) + font / 3, _fmt(tick), font - 1, "end", TARGET_INK, cls="tick-label"))
    if big:
        body += _period_labels(points, px, step, height - 2, font - 1, width)
    line = 1.6 if big else 1
    for run in _runs([(px(i), None if p.target is None else py(p.target)) for i, p in enumerate(points)]):
        run = run if len(run) > 1 else [(run[0][0] - step / 3, run[0][1]), (run[0][0] + step / 3, run[0][1])]
        body.append(
            _polyline(level_runs_joined(run), stroke=TARGET_INK, width=_n(line * 0.8), dash="3 2", cls="target")
        )
    for run in _runs([(px(i), None if p.actual is None else py(p.actual)) for i, p in enumerate(points)]):
        if len(run) > 1:
            body.append(_polyline(run, stroke=INK, width=line, cls="actual"))
    mark = font * (1.05 if big else 0.95)
    for i, p in enumerate(points):
        if p.actual is not None and (big or i == latest or n <= 8):
            body.append(marker(px(i), py(p.actual), p.status, mark if i == latest else mark * 0.75))
    y = min(max(py(points[latest].actual) + font / 3, font), height - 1)
    body.append(_label(px(latest) + mark / 2 + 2, y, latest_text, font, bold=True, cls="latest-label"))
    return _svg(width, height, title, body)


def level_runs_joined(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The same line with the middle points of each level stretch left out: a target held all year
    is drawn from its first period to its last, two points rather than twelve, for the PDF to
    read and draw (a one-page dashboard has 40 of these charts)."""
    out: list[tuple[float, float]] = []
    for x, y in coords:
        if len(out) >= 2 and _n(out[-2][1]) == _n(out[-1][1]) == _n(y):
            out.pop()
        out.append((x, y))
    return out


def _period_labels(points, px, step, y, size, width) -> list[str]:
    """As many periods as fit without touching, the latest always, each centred under its point
    but kept inside the chart."""
    label_w = max(len(p.label) for p in points) * size * CHAR_EM + 4
    every = max(1, -(-int(label_w) // max(int(step), 1)))
    out, next_left = [], width
    for i in range(len(points) - 1, -1, -every):
        x = min(max(px(i), label_w / 2), width - label_w / 2)
        if not points[i].label or x + label_w / 2 > next_left:
            continue
        out.append(_label(x, y, points[i].label, size, "middle", TARGET_INK, cls="x-label"))
        next_left = x - label_w / 2
    return out[::-1]


def _band(points, px, py) -> str:
    """One polygon per run of periods that have both a target and a level: the amber zone."""
    out = []
    pairs = [(i, p) for i, p in enumerate(points) if p.target is not None and p.level is not None]
    runs, current = [], []
    for i, p in pairs:
        if current and i != current[-1][0] + 1:
            runs.append(current)
            current = []
        current.append((i, p))
    runs.append(current)
    for run in filter(None, runs):
        half = (px(1) - px(0)) / 3 if len(points) > 1 else 4
        xs = [px(i) for i, _ in run] if len(run) > 1 else [px(run[0][0]) - half, px(run[0][0]) + half]
        targets = [py(p.target) for _, p in run] * (1 if len(run) > 1 else 2)
        levels = [py(p.level) for _, p in run] * (1 if len(run) > 1 else 2)
        edge = level_runs_joined(list(zip(xs, targets, strict=True))) + level_runs_joined(
            list(zip(reversed(xs), reversed(levels), strict=True))
        )
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in edge)
        out.append(f'<polygon class="band" points="{coords}" fill="{BAND_FILL}" stroke="none"/>')
    return "".join(out)


def spend_bar_svg(commission: dict, *, width: float = 70, height: float = 9) -> SafeString:
    """Spend to date as a bar against the profile to date (a tall tick) on a scale of the annual
    budget; overspend shows as the bar passing the tick. Reads a dashboard commission row."""
    spend, profile = _dec(commission.get("spend_to_date")), _dec(commission.get("profile_to_date"))
    budget = _dec(commission.get("annual_budget"))
    name = commission.get("name", "")
    if spend is None or profile is None:
        return _svg(width, height, f"{name}: no spend or profile to date", [])
    title = f"{name}: spend to date £{_money(spend)} against a profile to date of £{_money(profile)}"
    if budget:
        title += f" (annual budget £{_money(budget)})"
    top = max(spend, profile, budget or 0) or Decimal(1)
    track = width - 2

    def px(v):
        return 1 + _fraction(max(v, Decimal(0)), Decimal(0), top) * track

    bar_h = height * 0.55
    y0 = (height - bar_h) / 2
    colour = STATUS_COLOURS["red"] if spend > profile * Decimal("1.05") else INK
    body = [
        f'<rect class="track" x="1" y="{_n(y0)}" width="{_n(track)}" height="{_n(bar_h)}" fill="#ffffff" '
        f'stroke="{TARGET_INK}" stroke-width="0.5"/>',
        f'<rect class="spend" x="1" y="{_n(y0)}" width="{_n(px(spend) - 1)}" height="{_n(bar_h)}" fill="{colour}"/>',
        f'<line class="profile" x1="{_n(px(profile))}" y1="0.5" x2="{_n(px(profile))}" y2="{_n(height - 0.5)}" '
        f'stroke="{GOOD_EDGE}" stroke-width="1.5"/>',
    ]
    return _svg(width, height, title, body)


def _money(value: Decimal) -> str:
    return format(value.quantize(Decimal(1)), ",f")
