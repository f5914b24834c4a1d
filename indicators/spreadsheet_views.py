"""Download a theme's returns for a round as an XLSX, and upload it back (indicators.spreadsheets
does the work; these views check who may, and show the outcome)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import View

from indicators import spreadsheets
from indicators.models import ReturnRound
from indicators.workflow import Action
from partnership.forms import GovukFormMixin
from partnership.models import Theme
from partnership.views.base import PartnershipMixin


class SpreadsheetUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text=f"The .xlsx file downloaded from this page, filled in. Smaller than {spreadsheets.UPLOAD_MAX_BYTES // (1024 * 1024)} MB.",
        error_messages={"required": "Choose the spreadsheet to upload.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload", "accept": ".xlsx," + spreadsheets.XLSX_CONTENT_TYPE}),
    )
    action = forms.ChoiceField(
        label="What to do with the returns",
        choices=[(Action.SAVE_DRAFT, "Save as drafts"), (Action.SUBMIT, "Submit for approval")],
        initial=Action.SAVE_DRAFT, widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to save the returns as drafts or submit them.", "invalid_choice": "Choose whether to save the returns as drafts or submit them."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.rows = spreadsheets.read_upload(upload)
        except spreadsheets.SpreadsheetUnreadable as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload


class ThemeRoundMixin(PartnershipMixin):
    """Loads the round and the theme named in the URL, from this partnership only."""

    nav_section = "returns"

    def has_permission(self):
        # Objects first, so another partnership's round or theme is a 404 rather than a 403.
        self.round = self.get_scoped_or_404(ReturnRound.objects.select_related("period"), pk=self.kwargs["round_id"])
        self.theme = self.get_scoped_or_404(Theme, slug=self.kwargs["theme_slug"])
        return self.may_use()

    def may_use(self) -> bool:
        return False  # each view says who may use it; anything it does not allow is refused

    def url(self, name):
        return reverse(f"returns:spreadsheet:{name}", kwargs={
            "partnership_slug": self.partnership.slug, "round_id": self.round.pk, "theme_slug": self.theme.slug,
        })


class SpreadsheetDownloadView(ThemeRoundMixin, View):
    http_method_names = ["get"]

    def may_use(self):
        # Those who enter or approve the theme's returns, and administrators overseeing collation.
        theme_id = self.theme.pk
        return self.access.can_enter_returns(theme_id) or self.access.can_approve_returns(theme_id) or self.access.is_admin

    def get(self, request, *args, **kwargs):
        due = spreadsheets.due_returns(self.partnership, self.round, self.theme)
        content = spreadsheets.build_workbook(due, partnership=self.partnership, theme=self.theme, round_=self.round)
        response = HttpResponse(content, content_type=spreadsheets.XLSX_CONTENT_TYPE)
        filename = spreadsheets.download_filename(self.partnership, self.theme, self.round)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"  # it holds unpublished figures
        return response


class SpreadsheetUploadView(ThemeRoundMixin, View):
    template_name = "indicators/spreadsheet/upload.html"

    def may_use(self):
        return self.access.can_enter_returns(self.theme.pk)  # only the theme's officers enter returns

    def get(self, request, *args, **kwargs):
        return self.render(SpreadsheetUploadForm())

    def post(self, request, *args, **kwargs):
        form = SpreadsheetUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        action = form.cleaned_data["action"]
        try:
            saved = spreadsheets.import_returns(
                form.rows, partnership=self.partnership, theme=self.theme, round_=self.round, action=action,
                user=request.user, access=self.access,
            )
        except spreadsheets.UploadRejected as rejected:
            count = len(rejected.errors)
            rows = len({error.row for error in rejected.errors})
            form.add_error(None, f"Nothing has been saved: {count} problem{'s' if count != 1 else ''} in "
                                 f"{rows} row{'s' if rows != 1 else ''}, listed below. Fix them, then upload the spreadsheet again.")
            return self.render(form, row_errors=rejected.errors)
        if not saved:
            form.add_error("file", "The spreadsheet has no new figures to save: every row is empty or the same as the saved return.")
            return self.render(form)
        noun = f"{saved} return{'s' if saved != 1 else ''}"
        done = "submitted for approval" if action == Action.SUBMIT else "saved as drafts" if saved != 1 else "saved as a draft"
        messages.success(request, f"{noun} for {self.theme.name}, {self.round.period.label}, {done}.")
        return redirect("returns:mine", partnership_slug=self.partnership.slug)

    def render(self, form, row_errors=()):
        context = {
            "partnership": self.partnership, "membership": self.membership, "access": self.access, "nav_section": self.nav_section,
            "form": form, "row_errors": row_errors, "theme": self.theme, "round": self.round,
            "download_url": self.url("download"), "download_filename": spreadsheets.download_filename(self.partnership, self.theme, self.round),
            "back_url": f"{reverse('returns:mine', kwargs={'partnership_slug': self.partnership.slug})}?round={self.round.pk}",
            "page_title": f"Upload {self.theme.name} returns for {self.round.period.label}",
            "max_mb": spreadsheets.UPLOAD_MAX_BYTES // (1024 * 1024),
        }
        return TemplateResponse(self.request, self.template_name, context)
