"""Uploading a theme's returns spreadsheet back: checking and applying the rows that
indicators.spreadsheets.read has read from the file.

The upload is all-or-nothing. Every row is read and checked, then every row that says something is
put through `indicators.services.returns.save_return` (the same rules, workflow and audit as the web form)
inside one transaction; if any row has a problem the transaction is rolled back and the caller gets
every problem, row by row, in one go.
"""

from dataclasses import dataclass
from functools import partial

from django.db import transaction

from indicators.models import Indicator, ReturnRound
from indicators.return_rules import ATTESTATION_FIELDS
from indicators.services.returns import ReturnInput, ReturnInvalid, ReturnRefused, save_return
from indicators.services.rounds import DueReturn
from indicators.values import Unit
from indicators.workflow import ReturnAction, ReturnState
from partnership.concurrency import StaleEdit
from partnership.spreadsheets.setup import name_key

from .cells import CellProblem, parse_int, parse_number, parse_rating, parse_text, parse_yes_no
from .columns import ATTESTATION_HEADERS, FIELD_HEADERS, FIGURES, FRESH_COPY, HEADER_OF, TEXTS
from .download import theme_due_returns
from .read import SheetRow


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number, as Excel shows it
    code: str
    field: str  # the column's header, or "" for the whole row
    message: str


class UploadRejected(Exception):
    """Something is wrong with at least one row: nothing has been saved."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problem(s) in the spreadsheet")
        self.errors = errors


class _RollBack(Exception):
    """Raised inside the transaction to undo the rows already saved."""


# --- checking one cell ---------------------------------------------------------------------------
@dataclass
class ParsedRow:
    number: int
    due: DueReturn
    data: ReturnInput
    expected_version: int

    @property
    def code(self):
        return self.due.indicator.code


def formula_message(key: str, formula: str, figures=FIGURES, texts=TEXTS) -> str:
    """A formula is never read as a figure: its result is whatever the spreadsheet program last
    worked out (or nothing, in a file no program has calculated), not what the person typed."""
    if key in figures:
        instead = "type the figure itself"
    elif key in texts:
        instead = "type the words themselves"
    elif key in ATTESTATION_HEADERS:
        instead = "choose Yes or No"
    else:
        instead = "put back what the downloaded spreadsheet had"
    return f"This cell holds a formula{f' ({formula})' if formula else ''}: {instead}."


def same_name(a: str, b: str) -> bool:
    """Codes and names match whatever their case and spacing ("ni  112" is NI 112)."""
    return name_key(a) == name_key(b)


class RowMatcher:
    """Matches a sheet's rows to what it has a row for (by the hidden ids, or by code or name in a
    sheet made by hand), reads their cells, and remembers which earlier rows claimed what. Each kind
    of sheet says which columns are which and how its items are named; the returns sheet's is
    below, the spend sheet's in indicators.spreadsheets.spend_upload."""

    name_column, name_word, id_column = "code", "code", "indicator_id"
    name_needed = "Enter the indicator's code."
    headers, figures, texts = FIELD_HEADERS, FIGURES, TEXTS
    fresh_copy = FRESH_COPY

    def __init__(self, due):
        self.by_id = {self.id_of(item): item for item in due}
        self.by_name = {name_key(self.name_of(item)): item for item in due}
        self.seen = {}  # item id -> the row that claimed it

    def check_all(self, rows: list[SheetRow]):
        """Every non-blank row read: (what the saves need, row errors)."""
        parsed, errors = [], []
        for row in rows:
            if not row.formulas and all(parse_text(row.cells.get(k)) == "" for k in (*self.figures, *self.texts)):
                continue  # a blank row: nothing to say about this one this time
            result, row_errors = self.check(row)
            errors.extend(row_errors)
            if result is not None:
                parsed.append(result)
        return parsed, errors

    def check(self, row: SheetRow):
        name = parse_text(row.cells.get(self.name_column))
        errors = [
            RowError(
                row.number, name, self.headers.get(key, ""), formula_message(key, formula, self.figures, self.texts)
            )
            for key, formula in row.formulas.items()
        ]

        def problem(field_key, message):
            if field_key in row.formulas:
                return  # already reported: the cell holds a formula (read as empty)
            errors.append(RowError(row.number, name, self.headers.get(field_key, ""), message))

        item = self.match(row, name, problem)
        data = self.read(row, item, problem)
        try:
            version = parse_int(row.cells.get("version"))
        except CellProblem:
            version = None
            problem("version", "The hidden version has been changed. " + self.fresh_copy)
        if item is None or errors:
            return None, errors
        return self.parsed(row.number, item, data, version or 0), errors

    def match(self, row: SheetRow, name: str, problem):
        try:
            item_id = parse_int(row.cells.get(self.id_column))
            period_id = parse_int(row.cells.get("period_id"))
        except CellProblem:
            problem("", "The row's hidden columns have been changed. " + self.fresh_copy)
            return None
        if item_id is not None:
            item = self.by_id.get(item_id)
            if item is None:
                problem("", self.not_here(item_id=item_id))
                return None
            if not same_name(name, self.name_of(item)):
                problem(
                    self.name_column,
                    f"This row belongs to {self.name_of(item)}, but its {self.name_word} has been changed to “{name}”. "
                    f"Put the {self.name_word} back, or download a fresh copy of the spreadsheet.",
                )
                return None
        elif not name:
            problem(self.name_column, self.name_needed)
            return None
        elif (item := self.by_name.get(name_key(name))) is None:
            problem(self.name_column, self.not_here(name=name))
            return None
        if period_id is not None and period_id != item.period.pk:
            problem("period", self.other_period(item))
            return None
        if self.id_of(item) in self.seen:
            problem("", f"{self.name_of(item)} is already on row {self.seen[self.id_of(item)]}: keep one row for it.")
            return None
        self.seen[self.id_of(item)] = row.number
        return item


class _RowChecker(RowMatcher):
    """The returns sheet: a row for each of the theme's indicators due in the round."""

    def __init__(self, due, *, partnership, theme, round_):
        super().__init__(due)
        self.partnership, self.theme, self.round = partnership, theme, round_

    @staticmethod
    def id_of(item: DueReturn) -> int:
        return item.indicator.pk

    @staticmethod
    def name_of(item: DueReturn) -> str:
        return item.indicator.code

    def other_period(self, item: DueReturn) -> str:
        return f"This row is not for {item.period.label}: it comes from another round's spreadsheet. " + FRESH_COPY

    def read(self, row: SheetRow, item: DueReturn | None, problem) -> ReturnInput:
        return _read_input(row, item.indicator if item else None, problem)

    parsed = ParsedRow

    def not_here(self, *, item_id=None, name=None) -> str:
        """Why a row's indicator is not one of this sheet's. Looks only inside this partnership, so a
        row from another partnership's sheet learns nothing about it."""
        indicator_id, code = item_id, name
        indicators = Indicator.objects.for_partnership(self.partnership).select_related("lead_theme")
        found = indicators.filter(pk=indicator_id).first() if indicator_id is not None else None
        if found is None and code and indicator_id is None:
            found = next((i for i in indicators if same_name(i.code, code)), None)
        if found is not None and found.lead_theme_id != self.theme.pk:
            return f"{found.code} is led by the {found.lead_theme.name} theme: upload it with that theme's spreadsheet."
        if found is not None:
            return f"{found.code} is not due in {self.round.period.label}."
        if code and indicator_id is None:
            return f"There is no indicator with the code “{code}” in the {self.theme.name} theme."
        return (
            f"This row is not one of the {self.theme.name} returns for {self.round.period.label}: it comes from "
            "another spreadsheet. " + FRESH_COPY
        )


def _read_input(row: SheetRow, indicator: Indicator | None, problem) -> ReturnInput:
    figures = {}
    for name in FIGURES:
        cell = row.cells.get(name)
        try:
            if indicator is not None and indicator.unit == Unit.RATING and name == "value":
                figures[name] = parse_rating(cell)
            else:
                figures[name] = parse_number(cell, percent_formatted=name in row.percent_formatted)
        except CellProblem as bad:
            figures[name] = None
            problem(name, str(bad))
    if indicator is not None:
        unused = ("value",) if indicator.is_ratio else ("numerator", "denominator")
        for name in unused:
            if figures[name] is not None:  # save_return would drop it silently
                used = "the numerator and denominator" if indicator.is_ratio else "the value"
                problem(name, f"{indicator.code} is entered as {used}: leave {HEADER_OF[name]} empty.")
    attestations = {}
    for name in ATTESTATION_FIELDS:
        try:
            attestations[name] = parse_yes_no(row.cells.get(name))
        except CellProblem as bad:
            attestations[name] = False
            problem(name, str(bad))
    return ReturnInput(
        **figures,
        **{name: parse_text(row.cells.get(name)) for name in TEXTS},
        attestations=attestations,
    )


# --- applying them -------------------------------------------------------------------------------


def _unchanged(row: ParsedRow) -> bool:
    ret, data = row.due.ret, row.data
    if ret is None:
        return False
    used = ("numerator", "denominator") if row.due.indicator.is_ratio else ("value",)
    return (
        all(getattr(ret, name) == getattr(data, name) for name in used)
        and all(getattr(ret, name) == getattr(data, name) for name in TEXTS)
        and all(getattr(ret, name) == data.attestations[name] for name in ATTESTATION_FIELDS)
    )


def nothing_to_do(ret, unchanged: bool, action: str) -> bool:
    """A row that repeats what is saved: re-saving a draft would only add noise to the history, and a
    return already submitted, approved or locked cannot be saved again (which would sink the whole
    upload). A draft is still submitted when asked, even if its figures did not change."""
    if ret is None or not unchanged:
        return False
    return (
        action == ReturnAction.SAVE_DRAFT or ret.is_locked or ret.state in (ReturnState.SUBMITTED, ReturnState.APPROVED)
    )


def _nothing_to_do(row: ParsedRow, action: str) -> bool:
    return nothing_to_do(row.due.ret, _unchanged(row), action)


def stale_message(conflict: StaleEdit) -> str:
    current = conflict.current
    who = f" (now version {current.version}, {current.shown_state.label.lower()})" if current else ""
    return f"Someone changed this return on the website after the spreadsheet was downloaded{who}. " + FRESH_COPY


def row_save_errors(number: int, code: str, headers: dict, save) -> list[RowError]:
    """Run one row's save (a returns service call): its problems as RowErrors, [] when it saved.
    `headers` names the column of each of the service's error keys."""
    try:
        save()
    except ReturnInvalid as invalid:
        return [RowError(number, code, headers.get(key, ""), message) for key, message in invalid.errors.items()]
    except ReturnRefused as refused:
        return [RowError(number, code, "", str(refused))]
    except StaleEdit as conflict:
        return [RowError(number, code, "", stale_message(conflict))]
    return []


def save_all_or_nothing(rows, errors: list[RowError], attempt) -> int:
    """Save every row, or none: `attempt(row)` saves one (its RowErrors, [] when saved, or None when
    it had nothing to do). Raises UploadRejected with every problem (those found reading the sheet
    and those the saves found) if there is any. Returns how many rows were saved."""
    errors = list(errors)
    saved = 0
    try:
        with transaction.atomic():
            for row in rows:
                found = attempt(row)
                if found is None:
                    continue
                errors.extend(found)
                saved += not found
            if errors:
                raise _RollBack  # undo the rows saved before the bad one
    except _RollBack:
        raise UploadRejected(sorted(errors, key=lambda e: e.row)) from None
    return saved


def apply_rows(parsed: list[ParsedRow], errors: list[RowError], *, action: str, user, access, today=None) -> int:
    """Save every row through save_return, or none (see save_all_or_nothing)."""

    def attempt(row: ParsedRow):
        if _nothing_to_do(row, action):
            return None
        save = partial(
            save_return,
            indicator=row.due.indicator,
            period=row.due.period,
            data=row.data,
            action=action,
            user=user,
            access=access,
            expected_version=row.expected_version,
            today=today,
        )
        return row_save_errors(row.number, row.code, FIELD_HEADERS, save)

    return save_all_or_nothing(parsed, errors, attempt)


def import_returns(
    rows: list[SheetRow], *, partnership, theme, round_: ReturnRound, action: str, user, access, today=None
) -> int:
    """Check and apply an upload's rows for one theme and round. Returns the number saved; raises
    UploadRejected (nothing saved) when any row has a problem."""
    due = theme_due_returns(partnership, round_, theme)
    parsed, errors = _RowChecker(due, partnership=partnership, theme=theme, round_=round_).check_all(rows)
    return apply_rows(parsed, errors, action=action, user=user, access=access, today=today)
