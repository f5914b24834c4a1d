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

from .cells import CellProblem, parse_money_cell, parse_text
from .spend import FRESH_COPY, SPEND_HEADERS, SPEND_LAYOUT, SPEND_SHEET, TEXTS, DueSpend, theme_spend
from .upload import RowMatcher, nothing_to_do, row_save_errors, same_name, save_all_or_nothing

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


class _SpendRowChecker(RowMatcher):
    """The spend sheet: a row for each of the theme's commissions, for one quarter."""

    name_column, name_word, id_column = "commission", "name", "commission_id"
    name_needed = "Enter the commission's name."
    headers, figures, texts = SPEND_HEADERS, MONEY_FIELDS, TEXTS
    fresh_copy = FRESH_COPY
    parsed = SpendRow

    def __init__(self, due: list[DueSpend], *, partnership, theme, period: Period):
        super().__init__(due)
        self.partnership, self.theme, self.period = partnership, theme, period

    @staticmethod
    def id_of(item: DueSpend) -> int:
        return item.commission.pk

    @staticmethod
    def name_of(item: DueSpend) -> str:
        return item.commission.name

    def other_period(self, item: DueSpend) -> str:
        return f"This row is not for {item.period.label}: it comes from another quarter's spreadsheet. " + FRESH_COPY

    def read(self, row: SheetRow, item: DueSpend | None, problem) -> SpendInput:
        values = {key: parse_text(row.cells.get(key)) for key in TEXTS}
        for key in MONEY_FIELDS:
            try:
                values[key] = parse_money_cell(row.cells.get(key))
            except CellProblem as bad:
                values[key] = None
                problem(key, str(bad))
        if item is not None and item.ret is not None:  # an empty cell keeps what is saved
            values = {key: getattr(item.ret, key) if value in (None, "") else value for key, value in values.items()}
        return SpendInput(**values)

    def not_here(self, *, item_id=None, name=None) -> str:
        """Why a row's commission is not one of this sheet's, looking only inside this partnership."""
        commissions = Commission.objects.for_partnership(self.partnership).select_related("theme")
        if item_id is not None:
            found = commissions.filter(pk=item_id).first()
        else:
            found = next((c for c in commissions if same_name(c.name, name)), None)
        if found is not None:  # not this theme's: this theme's are all on the sheet
            return f"{found.name} is funded by the {found.theme.name} theme: upload it with that theme's spreadsheet."
        if name is not None:
            return f"There is no commission or project called “{name}” in the {self.theme.name} theme."
        return (
            f"This row is not one of the {self.theme.name} spend returns for {self.period.label}: it comes from "
            "another spreadsheet. " + FRESH_COPY
        )


def import_spend(rows: list[SheetRow], *, partnership, theme, period: Period, action: str, user, access) -> int:
    """Check and save an upload's rows for one theme and quarter. Returns the number saved; raises
    UploadRejected (nothing saved) when any row has a problem."""
    due = theme_spend(partnership, theme, period)
    parsed, errors = _SpendRowChecker(due, partnership=partnership, theme=theme, period=period).check_all(rows)

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
