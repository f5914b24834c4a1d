"""A theme's spend returns for one round's quarter as a pre-filled XLSX to fill in offline: a row for
each of its commissions, with the quarter's profiled budget to read and the spend, match funding,
words and progress to enter (read back by indicators.spreadsheets.spend_upload)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection

from indicators.models import BudgetProfile, Commission, Period, ReturnRound, SpendReturn
from indicators.money import MONEY_FIELDS, PROGRESS_FIELDS
from indicators.periods import PeriodKind
from indicators.workflow import ReturnState
from partnership.spreadsheets.read import SheetLayout
from partnership.spreadsheets.write import put, workbook_bytes, write_header, write_instructions

from .columns import GREY, Column
from .download import cell_number

SPEND_SHEET = "Spend"
FRESH_COPY = "Download a fresh copy of the spend spreadsheet and enter the figures in it."
TEXTS = ("commentary", "variance_reason", "action_taken", *PROGRESS_FIELDS)
SPEND_COLUMNS = [
    Column("commission", "Commission", 36),
    Column("funding", "Stream", 20),
    Column("period", "Quarter", 12),
    Column("profile", "Profiled budget (£)", 14),
    Column("actual_spend", "Actual spend (£)", 14, entry=True),
    Column("match_cash", "Match funding: cash (£)", 14, entry=True),
    Column("match_in_kind", "Match funding: in kind (£)", 14, entry=True),
    Column("match_leverage", "Leverage or complementary funding (£)", 16, entry=True),
    Column("commentary", "Commentary", 40, entry=True),
    Column("variance_reason", "Reason for variance", 40, entry=True),
    Column("action_taken", "Action being taken", 40, entry=True),
    Column("sustainability", "Progress towards sustainability / mainstreaming", 40, entry=True),
    Column("partnership_working", "Partnership working", 40, entry=True),
    Column("community_engagement", "Community engagement", 40, entry=True),
    Column("state", "State", 20),
    # Hidden: the version the figures were read at, and the ids that tie a row to one spend return.
    Column("version", "Version", 9, hidden=True),
    Column("commission_id", "Commission ID", 12, hidden=True),
    Column("period_id", "Period ID", 10, hidden=True),
]
SPEND_HEADERS = {column.key: column.header for column in SPEND_COLUMNS}
SPEND_LAYOUT = SheetLayout(
    name=SPEND_SHEET,
    columns=tuple(SPEND_COLUMNS),
    anchor="commission",
    required=("commission", *MONEY_FIELDS, *TEXTS),  # without these the upload could drop what was typed
    noun="spend spreadsheet",
    fresh_copy=FRESH_COPY,
    first_sheet_fallback=True,
)


@dataclass
class DueSpend:
    """A commission of the theme, its profile for the quarter and its spend return if started."""

    commission: Commission
    period: Period
    profile: Decimal | None
    ret: SpendReturn | None

    @property
    def state(self) -> ReturnState:
        return self.ret.shown_state if self.ret else ReturnState.NOT_STARTED


def round_quarter(round_: ReturnRound) -> Period | None:
    """The quarter a round collects spend for: its own period, when that is a quarter."""
    return round_.period if round_.period.kind == PeriodKind.QUARTER else None


def theme_spend(partnership, theme, period: Period) -> list[DueSpend]:
    """The theme's commissions with their profile and spend return for the quarter (three queries)."""
    commissions = list(
        Commission.objects.for_partnership(partnership).filter(theme=theme).select_related("theme").order_by("name")
    )
    ids = [commission.pk for commission in commissions]
    profiles = dict(
        BudgetProfile.objects.filter(commission_id__in=ids, period=period).values_list("commission_id", "amount")
    )
    returns = {ret.commission_id: ret for ret in SpendReturn.objects.filter(commission_id__in=ids, period=period)}
    return [DueSpend(c, period, profiles.get(c.pk), returns.get(c.pk)) for c in commissions]


def _row_values(item: DueSpend) -> dict:
    ret = item.ret
    values = {
        "commission": item.commission.name,
        "funding": item.commission.funding_display,
        "period": item.period.label,
        "profile": cell_number(item.profile),
        "state": item.state.label,
        "version": ret.version if ret else 0,
        "commission_id": item.commission.pk,
        "period_id": item.period.pk,
    }
    values.update({name: cell_number(getattr(ret, name)) if ret else None for name in MONEY_FIELDS})
    values.update({name: getattr(ret, name) if ret else "" for name in TEXTS})
    return values


def build_spend_workbook(due: list[DueSpend], *, partnership, theme, round_: ReturnRound) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SPEND_SHEET
    write_header(sheet, SPEND_COLUMNS)
    sheet.freeze_panes = "B2"  # keep the header and the commission in view while scrolling
    for row_number, item in enumerate(due, start=2):
        values = _row_values(item)
        for index, column in enumerate(SPEND_COLUMNS, start=1):
            cell = put(sheet, row_number, index, values[column.key])
            cell.alignment = Alignment(wrap_text=column.key in TEXTS or column.key == "commission", vertical="top")
            if column.key == "profile":
                cell.fill = GREY  # to read: profiles are set on the commission's page
            if column.entry:
                cell.protection = Protection(locked=False)
                cell.number_format = "#,##0.00" if column.key in MONEY_FIELDS else "@"
    # Protected without a password, as the returns spreadsheet: a guard-rail, not security.
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    write_instructions(workbook.create_sheet("Instructions"), _instructions(partnership, theme, round_, len(due)))
    workbook.active = 0
    return workbook_bytes(workbook)


def _instructions(partnership, theme, round_: ReturnRound, count: int):
    return [
        (f"{theme.name} spend returns for {round_.period.label}", True),
        (
            f"{partnership.name}. Collation deadline: {round_.collation_deadline:%d %B %Y}. "
            f"Downloaded {timezone.localtime():%d %B %Y at %H:%M}. {count} commission(s) and project(s).",
            False,
        ),
        ("", False),
        ("How to fill it in", True),
        (
            "1. On the Spend sheet, enter each commission's actual spend for the quarter, in pounds, like 1250.50.",
            False,
        ),
        ("2. Enter match funding (cash, in kind) and leverage or complementary funding, where there is any.", False),
        (
            "3. Where spend is off its profiled budget (grey, for reference), give the reason for the variance and "
            "the action being taken: a submission needs them.",
            False,
        ),
        ("4. Say what progress it has made on sustainability, partnership working and community engagement.", False),
        ("5. Do not remove columns or change names: hidden columns tie each row to its spend return.", False),
        (
            "6. Leave a row empty to skip it. An empty cell never clears what is saved: it keeps it. To clear "
            "something already saved, use the spend return's page on the website.",
            False,
        ),
        ("", False),
        ("Uploading", True),
        (
            "Every row is checked first. If any row has a problem, nothing is saved and the page lists each problem "
            "with its row and column. Formulas are refused: type the figures and words themselves. Only returns in "
            "progress change: a submitted or approved return is changed on the website, after it is returned.",
            False,
        ),
        (
            "If someone changed a spend return on the website after you downloaded this file, that row is refused so "
            "their figures are not overwritten: download a fresh copy.",
            False,
        ),
    ]
