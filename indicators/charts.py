"""Server-side SVG charts for indicator results against targets.

The same SVG string is embedded in HTML pages and in PDFs rendered by WeasyPrint, so it
uses inline presentation attributes only: no CSS, scripts or foreignObject. The ``class``
attributes are hooks for tests and templates; nothing relies on them for styling.
Output is deterministic (no counters or clocks) so pages and PDFs can be cached and diffed.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation, localcontext
from html import escape
from itertools import groupby

from django.utils.safestring import SafeString, mark_safe

from indicators.status import STATUS_MEANING

STATUS_COLOURS: dict[str, str] = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c", "grey": "#b1b4b6"}
# The same words as everywhere else (the status engine owns them).
STATUS_WORDS = {str(status): meaning for status, meaning in STATUS_MEANING.items()}
FONT = "DejaVu Sans, Arial, sans-serif"
INK, TARGET_INK, GRID, ZERO_LINE = "#0b0c0c", "#505a5f", "#e5e5e5", "#b1b4b6"
# Text widths are estimated (no font metrics here): DejaVu Sans digits are ~0.64em wide,
# mixed labels average ~0.6em and lowercase prose ~0.52em.
DIGIT_WIDTH, CHAR_WIDTH, PROSE_WIDTH = 0.65, 0.6, 0.52
_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))


@dataclass(frozen=True)
class TrendPoint:
    label: str  # x-axis label, e.g. "Q1 2026/27"
    actual: Decimal | float | None  # None = no data for that period (drawn as a gap)
    target: Decimal | float | None  # None = no target profiled for that period
    status: str | None = None  # "green", "amber", "red", "grey" or None


# --- small helpers ------------------------------------------------------------------------


def _esc(text) -> str:
    return escape(str(text), quote=True)


def _n(x: float) -> str:
    """A coordinate rounded to 1 decimal place, without a trailing '.0', to keep output compact."""
    s = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _dec(value) -> Decimal | None:
    """Normalise a value to Decimal; NaN and infinities count as missing rather than crashing."""
    if value is None:
        return None
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return d if d.is_finite() else None


def _fmt(d: Decimal) -> str:
    """Compact number: no trailing '.0', thousands separators from 10,000 upwards."""
    d = d.normalize() if d else Decimal(0)  # also turns -0 into 0
    return format(d, ",f" if abs(d) >= 10000 else "f")


def _fmt_value(d: Decimal, unit: str) -> str:
    """A data value for prose: at most 2 decimal places, with its unit."""
    if d.as_tuple().exponent < -2:
        try:
            d = d.quantize(Decimal("0.01"))
        except InvalidOperation:  # too many digits to quantise; show as is
            pass
    text = _fmt(d)
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


def _text(x, y, content, *, size=11, anchor="start", fill=INK, cls=None) -> str:
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text{klass} x="{_n(x)}" y="{_n(y)}" font-family="{FONT}" font-size="{size}" '
        f'fill="{fill}" text-anchor="{anchor}">{_esc(content)}</text>'
    )


def _polyline(coords, *, stroke, width=2, dash=None, cls="") -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in coords)
    return (
        f'<polyline class="{cls}" points="{pts}" fill="none" stroke="{stroke}" stroke-width="{width}"'
        f'{dash_attr} stroke-linejoin="round" stroke-linecap="round"/>'
    )


def _runs(coords):
    """Split [(x, y or None), ...] into runs of consecutive known points, so None leaves a gap."""
    return [list(run) for known, run in groupby(coords, key=lambda p: p[1] is not None) if known]


def _marker(x: float, y: float, status: str | None, role: str = "marker") -> str:
    """Status marker: shape and fill both carry the status so colour is never the only signal."""
    colour = STATUS_COLOURS.get(status or "")
    edge = f'stroke="{INK}" stroke-width="1"'
    if status == "green":
        return f'<circle class="{role} marker-green" cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{colour}" {edge}/>'
    if status == "amber":
        pts = f"{_n(x)},{_n(y - 5.5)} {_n(x - 5.5)},{_n(y + 4.5)} {_n(x + 5.5)},{_n(y + 4.5)}"
        return f'<polygon class="{role} marker-amber" points="{pts}" fill="{colour}" {edge}/>'
    if status == "red":
        return (
            f'<rect class="{role} marker-red" x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" '
            f'fill="{colour}" {edge}/>'
        )
    # Hollow: a dark outline rather than the light grey, which is too faint on white (WCAG 1.4.11).
    return (
        f'<circle class="{role} marker-none" cx="{_n(x)}" cy="{_n(y)}" r="4" fill="#ffffff" '
        f'stroke="{TARGET_INK}" stroke-width="1.5"/>'
    )


def _nice_ticks(lo: Decimal, hi: Decimal) -> list[Decimal]:
    """4-6 evenly spaced round values (step 1, 2, 2.5 or 5 x 10^n) covering lo..hi."""
    lo, hi = min(lo, hi), max(lo, hi)
    if lo == hi:  # a flat series still needs a non-zero range; +-10% never crosses zero
        lo, hi = (lo - abs(lo) / 10, hi + abs(hi) / 10) if lo else (Decimal(0), Decimal(1))
    span = hi - lo
    with localcontext() as ctx:
        ctx.prec = 80  # huge values with a small range must not lose digits when divided
        # Steps grow by at most x2, so the tick count never jumps over the 4..6 window.
        for exp in range(span.adjusted() - 2, span.adjusted() + 3):
            for mult in _STEPS:
                step = mult.scaleb(exp)
                first = (lo / step).to_integral_value(ROUND_FLOOR)
                count = int((hi / step).to_integral_value(ROUND_CEILING) - first) + 1
                if 4 <= count <= 6:
                    return [(first + i) * step for i in range(count)]
    return [lo, hi]  # unreachable for finite input; kept as a safe fallback


def _fraction(v: Decimal, lo: Decimal, hi: Decimal) -> float:
    """Where v sits between lo and hi, in Decimal: floats can't tell 1e20 from 1e20 + 1."""
    return float((v - lo) / (hi - lo))


def _chart_id(*parts) -> str:
    # Hash of the inputs: unique per distinct chart yet stable, so output stays deterministic.
    return "chart-" + hashlib.sha1(repr(parts).encode()).hexdigest()[:10]


def _svg_open(width, height, label_attrs) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {label_attrs}>'
    )


# --- trend chart --------------------------------------------------------------------------


def _describe(points, actuals, targets, unit) -> str:
    """Plain-words summary for screen readers and anyone who cannot see the chart."""
    span = f"{len(points)} period{'s' if len(points) != 1 else ''}"
    span += f" from {points[0].label} to {points[-1].label}" if len(points) > 1 else f", {points[0].label}"
    known = [i for i, a in enumerate(actuals) if a is not None]
    if not known:
        return f"No results yet; targets shown for {span}."
    i = known[-1]
    text = f"Latest: {_fmt_value(actuals[i], unit)} in {points[i].label}"
    text += f" against a target of {_fmt_value(targets[i], unit)}" if targets[i] is not None else " with no target set"
    status = (points[i].status or "").lower()
    text += f"; status {status}." if status in STATUS_COLOURS else "; no status recorded."
    return f"{text} Results for {len(known)} of {span}."


def _legend(width: float, has_target: bool) -> tuple[list[str], int]:
    """Legend items flowed into rows that fit the width; returns (elements, rows used)."""
    items = [("Actual", "actual")] + ([("Target", "target")] if has_target else [])
    items += [(STATUS_WORDS[s], s) for s in ("green", "amber", "red", "grey")]
    out, x, row = [], 8.0, 0
    for word, kind in items:
        sample_w = 18 if kind in ("actual", "target") else 10
        item_w = sample_w + 4 + len(word) * 10 * PROSE_WIDTH
        if x > 8 and x + item_w > width - 8:  # wrap to the next row
            x, row = 8.0, row + 1
        y = row * 16  # the caller translates the whole legend into place
        if kind == "actual":
            out.append(_polyline([(x, y), (x + 18, y)], stroke=INK, cls="legend-actual"))
        elif kind == "target":
            out.append(_polyline([(x, y), (x + 18, y)], stroke=TARGET_INK, dash="5 3", cls="legend-target"))
        else:
            out.append(_marker(x + 5, y, None if kind == "grey" else kind, role="legend"))
        out.append(_text(x + sample_w + 4, y + 3.5, word, size=10))
        x += item_w + 12
    return out, row + 1


def trend_chart_svg(points, *, title: str, unit: str = "", width: int = 640, height: int = 240) -> SafeString:
    """Line chart of actuals (solid, status markers) against targets (dashed) per period."""
    points = list(points)
    actuals = [_dec(p.actual) for p in points]
    targets = [_dec(p.target) for p in points]
    known = [v for v in actuals + targets if v is not None]
    cid = _chart_id(points, title, unit, width, height)
    labelled = f'aria-labelledby="{cid}-title {cid}-desc"'
    head = f'<title id="{cid}-title">{_esc(title)}</title>'
    if not known:
        return mark_safe(
            _svg_open(width, 40, labelled)
            + head
            + f'<desc id="{cid}-desc">No data yet.</desc>'
            + _text(8, 24, "No data yet", size=13, fill=TARGET_INK)
            + "</svg>"
        )
    head += f'<desc id="{cid}-desc">{_esc(_describe(points, actuals, targets, unit))}</desc>'

    ticks = _nice_ticks(min(known), max(known))
    tick_labels = [_fmt(t) + ("%" if unit == "%" else "") for t in ticks]
    has_target = any(t is not None for t in targets)
    legend, legend_rows = _legend(width, has_target)  # measured first: its height shapes the plot
    n = len(points)
    x_label_w = max(len(p.label) for p in points) * 11 * CHAR_WIDTH
    band_guess = (width - 60) / n
    left = max(max(len(s) for s in tick_labels) * 11 * DIGIT_WIDTH + 12, x_label_w / 2 - band_guess / 2 + 4)
    right = max(12, x_label_w / 2 - band_guess / 2 + 4)  # room for the last x label
    top, bottom = 10, height - (24 + legend_rows * 16 + 4)
    bottom = max(bottom, top + 20)
    band = (width - left - right) / n  # each period gets an equal band; points sit in the middle

    def px(i: int) -> float:
        return left + (i + 0.5) * band

    def py(v: Decimal) -> float:
        return bottom - _fraction(v, ticks[0], ticks[-1]) * (bottom - top)

    body = []
    for tick, label in zip(ticks, tick_labels, strict=False):
        colour = ZERO_LINE if tick == 0 and ticks[0] < 0 else GRID  # make zero stand out when data crosses it
        y = _n(py(tick))
        body.append(
            f'<line class="grid" x1="{_n(left)}" y1="{y}" x2="{_n(width - right)}" y2="{y}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        body.append(_text(left - 8, py(tick) + 4, label, anchor="end", cls="tick-label"))

    # x labels: thin them so they don't overlap, but always show the first and last period.
    every = max(1, math.ceil((x_label_w + 8) / band))
    shown = [i for i in range(0, n, every) if i == 0 or n - 1 - i >= every] + ([n - 1] if n > 1 else [])
    for i in shown:
        body.append(_text(px(i), bottom + 16, points[i].label, anchor="middle", cls="x-label"))

    for run in _runs([(px(i), None if t is None else py(t)) for i, t in enumerate(targets)]):
        if len(run) == 1:  # a lone target still needs to be visible: draw a short dash across its band
            (x, y), half = run[0], band * 0.35
            run = [(x - half, y), (x + half, y)]
        body.append(_polyline(run, stroke=TARGET_INK, dash="5 3", cls="target"))
    for run in _runs([(px(i), None if a is None else py(a)) for i, a in enumerate(actuals)]):
        if len(run) > 1:  # a lone actual is shown by its marker alone
            body.append(_polyline(run, stroke=INK, width=2.5, cls="actual"))
    for i, (a, p) in enumerate(zip(actuals, points, strict=False)):
        if a is not None:
            status = (p.status or "").lower()
            body.append(_marker(px(i), py(a), status if status in ("green", "amber", "red") else None))

    legend_top = bottom + 24 + 8
    body.append(f'<g class="legend" transform="translate(0 {_n(legend_top)})">{"".join(legend)}</g>')
    return mark_safe(_svg_open(width, height, labelled) + head + "".join(body) + "</svg>")


# --- sparkline ----------------------------------------------------------------------------


def sparkline_svg(values, *, label: str, target=None, width: int = 96, height: int = 24) -> SafeString:
    """A tiny trend line for tables: gaps for None, the latest value marked, optional target."""
    values = [_dec(v) for v in values]
    target = _dec(target)
    known = [v for v in values if v is not None] + ([target] if target is not None else [])
    body = [f"<title>{_esc(label)}</title>"]
    if known:
        lo, hi = min(known), max(known)
        if lo == hi:  # flat line: centre it rather than divide by zero
            lo, hi = lo - 1, hi + 1
        pad, n = 3.0, len(values)

        def px(i: int) -> float:
            return width / 2 if n == 1 else pad + i * (width - 2 * pad) / (n - 1)

        def py(v: Decimal) -> float:
            return height - pad - _fraction(v, lo, hi) * (height - 2 * pad)

        if target is not None:
            line = [(pad, py(target)), (width - pad, py(target))]
            body.append(_polyline(line, stroke=TARGET_INK, width=1, dash="3 2", cls="target"))
        last = max((i for i, v in enumerate(values) if v is not None), default=None)
        for run in _runs([(px(i), None if v is None else py(v)) for i, v in enumerate(values)]):
            if len(run) > 1:
                body.append(_polyline(run, stroke=INK, width=1.5, cls="actual"))
            elif run[0][0] != px(last):  # an isolated earlier value: a dot so it isn't lost
                body.append(f'<circle class="dot" cx="{_n(run[0][0])}" cy="{_n(run[0][1])}" r="1.2" fill="{INK}"/>')
        if last is not None:
            x, y = _n(px(last)), _n(py(values[last]))
            body.append(f'<circle class="latest" cx="{x}" cy="{y}" r="2.5" fill="{INK}"/>')
    return mark_safe(_svg_open(width, height, f'aria-label="{_esc(label)}"') + "".join(body) + "</svg>")
