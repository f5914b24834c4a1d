"""A board pack's sections cut into the pieces its parts are made of.

A part is a run of whole pieces, and a piece is a whole section, or a run of a long section's
entries: the escalations of a partnership with many indicators off target run to thirty pages,
and as one piece they would be one part that every other part waits for. A long section is cut
into pieces of PIECE_ROWS entries (at entry boundaries; each piece after the first starts on a new
page, under its stage heading marked "continued"). The cut depends only on the section, never on
how many parts or workers there are, so a pack reads the same laid out in one part or in four.

A piece is [section index, first entry, entry after the last (None: to the end)]: a JSON list, as
the part tasks carry it.
"""

from itertools import pairwise
from math import ceil

# kind -> the section's list of entries that may be cut, and entries per piece (measured on the
# bench's pack: an escalation with its chart and plan in full takes about a third of a page and
# 0.07 s, so a piece is five pages and about a second, like a theme dashboard)
SPLIT_ENTRIES = {"escalations": ("rows", 15)}


def cuttable(section: dict) -> tuple[str | None, int, int]:
    """(the key of the entries a section may be cut at, entries per piece, how many it has);
    (None, 0, 0) for a section laid out whole."""
    key, size = SPLIT_ENTRIES.get(section.get("kind"), (None, 0))
    return key, size, len(section.get(key) or []) if key else 0


def pieces_of(sections: list[dict]) -> list[list]:
    """Every section's pieces, in pack order."""
    pieces = []
    for index, section in enumerate(sections):
        _key, size, entries = cuttable(section)
        if entries <= size * 1.5:  # a short tail is not worth its own page break
            pieces.append([index, 0, None])
            continue
        count = ceil(entries / size)
        bounds = [round(entries * n / count) for n in range(count + 1)]
        pieces += [[index, start, stop if stop < entries else None] for start, stop in pairwise(bounds)]
    return pieces


def piece_section(sections: list[dict], piece) -> dict:
    """The section a piece lays out: the whole section, or its run of entries with `continued`
    (not the section's first piece: no title heading), all its entries (`whole`) and where this
    run starts in them (`first_entry`)."""
    index, start, stop = whole(piece)
    section = sections[index]
    key, _size, _count = cuttable(section)
    if key is None or (start == 0 and stop is None):
        return section
    entries = section[key]
    return {**section, key: entries[start:stop], "continued": start > 0, "whole": entries, "first_entry": start}


def whole(piece) -> list:
    """A piece as [index, start, stop]; a bare section index (what part tasks queued before pieces
    carried) is the whole section."""
    return [piece, 0, None] if isinstance(piece, int) else list(piece)


def piece_share(sections: list[dict], piece) -> float:
    """The share of its section a piece holds (1 for a whole section), for progress."""
    index, start, stop = whole(piece)
    _key, _size, entries = cuttable(sections[index])
    if not entries:
        return 1.0
    return ((entries if stop is None else stop) - start) / entries
