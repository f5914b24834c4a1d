"""Uploading a theme's spend spreadsheet back, as the returns spreadsheet is uploaded
(indicators.spreadsheets.upload): all or nothing, every row through
indicators.services.money.save_spend_return (the spend page's rules, workflow and history) inside
one transaction, every problem reported by row and column, formulas refused.

An empty cell on a row whose spend return is saved keeps what is saved (the Instructions sheet
says so): clearing a figure is done on the spend return's page, where it is seen.
"""

from dataclasses import dataclass
from functools import partial

from indicators.models import Commission, Period
from indicators.money import MONEY_FIELDS
from indicators.services.money import SpendInput, save_spend_return
from partnership.spreadsheets.read import SheetRow, read_sheets

from .cells import CellProblem, parse_int, parse_money_cell, parse_text
from .spend import FRESH_COPY, SPEND_HEADERS, SPEND_LAYOUT, SPEND_SHEET, TEXTS, DueSpend, theme_spend
from .upload import RowError, formula_message, nothing_to_do, row_save_errors, save_all_or_nothing

ENTRIES = (*MONEY_FIELDS, *TEXTS)


def read_spend_upload(upload) -> list[SheetRow]:
    """The rows of an uploaded spend spreadsheet, or SpreadsheetUnreadable with a message for the file field."""
    return read_sheets(upload, (SPEND_LAYOUT,))[SPEND_SHEET]


@dataclass
class SpendRow:
    number: int
    due: DueSpend
    data: SpendInput
    expected_version: int

    @property
    def unchanged(self) -> bool:
        ret = self.due.ret
        return ret is not None and all(getattr(ret, name) == getattr(self.data, name) for name in ENTRIES)


def _name_key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


class _SpendRowChecker:
    """Matches rows to the theme's commissions (by the hidden ids, or by name in a sheet made by
    hand) and reads their cells, remembering which commissions earlier rows have claimed."""

    def __init__(self, due: list[DueSpend], *, partnership, theme, period: Period):
        self.by_id = {item.commission.pk: item for item in due}
        self.by_name = {_name_key(item.commission.name): item for item in due}
        self.partnership, self.theme, self.period = partnership, theme, period
        self.seen = {}  # commission id -> the row that claimed it

    def check(self, row: SheetRow) -> tuple[SpendRow | None, list[RowError]]:
        name = parse_text(row.cells.get("commission"))
        errors = [
            RowError(row.number, name, SPEND_HEADERS.get(key, ""), formula_message(key, formula, MONEY_FIELDS, TEXTS))
            for key, formula in row.formulas.items()
        ]

        def problem(key, message):
            if key not in row.formulas:  # a formula's cell is already reported
                errors.append(RowError(row.number, name, SPEND_HEADERS.get(key, ""), message))

        item = self.match(row, name, problem)
        values = {}
        for key in MONEY_FIELDS:
            try:
                values[key] = parse_money_cell(row.cells.get(key))
            except CellProblem as bad:
                problem(key, str(bad))
        values.update({key: parse_text(row.cells.get(key)) for key in TEXTS})
        try:
            version = parse_int(row.cells.get("version"))
        except CellProblem:
            version = None
            problem("version", "The hidden version has been changed. " + FRESH_COPY)
        if item is None or errors:
            return None, errors
        if item.ret is not None:  # an empty cell keeps what is saved
            values = {key: getattr(item.ret, key) if values[key] in (None, "") else values[key] for key in ENTRIES}
        return SpendRow(row.number, item, SpendInput(**values), version or 0), errors

    def match(self, row: SheetRow, name: str, problem) -> DueSpend | None:
        try:
            commission_id = parse_int(row.cells.get("commission_id"))
            period_id = parse_int(row.cells.get("period_id"))
        except CellProblem:
            problem("", "The row's hidden columns have been changed. " + FRESH_COPY)
            return None
        if commission_id is not None:
            item = self.by_id.get(commission_id)
            if item is None:
                problem("", self.not_here(commission_id=commission_id))
                return None
            if _name_key(name) != _name_key(item.commission.name):
                problem(
                    "commission",
                    f"This row belongs to {item.commission.name}, but its name has been changed to “{name}”. "
                    "Put the name back, or download a fresh copy of the spreadsheet.",
                )
                return None
        elif not name:
            problem("commission", "Enter the commission's name.")
            return None
        elif (item := self.by_name.get(_name_key(name))) is None:
            problem("commission", self.not_here(name=name))
            return None
        if period_id is not None and period_id != self.period.pk:
            problem("period", f"This row is not for {self.period.label}: it comes from another quarter's spreadsheet.")
            return None
        if item.commission.pk in self.seen:
            problem(
                "", f"{item.commission.name} is already on row {self.seen[item.commission.pk]}: keep one row for it."
            )
            return None
        self.seen[item.commission.pk] = row.number
        return item

    def not_here(self, *, commission_id=None, name=None) -> str:
        """Why a row's commission is not one of this sheet's, looking only inside this partnership."""
        commissions = Commission.objects.for_partnership(self.partnership).select_related("theme")
        if commission_id is not None:
            found = commissions.filter(pk=commission_id).first()
        else:
            found = next((c for c in commissions if _name_key(c.name) == _name_key(name)), None)
        if found is not None:  # not this theme's: this theme's are all on the sheet
            return f"{found.name} is funded by the {found.theme.name} theme: upload it with that theme's spreadsheet."
        if name is not None:
            return f"There is no commission or project called “{name}” in the {self.theme.name} theme."
        return (
            f"This row is not one of the {self.theme.name} spend returns for {self.period.label}: it comes from "
            "another spreadsheet. " + FRESH_COPY
        )


def _is_blank(row: SheetRow) -> bool:
    return not row.formulas and all(parse_text(row.cells.get(key)) == "" for key in ENTRIES)


def import_spend(rows: list[SheetRow], *, partnership, theme, period: Period, action: str, user, access) -> int:
    """Check and save an upload's rows for one theme and quarter. Returns the number saved; raises
    UploadRejected (nothing saved) when any row has a problem."""
    checker = _SpendRowChecker(
        theme_spend(partnership, theme, period), partnership=partnership, theme=theme, period=period
    )
    parsed, errors = [], []
    for row in rows:
        if _is_blank(row):
            continue  # nothing to say about this commission this time
        result, row_errors = checker.check(row)
        errors.extend(row_errors)
        if result is not None:
            parsed.append(result)

    def attempt(row: SpendRow):
        if nothing_to_do(row.due.ret, row.unchanged, action):
            return None
        save = partial(
            save_spend_return,
            commission=row.due.commission,
            period=period,
            data=row.data,
            action=action,
            user=user,
            access=access,
            expected_version=row.expected_version,
        )
        return row_save_errors(row.number, row.due.commission.name, SPEND_HEADERS, save)

    return save_all_or_nothing(parsed, errors, attempt)
