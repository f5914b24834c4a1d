from django import forms

from indicators.spreadsheets.columns import UPLOAD_MAX_BYTES, XLSX_CONTENT_TYPE
from indicators.spreadsheets.read import SpreadsheetUnreadable, read_upload
from indicators.spreadsheets.spend_upload import read_spend_upload
from indicators.workflow import ReturnAction
from partnership.forms.base import GovukFormMixin


class SpreadsheetUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="The .xlsx file downloaded from this page, filled in. "
        f"Smaller than {UPLOAD_MAX_BYTES // (1024 * 1024)} MB.",
        error_messages={"required": "Choose the spreadsheet to upload.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload", "accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )
    action = forms.ChoiceField(
        label="What to do with the returns",
        choices=[(ReturnAction.SAVE_DRAFT, "Save as drafts"), (ReturnAction.SUBMIT, "Submit for approval")],
        initial=ReturnAction.SAVE_DRAFT,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to save the returns as drafts or submit them.",
            "invalid_choice": "Choose whether to save the returns as drafts or submit them.",
        },
    )

    def read_rows(self, upload):
        return read_upload(upload)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.rows = self.read_rows(upload)
        except SpreadsheetUnreadable as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload


class SpendSpreadsheetUploadForm(SpreadsheetUploadForm):
    """The spend spreadsheet: the same file checks, its own layout."""

    def read_rows(self, upload):
        return read_spend_upload(upload)
