from django import forms

from partnership.spreadsheets.read import UPLOAD_MAX_BYTES, XLSX_CONTENT_TYPE, SpreadsheetUnreadable, read_sheets

from .base import GovukFormMixin


class SetupUploadForm(GovukFormMixin, forms.Form):
    """A filled-in set-up template: the file's guards and its sheets' rows (partnership.spreadsheets.read)."""

    file = forms.FileField(
        label="Filled-in template",
        help_text=f"The .xlsx file downloaded from this page, filled in. Smaller than {UPLOAD_MAX_BYTES // 2**20} MB.",
        error_messages={"required": "Choose the spreadsheet to upload.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload", "accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )

    def __init__(self, *args, layouts, **kwargs):
        super().__init__(*args, **kwargs)
        self.layouts = layouts
        self.sheets = {}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.sheets = read_sheets(upload, self.layouts)
        except SpreadsheetUnreadable as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload

    @property
    def file_name(self) -> str:
        upload = self.files.get("file") if self.is_bound else None
        return upload.name if upload is not None else ""
