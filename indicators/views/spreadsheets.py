"""Download a theme's returns (or its spend returns) for a round as an XLSX, and upload it back
(indicators.spreadsheets does the work; these views check who may, and show the outcome)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import View

from indicators.forms.spreadsheets import SpendSpreadsheetUploadForm, SpreadsheetUploadForm
from indicators.models import ReturnRound
from indicators.spreadsheets.columns import UPLOAD_MAX_BYTES, XLSX_CONTENT_TYPE
from indicators.spreadsheets.download import build_workbook, download_filename, theme_due_returns
from indicators.spreadsheets.spend import build_spend_workbook, round_quarter, theme_spend
from indicators.spreadsheets.spend_upload import import_spend
from indicators.spreadsheets.upload import UploadRejected, import_returns
from indicators.workflow import ReturnAction
from partnership.models import Theme
from partnership.views.base import PartnershipMixin

from .money import commissions_url
from .returns import returns_url


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def rejection_summary(errors) -> str:
    """What the top of the form says when an upload is refused (the rows' problems are listed below it)."""
    rows = len({error.row for error in errors})
    return (
        f"Nothing has been saved: {plural(len(errors), 'problem')} in {plural(rows, 'row')}, listed below. "
        "Fix them, then upload the spreadsheet again."
    )


def saved_words(saved: int, action: str) -> str:
    if action == ReturnAction.SUBMIT:
        return "submitted for approval"
    return "saved as drafts" if saved != 1 else "saved as a draft"


NOTHING_NEW = "every row is empty or the same as the saved"
# What the upload page says, for each kind of return.
RETURN_WORDS = {
    "heading": "Upload returns from a spreadsheet",
    "rows": "a row for each of the theme's indicators due",
    "submit_hint": "Submitting needs every filled-in row to be complete: figures, all six data-quality answers "
    "Yes, and a reason and action where a result is off target.",
    "back": "Back to your returns",
    "row_subject": "Indicator",
}
SPEND_WORDS = {
    "heading": "Upload spend returns from a spreadsheet",
    "rows": "a row for each of the theme's commissions and projects for",
    "submit_hint": "Submitting needs every filled-in row to have its actual spend, and a reason and action "
    "where spend is off its profile.",
    "back": "Back to commissions and projects",
    "row_subject": "Commission",
}


class ThemeRoundMixin(PartnershipMixin):
    """The round and the theme named in the URL, from this partnership only. Each view says who
    may use it (`has_permission`); the base refuses everyone."""

    nav_section = "returns"
    url_prefix = "spreadsheet"

    def load_objects(self):
        self.round = self.get_scoped_or_404(ReturnRound.objects.select_related("period"), pk=self.kwargs["round_id"])
        self.theme = self.get_scoped_or_404(Theme, slug=self.kwargs["theme_slug"])

    def has_permission(self):
        return False

    def url(self, name):
        kwargs = {"partnership_slug": self.partnership.slug, "round_id": self.round.pk, "theme_slug": self.theme.slug}
        return reverse(f"indicators:{self.url_prefix}_{name}", kwargs=kwargs)

    def filename(self) -> str:
        return download_filename(self.partnership, self.theme, self.round)

    def uploader(self) -> dict:
        """Whose upload to whose sheet: what every import takes."""
        return {"partnership": self.partnership, "theme": self.theme, "user": self.request.user, "access": self.access}


class SpreadsheetDownloadView(ThemeRoundMixin, View):
    http_method_names = ["get"]

    def has_permission(self):
        # Those who enter or approve the theme's returns, and administrators overseeing collation.
        theme_id = self.theme.pk
        return (
            self.access.can_enter_returns(theme_id) or self.access.can_approve_returns(theme_id) or self.access.is_admin
        )

    def workbook(self) -> bytes:
        due = theme_due_returns(self.partnership, self.round, self.theme)
        return build_workbook(due, partnership=self.partnership, theme=self.theme, round_=self.round)

    def get(self, request, *args, **kwargs):
        response = HttpResponse(self.workbook(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        response["Cache-Control"] = "private, no-store"  # it holds unpublished figures
        return response


class SpreadsheetUploadView(ThemeRoundMixin, View):
    template_name = "indicators/spreadsheet/upload.html"
    form_class = SpreadsheetUploadForm
    noun = "return"
    words = RETURN_WORDS

    def has_permission(self):
        return self.access.can_enter_returns(self.theme.pk)  # only the theme's officers enter returns

    def import_rows(self, rows, action) -> int:
        return import_returns(rows, round_=self.round, action=action, **self.uploader())

    def done_url(self) -> str:
        return returns_url(self.partnership)

    def back_url(self) -> str:
        return returns_url(self.partnership, self.round)

    def get(self, request, *args, **kwargs):
        return self.render(self.form_class())

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        action = form.cleaned_data["action"]
        try:
            saved = self.import_rows(form.rows, action)
        except UploadRejected as rejected:
            form.add_error(None, rejection_summary(rejected.errors))
            return self.render(form, row_errors=rejected.errors)
        if not saved:
            form.add_error("file", f"The spreadsheet has no new figures to save: {NOTHING_NEW} {self.noun}.")
            return self.render(form)
        where = f"{self.theme.name}, {self.round.period.label}"
        messages.success(request, f"{plural(saved, self.noun)} for {where}, {saved_words(saved, action)}.")
        return redirect(self.done_url())

    def render(self, form, row_errors=()):
        context = {
            **self.base_context(),
            "form": form,
            "row_errors": row_errors,
            "theme": self.theme,
            "round": self.round,
            "words": self.words,
            "download_url": self.url("download"),
            "download_filename": self.filename(),
            "back_url": self.back_url(),
            "page_title": f"Upload {self.theme.name} {self.noun}s for {self.round.period.label}",
            "max_mb": UPLOAD_MAX_BYTES // (1024 * 1024),
        }
        return TemplateResponse(self.request, self.template_name, context)


# --- spend returns: the same round trip, a row for each of the theme's commissions -------------------


class SpendSheetMixin:
    """The spend spreadsheet of a round's quarter (a round of another period collects no spend: 404)."""

    nav_section = "money"
    url_prefix = "spend_spreadsheet"

    def load_objects(self):
        super().load_objects()
        self.period = round_quarter(self.round)
        if self.period is None:
            raise Http404

    def filename(self) -> str:
        return download_filename(self.partnership, self.theme, self.round, "spend")


class SpendSpreadsheetDownloadView(SpendSheetMixin, SpreadsheetDownloadView):
    def workbook(self) -> bytes:
        due = theme_spend(self.partnership, self.theme, self.period)
        return build_spend_workbook(due, partnership=self.partnership, theme=self.theme, round_=self.round)


class SpendSpreadsheetUploadView(SpendSheetMixin, SpreadsheetUploadView):
    form_class = SpendSpreadsheetUploadForm
    noun = "spend return"
    words = SPEND_WORDS

    def import_rows(self, rows, action) -> int:
        return import_spend(rows, period=self.period, action=action, **self.uploader())

    def done_url(self) -> str:
        return commissions_url(self.partnership)

    def back_url(self) -> str:
        return commissions_url(self.partnership)
