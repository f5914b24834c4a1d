"""The 5×5 risk heat map as server-side SVG. Pure: counts in, SVG string out.

Follows indicators/charts.py: inline presentation attributes only (WeasyPrint renders the same
string in PDFs), role="img" with a title and a plain-words description, deterministic output.
Colour is never the only signal: each cell prints its number of risks and its score, the axes
are labelled in words, very high cells (score 20 or more) have a heavy border, and the legend
names every band.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from html import escape

from django.utils.safestring import SafeString, mark_safe

from escalation.risk import SCALE, Band, Impact, Likelihood, band, is_highlighted, score

FONT = "DejaVu Sans, Arial, sans-serif"
INK, MUTED = "#0b0c0c", "#505a5f"
# Fill and the text colour that reads on it (contrast checked against WCAG AA for large text).
BAND_COLOURS = {
    Band.LOW: ("#cce2d8", INK),
    Band.MEDIUM: ("#fff7bf", INK),
    Band.HIGH: ("#fcd6c3", INK),
    Band.VERY_HIGH: ("#d4351c", "#ffffff"),
}
CELL, LEFT, TOP = 60, 130, 12
GRID = CELL * len(SCALE)


def count_cells(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """{(likelihood, impact): number of risks} from (likelihood, impact) pairs."""
    return dict(Counter(pairs))


def _esc(text) -> str:
    return escape(str(text), quote=True)


def _text(x, y, content, *, size=10, anchor="middle", fill=INK, weight="normal", cls="", transform="") -> str:
    extra = f' transform="{transform}"' if transform else ""
    return (
        f'<text class="{cls}" x="{x}" y="{y}" font-family="{FONT}" font-size="{size}" font-weight="{weight}" '
        f'fill="{fill}" text-anchor="{anchor}"{extra}>{_esc(content)}</text>'
    )


def _word(choice) -> str:
    return choice.label.split(" ", 1)[1]  # "5 Almost certain" → "Almost certain"


def _cell(likelihood: int, impact: int, count: int) -> str:
    value = score(likelihood, impact)
    name = band(value)
    fill, ink = BAND_COLOURS[name]
    x = LEFT + (impact - 1) * CELL
    y = TOP + (len(SCALE) - likelihood) * CELL  # likelihood 5 at the top
    heavy = is_highlighted(value)
    stroke = f'stroke="{INK}" stroke-width="{3 if heavy else 1}"'
    inset = 1.5 if heavy else 0.5  # keep a heavy border inside its own cell
    label = (
        f"Likelihood {likelihood}, impact {impact}: score {value}, {name.label.split(' (')[0].lower()}; "
        f"{count} risk{'' if count == 1 else 's'}"
    )
    parts = [
        f'<g class="cell band-{name}" data-likelihood="{likelihood}" data-impact="{impact}" data-count="{count}">',
        f"<title>{_esc(label)}</title>",
        f'<rect x="{x + inset}" y="{y + inset}" width="{CELL - 2 * inset}" '
        f'height="{CELL - 2 * inset}" fill="{fill}" {stroke}/>',
        _text(x + 6, y + 13, value, size=9, anchor="start", fill=ink, cls="cell-score"),
    ]
    if count:
        parts.append(_text(x + CELL / 2, y + CELL / 2 + 9, count, size=20, fill=ink, weight="bold", cls="cell-count"))
    parts.append("</g>")
    return "".join(parts)


def _describe(cells: Mapping[tuple[int, int], int]) -> str:
    total = sum(cells.values())
    if not total:
        return "No open risks to plot."
    very_high = sum(n for (lk, im), n in cells.items() if is_highlighted(score(lk, im)))
    top = max(cells, key=lambda key: (score(*key), cells[key]) if cells[key] else (-1, 0))
    return (
        f"{total} risk{'' if total == 1 else 's'} plotted by likelihood (rows, 5 at the top) and impact "
        f"(columns, 5 on the right). {very_high} score 20 or more. The highest scoring cell is likelihood "
        f"{top[0]}, impact {top[1]} (score {score(*top)}) with {cells[top]} risk{'' if cells[top] == 1 else 's'}."
    )


def _legend(y: int) -> list[str]:
    out = []
    for index, name in enumerate(Band):
        x = 14 + (index % 2) * 200
        row_y = y + (index // 2) * 20
        fill, _ = BAND_COLOURS[name]
        width = 3 if name == Band.VERY_HIGH else 1
        out.append(
            f'<rect class="legend" x="{x}" y="{row_y}" width="14" height="14" '
            f'fill="{fill}" stroke="{INK}" stroke-width="{width}"/>'
        )
        words = name.label + (", highlighted" if name == Band.VERY_HIGH else "")
        out.append(_text(x + 20, row_y + 11, words, anchor="start", cls="legend-label"))
    return out


def heat_map_svg(cells: Mapping[tuple[int, int], int], *, title: str = "Risk heat map") -> SafeString:
    """The heat map for {(likelihood, impact): count}; missing cells count zero."""
    cells = {(lk, im): int(cells.get((lk, im), 0)) for lk in SCALE for im in SCALE}
    cid = "heatmap-" + hashlib.sha1(repr((sorted(cells.items()), title)).encode()).hexdigest()[:10]
    width, height = LEFT + GRID + 12, TOP + GRID + 112
    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" class="app-heatmap">',
        f'<title id="{cid}-title">{_esc(title)}</title>',
        f'<desc id="{cid}-desc">{_esc(_describe(cells))}</desc>',
    ]
    body += [_cell(lk, im, cells[(lk, im)]) for lk in SCALE for im in SCALE]
    for likelihood in Likelihood:  # row labels, right-aligned against the grid
        y = TOP + (len(SCALE) - likelihood.value) * CELL + CELL / 2 + 4
        body.append(_text(LEFT - 8, y, f"{_word(likelihood)} {likelihood.value}", anchor="end", cls="axis-label"))
    for impact in Impact:  # column labels: the number, and the word beneath it
        x = LEFT + (impact.value - 1) * CELL + CELL / 2
        body.append(_text(x, TOP + GRID + 15, impact.value, cls="axis-label"))
        body.append(_text(x, TOP + GRID + 28, _word(impact), size=9, fill=MUTED, cls="axis-label"))
    middle = TOP + GRID / 2
    body.append(
        _text(14, middle, "Likelihood", size=11, weight="bold", cls="axis-title", transform=f"rotate(-90 14 {middle})")
    )
    body.append(_text(LEFT + GRID / 2, TOP + GRID + 46, "Impact", size=11, weight="bold", cls="axis-title"))
    body += _legend(TOP + GRID + 60)
    body.append("</svg>")
    return mark_safe("".join(body))
