"""A theme's returns for one round as a pre-filled XLSX to fill in offline (read back by
indicators.spreadsheets.upload)."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.models import Indicator, ReturnRound
from indicators.return_rules import ATTESTATION_FIELDS
from indicators.services.rounds import DueReturn, due_returns
from partnership.spreadsheets.write import put  # formula-safe cells, shared by every download

from .columns import COLUMNS, FIGURES, GREY, HEADER_FILL, RETURNS_SHEET, TEXTS


def theme_due_returns(partnership, round_: ReturnRound, theme) -> list[DueReturn]:
    """The theme's indicators due in this round, with their periods and returns: a sheet's rows."""
    indicators = (
        Indicator.objects.for_partnership(partnership)
        .filter(lead_theme=theme)
        .select_related("partnership", "lead_theme")
    )
    return [item for item in due_returns(round_, indicators) if item.period is not None]


def download_filename(partnership, theme, round_: ReturnRound, what: str = "") -> str:
    """e.g. "alpha-well-being-Q2-2026-27.xlsx" (`what`, e.g. "spend", after the theme)."""
    period = round_.period.label.replace(" ", "-").replace("/", "-")  # "Q2 2026/27" -> "Q2-2026-27"
    return f"{partnership.slug}-{theme.slug}-{what + '-' if what else ''}{period}.xlsx"


# --- building the download -----------------------------------------------------------------------


def cell_number(amount):
    """Decimals as plain spreadsheet numbers (a Decimal like 5E+1 would look odd in Excel)."""
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _unit_text(indicator: Indicator) -> str:
    text = indicator.get_unit_display()
    if indicator.is_ratio:
        text += f": numerator = {indicator.numerator_label}; denominator = {indicator.denominator_label}"
    return text


def _row_values(item: DueReturn) -> dict:
    indicator, ret = item.indicator, item.ret
    used = ("numerator", "denominator") if indicator.is_ratio else ("value",)
    values = {
        "code": indicator.code,
        "title": indicator.title,
        "period": item.period.label,
        "unit": _unit_text(indicator),
        "version": ret.version if ret else 0,
        "indicator_id": indicator.pk,
        "period_id": item.period.pk,
    }
    values["state"] = item.state.label
    for name in FIGURES:  # only the figures this indicator uses, so nothing is pre-filled in a grey cell
        values[name] = cell_number(getattr(ret, name)) if ret and name in used else None
    for name in TEXTS:
        values[name] = getattr(ret, name) if ret else ""
    for name in ATTESTATION_FIELDS:
        values[name] = "Yes" if ret and getattr(ret, name) else "No"
    return values


def build_workbook(due: list[DueReturn], *, partnership, theme, round_: ReturnRound) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = RETURNS_SHEET
    for index, column in enumerate(COLUMNS, start=1):
        cell = put(sheet, 1, index, column.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    sheet.freeze_panes = "C2"  # keep the header and the code/indicator in view while scrolling

    for row_number, item in enumerate(due, start=2):
        values = _row_values(item)
        unused = {"value"} if item.indicator.is_ratio else {"numerator", "denominator"}
        for index, column in enumerate(COLUMNS, start=1):
            cell = put(sheet, row_number, index, values[column.key])
            cell.alignment = Alignment(wrap_text=column.key in TEXTS or column.key in ("title", "unit"), vertical="top")
            if column.key in unused:
                cell.fill = GREY  # locked too (below): this indicator does not use this figure
                cell.comment = Comment("Not used by this indicator: leave it empty.", "Partnership Performance")
            elif column.entry:
                cell.protection = Protection(locked=False)
                cell.number_format = "General" if column.key in FIGURES else "@"

    if due:
        yes_no = DataValidation(
            type="list",
            formula1='"Yes,No"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Yes or No",
            error="Choose Yes or No.",
        )
        letter = {column.key: get_column_letter(index) for index, column in enumerate(COLUMNS, start=1)}
        yes_no.add(f"{letter[ATTESTATION_FIELDS[0]]}2:{letter[ATTESTATION_FIELDS[-1]]}{len(due) + 1}")
        sheet.add_data_validation(yes_no)
    # Protected without a password: it stops accidental edits to codes, ids and versions, and keeps
    # the hidden columns hidden; it is a guard-rail, not security (the upload checks everything).
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # allowed: people may make rows taller to read long text

    _add_instructions(
        workbook.create_sheet("Instructions"), partnership=partnership, theme=theme, round_=round_, count=len(due)
    )
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_instructions(sheet, *, partnership, theme, round_, count):
    lines = [
        (f"{theme.name} returns for {round_.period.label}", True),
        (
            f"{partnership.name}. Collation deadline: {round_.collation_deadline:%d %B %Y}. "
            f"Downloaded {timezone.localtime():%d %B %Y at %H:%M}. {count} indicator(s) due.",
            False,
        ),
        ("", False),
        ("How to fill it in", True),
        (
            "1. On the Returns sheet, enter each result in Value, or in Numerator and Denominator for indicators "
            "worked out from two counts. Grey cells are not used by that indicator: leave them empty.",
            False,
        ),
        ("2. Type plain numbers, like 42.5: no commas, % or £ signs.", False),
        ("3. Answer Yes or No for each of the six data-quality standards. All six must be Yes to submit.", False),
        ("4. If a result is off target, give the reason for the variance and the action being taken.", False),
        ("5. Do not remove columns or change codes: hidden columns tie each row to its return.", False),
        (
            "6. Leave a row empty to skip it. To clear figures already saved, use the return's page on the website.",
            False,
        ),
        ("", False),
        ("Uploading", True),
        (
            "Upload the file on the same page you downloaded it from. Choose whether to save every filled-in row as a "
            "draft or to submit them all for approval.",
            False,
        ),
        (
            "Every row is checked first. If any row has a problem, nothing is saved and the page lists each problem "
            "with its row number: fix them and upload again.",
            False,
        ),
        (
            "If someone changed a return on the website after you downloaded this file, that row is refused so their "
            "figures are not overwritten: download a fresh copy.",
            False,
        ),
    ]
    sheet.column_dimensions["A"].width = 110
    for row, (text, bold) in enumerate(lines, start=1):
        cell = put(sheet, row, 1, text)
        cell.font = Font(bold=bold, size=14 if row == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
