"""Download a theme's returns for a round as an XLSX, and upload it back (indicators.spreadsheets
does the work; these views check who may, and show the outcome)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import View

from indicators.forms.spreadsheets import SpreadsheetUploadForm
from indicators.models import ReturnRound
from indicators.spreadsheets.columns import UPLOAD_MAX_BYTES, XLSX_CONTENT_TYPE
from indicators.spreadsheets.download import build_workbook, download_filename, theme_due_returns
from indicators.spreadsheets.upload import UploadRejected, import_returns
from indicators.workflow import ReturnAction
from partnership.models import Theme
from partnership.views.base import PartnershipMixin

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


class ThemeRoundMixin(PartnershipMixin):
    """The round and the theme named in the URL, from this partnership only. Each view says who
    may use it (`has_permission`); the base refuses everyone."""

    nav_section = "returns"

    def load_objects(self):
        self.round = self.get_scoped_or_404(ReturnRound.objects.select_related("period"), pk=self.kwargs["round_id"])
        self.theme = self.get_scoped_or_404(Theme, slug=self.kwargs["theme_slug"])

    def has_permission(self):
        return False

    def url(self, name):
        kwargs = {"partnership_slug": self.partnership.slug, "round_id": self.round.pk, "theme_slug": self.theme.slug}
        return reverse(f"indicators:spreadsheet_{name}", kwargs=kwargs)


class SpreadsheetDownloadView(ThemeRoundMixin, View):
    http_method_names = ["get"]

    def has_permission(self):
        # Those who enter or approve the theme's returns, and administrators overseeing collation.
        theme_id = self.theme.pk
        return (
            self.access.can_enter_returns(theme_id) or self.access.can_approve_returns(theme_id) or self.access.is_admin
        )

    def get(self, request, *args, **kwargs):
        due = theme_due_returns(self.partnership, self.round, self.theme)
        content = build_workbook(due, partnership=self.partnership, theme=self.theme, round_=self.round)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        filename = download_filename(self.partnership, self.theme, self.round)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"  # it holds unpublished figures
        return response


class SpreadsheetUploadView(ThemeRoundMixin, View):
    template_name = "indicators/spreadsheet/upload.html"

    def has_permission(self):
        return self.access.can_enter_returns(self.theme.pk)  # only the theme's officers enter returns

    def get(self, request, *args, **kwargs):
        return self.render(SpreadsheetUploadForm())

    def post(self, request, *args, **kwargs):
        form = SpreadsheetUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        action = form.cleaned_data["action"]
        try:
            saved = import_returns(
                form.rows,
                partnership=self.partnership,
                theme=self.theme,
                round_=self.round,
                action=action,
                user=request.user,
                access=self.access,
            )
        except UploadRejected as rejected:
            form.add_error(None, rejection_summary(rejected.errors))
            return self.render(form, row_errors=rejected.errors)
        if not saved:
            form.add_error(
                "file",
                "The spreadsheet has no new figures to save: every row is empty or the same as the saved return.",
            )
            return self.render(form)
        where = f"{self.theme.name}, {self.round.period.label}"
        messages.success(request, f"{plural(saved, 'return')} for {where}, {saved_words(saved, action)}.")
        return redirect(returns_url(self.partnership))

    def render(self, form, row_errors=()):
        context = {
            **self.base_context(),
            "form": form,
            "row_errors": row_errors,
            "theme": self.theme,
            "round": self.round,
            "download_url": self.url("download"),
            "download_filename": download_filename(self.partnership, self.theme, self.round),
            "back_url": returns_url(self.partnership, self.round),
            "page_title": f"Upload {self.theme.name} returns for {self.round.period.label}",
            "max_mb": UPLOAD_MAX_BYTES // (1024 * 1024),
        }
        return TemplateResponse(self.request, self.template_name, context)
