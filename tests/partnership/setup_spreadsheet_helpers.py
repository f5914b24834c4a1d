"""Shared by the set-up spreadsheet tests: downloading a template, editing its sheets by header,
uploading it back, and what the page said."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from partnership.spreadsheets.read import XLSX_CONTENT_TYPE

NAMES = {
    "boards": "partnership:setup_boards",
    "people": "partnership:setup_people",
    "indicators": "indicators:setup_indicators",
}


def url(partnership, template, which):
    return reverse(f"{NAMES[template]}_{which}", kwargs={"partnership_slug": partnership.slug})


class Book:
    """A downloaded workbook, its sheets addressed by header."""

    def __init__(self, content: bytes):
        self.workbook = load_workbook(io.BytesIO(content))

    def headers(self, sheet):
        return {cell.value: cell.column for cell in self.workbook[sheet][1] if cell.value}

    def rows(self, sheet):
        columns = self.headers(sheet)
        ws = self.workbook[sheet]
        return [
            {header: ws.cell(row, column).value for header, column in columns.items()}
            for row in range(2, ws.max_row + 1)
            if any(ws.cell(row, column).value is not None for column in columns.values())
        ]

    def append(self, sheet, **cells):
        """Add a row after the last filled one; returns its row number."""
        columns = self.headers(sheet)
        row = len(self.rows(sheet)) + 2
        for header, value in cells.items():
            self.workbook[sheet].cell(row, columns[header.replace("_", " ")], value)
        return row

    def set(self, sheet, row, **cells):
        columns = self.headers(sheet)
        for header, value in cells.items():
            self.workbook[sheet].cell(row, columns[header.replace("_", " ")], value)

    def as_upload(self, name="setup.xlsx"):
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def download(client, partnership, template) -> Book:
    response = client.get(url(partnership, template, "download"))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    return Book(response.content)


def upload(client, partnership, template, file):
    return client.post(url(partnership, template, "upload"), {"file": file})


def problems(response):
    return [str(error) for error in response.context["row_errors"]]


def outcome(response):
    return {
        kind: (created, changed, unchanged) for kind, created, changed, unchanged in response.context["outcome"].lines()
    }
