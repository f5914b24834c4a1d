"""Shared by the spreadsheet tests: the download and upload URLs, the Returns sheet of a workbook,
downloading and uploading one, and the per-row problems an upload reports."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import IndicatorReturn
from indicators.spreadsheets import columns
from indicators.workflow import ReturnAction, ReturnState

ALL_YES = {"Accurate": "Yes", "Valid": "Yes", "Reliable": "Yes", "Timely": "Yes", "Relevant": "Yes", "Complete": "Yes"}


def url(tree, name, theme=None):
    return reverse(
        f"indicators:spreadsheet_{name}",
        kwargs={
            "partnership_slug": tree.partnership.slug,
            "round_id": tree.round.pk,
            "theme_slug": (theme or tree.theme).slug,
        },
    )


class Sheet:
    """The Returns sheet of a downloaded workbook, addressed by indicator code and column header
    (or another sheet, by its `key` column: the Spend sheet by commission)."""

    def __init__(self, content: bytes, name="Returns", key="Code"):
        self.workbook = load_workbook(io.BytesIO(content))
        self.sheet = self.workbook[name]
        self.key = key
        self.columns = {cell.value: cell.column for cell in self.sheet[1]}

    def row_of(self, code):
        return next(
            row
            for row in range(2, self.sheet.max_row + 1)
            if self.sheet.cell(row, self.columns[self.key]).value == code
        )

    def get(self, code, header):
        return self.sheet.cell(self.row_of(code), self.columns[header]).value

    def set(self, code, **cells):
        row = self.row_of(code)
        for header, value in cells.items():
            self.sheet.cell(row, self.columns[header.replace("_", " ")], value)

    def codes(self):
        return [self.sheet.cell(row, self.columns[self.key]).value for row in range(2, self.sheet.max_row + 1)]

    def as_upload(self, name="returns.xlsx"):
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return SimpleUploadedFile(name, buffer.getvalue(), content_type=columns.XLSX_CONTENT_TYPE)


def download(client, tree):
    response = client.get(url(tree, "download"))
    assert response.status_code == 200
    return Sheet(response.content)


def upload(client, tree, file, action=ReturnAction.SAVE_DRAFT):
    return client.post(url(tree, "upload"), {"file": file, "action": action})


def problems(response):
    return [(e.row, e.code, e.field, e.message) for e in response.context["row_errors"]]


def assert_nothing_saved(tree, *codes_not_started):
    ret = IndicatorReturn.objects.get(pk=tree.indicator_return.pk)
    assert (ret.value, ret.version, ret.state) == (Decimal("50"), 1, ReturnState.DRAFT)
    assert not IndicatorReturn.objects.filter(
        indicator__code__in=codes_not_started, indicator__partnership=tree.partnership
    ).exists()
