"""What the three set-up workbooks share (boards and meetings, people and roles, indicators and
targets): their columns, their per-row problems and their outcome.

Each workbook is downloaded filled in with what exists, so uploading it unchanged changes nothing.
An upload is all or nothing: every row of every sheet is checked first (`check`, pure: plain rows
and what exists in, a plan and problems out); if any row has a problem nothing changes and the page
lists each one as "Row N, column X: message"; otherwise the plan is applied in one transaction.

A blank cell never removes anything: on a row that matches something saved it means "leave it as
it is" (the instructions sheets say so). Removing is done on the website, where it is confirmed.
"""

from collections import Counter
from dataclasses import dataclass, field

from .cells import CellProblem, parse_text
from .read import SheetLayout, SheetRow

FRESH_COPY = "Download a fresh copy of the template and fill it in."
BLANK_MEANS_NO_CHANGE = (
    "A blank cell never removes anything: on a row for something that already exists it means "
    "“leave it as it is”. To clear or remove something, use its page on the website."
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 20
    required: bool = False
    hidden: bool = False


def layout(name: str, columns: list[Column], *, noun: str) -> SheetLayout:
    """A set-up sheet read by its headers; the first column marks the header row."""
    return SheetLayout(
        name=name,
        columns=tuple(columns),
        anchor=columns[0].key,
        required=tuple(column.key for column in columns),
        noun=noun,
        fresh_copy=FRESH_COPY,
    )


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # the spreadsheet's row number, as Excel shows it
    column: str  # the column's header, or "" for the whole row
    message: str

    def __str__(self):
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{self.sheet} sheet, {where}: {self.message}"


class SetupRejected(Exception):
    """At least one row has a problem: nothing has been changed."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s) in the spreadsheet")
        self.errors = errors


@dataclass
class Outcome:
    """What an upload did, kind by kind: {"Boards": Counter(created=2, changed=1, unchanged=5)}."""

    counts: dict = field(default_factory=dict)

    def count(self, kind: str, what: str, n: int = 1) -> None:
        self.counts.setdefault(kind, Counter())[what] += n

    def lines(self) -> list[tuple[str, int, int, int]]:
        return [(kind, c["created"], c["changed"], c["unchanged"]) for kind, c in self.counts.items()]

    @property
    def changed_anything(self) -> bool:
        return any(c["created"] or c["changed"] for c in self.counts.values())


class Problems:
    """Collects one sheet's problems as rows are checked."""

    def __init__(self, layout: SheetLayout):
        self.layout = layout
        self.errors: list[RowError] = []
        self.header_of = layout.header_of

    def add(self, row: SheetRow, key: str, message: str) -> None:
        if key in row.formulas:
            return  # already said: the cell holds a formula
        self.errors.append(RowError(self.layout.name, row.number, self.header_of.get(key, ""), message))

    def formulas(self, row: SheetRow) -> bool:
        """Refuse every formula in the row (its result is whatever a program last worked out, not
        what was typed); True if there was any."""
        for key, formula in row.formulas.items():
            shown = f" ({formula})" if formula else ""
            self.errors.append(
                RowError(
                    self.layout.name,
                    row.number,
                    self.header_of.get(key, ""),
                    f"This cell holds a formula{shown}: type the value itself.",
                )
            )
        return bool(row.formulas)

    def text(self, row: SheetRow, key: str, *, required: str = "", max_length: int | None = None) -> str:
        value = parse_text(row.cells.get(key))
        if not value and required and key not in row.formulas:
            self.add(row, key, required)
        if max_length and len(value) > max_length:
            self.add(row, key, f"Keep it to {max_length} characters (this is {len(value)}).")
            return value[:max_length]
        return value

    def parsed(self, row: SheetRow, key: str, parse, message: str | None = None):
        """A cell read by `parse`, or None with its problem recorded."""
        try:
            return parse(row.cells.get(key))
        except CellProblem as bad:
            self.add(row, key, message or str(bad))
            return None


def name_key(name: str) -> str:
    """Names match whatever their case and spacing ("well-being  board" is Well-Being Board)."""
    return " ".join(str(name).split()).casefold()


def choice_value(text: str, choices) -> str | None:
    """A choice by its label or its stored value, in any case: "Theme board" or "theme_board"."""
    wanted = name_key(text)
    for value, label in choices:
        if wanted in (name_key(label), name_key(value)):
            return value
    return None


def one_of(choices) -> str:
    return "; ".join(str(label) for _, label in choices)


def sorted_errors(errors: list[RowError], sheet_order: list[str]) -> list[RowError]:
    order = {name: index for index, name in enumerate(sheet_order)}
    return sorted(errors, key=lambda e: (order.get(e.sheet, 99), e.row))
