"""Setting up a partnership from spreadsheets: one page listing the three templates in the order
to use them, and for each a download (filled in with what exists) and an upload (all or nothing,
with every row's problem listed). Administrators only. The rules are in partnership.spreadsheets
(and indicators.spreadsheets.setup_indicators); these views load, check the role, call and render."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from partnership.forms.setup import SetupUploadForm
from partnership.spreadsheets import boards, people, people_apply
from partnership.spreadsheets.read import UPLOAD_MAX_BYTES, XLSX_CONTENT_TYPE
from partnership.spreadsheets.setup import SetupRejected

from .base import PartnershipMixin

# The templates in the order to use them: (title, what it sets up, URL names' prefix).
STEPS = [
    ("Boards and meetings", "The boards and groups, who each reports to, the themes each manages, and meetings.",
     "partnership:setup_boards"),
    ("People and their roles", "Partner organisations, people (found by email) and the roles each holds.",
     "partnership:setup_people"),
    ("Indicators and targets", "Adopted and local indicators, their leads, and each year's targets and profile.",
     "indicators:setup_indicators"),
]  # fmt: skip


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def rejection_summary(errors) -> str:
    rows = len({(error.sheet, error.row) for error in errors})
    return (
        f"Nothing has been changed: {plural(len(errors), 'problem')} in {plural(rows, 'row')}, listed below. "
        "Fix them, then upload the spreadsheet again."
    )


class SetupMixin(PartnershipMixin):
    nav_section = "overview"

    def has_permission(self):
        return self.access.can_manage_partnership()


class SetupView(SetupMixin, TemplateView):
    template_name = "partnership/setup.html"

    def get_context_data(self, **kwargs):
        slug = self.partnership.slug
        steps = [
            {
                "number": number,
                "title": title,
                "summary": summary,
                "download_url": reverse(f"{names}_download", kwargs={"partnership_slug": slug}),
                "upload_url": reverse(f"{names}_upload", kwargs={"partnership_slug": slug}),
            }
            for number, (title, summary, names) in enumerate(STEPS, start=1)
        ]
        return super().get_context_data(steps=steps, page_title="Set up from spreadsheets", **kwargs)


class SetupTemplateMixin(SetupMixin):
    """One template's download or upload: `template` is a module or object with LAYOUTS, NOUN,
    build_workbook(partnership) and an importer; `title` and `url_prefix` name it."""

    template = None
    title = ""
    url_prefix = ""

    def filename(self) -> str:
        return f"{self.partnership.slug}-setup-{self.url_prefix.rsplit('_', 1)[-1]}.xlsx"

    def url(self, which):
        return reverse(f"{self.url_prefix}_{which}", kwargs={"partnership_slug": self.partnership.slug})

    def import_rows(self, sheets):
        """Apply the uploaded sheets (each template's upload view says how); abstract here."""
        raise NotImplementedError(f"{type(self).__name__} must say how its rows are applied")


class SetupDownloadView(SetupTemplateMixin, View):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        response = HttpResponse(self.template.build_workbook(self.partnership), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.filename()}"'
        response["Cache-Control"] = "private, no-store"  # it holds the partnership's people
        return response


class SetupUploadView(SetupTemplateMixin, View):
    page_template = "partnership/setup_upload.html"

    def get(self, request, *args, **kwargs):
        return self.render(SetupUploadForm(layouts=self.template.LAYOUTS))

    def post(self, request, *args, **kwargs):
        form = SetupUploadForm(request.POST, request.FILES, layouts=self.template.LAYOUTS)
        if not form.is_valid():
            return self.render(form)
        try:
            outcome = self.import_rows(form.sheets)
        except SetupRejected as rejected:
            form.add_error(None, rejection_summary(rejected.errors))
            return self.render(form, row_errors=rejected.errors)
        return self.render(SetupUploadForm(layouts=self.template.LAYOUTS), outcome=outcome, uploaded=form.file_name)

    def render(self, form, row_errors=(), outcome=None, uploaded=""):
        context = {
            **self.base_context(),
            "form": form,
            "row_errors": row_errors,
            "outcome": outcome,
            "uploaded": uploaded or (form.file_name if form.is_bound else ""),
            "title": self.title,
            "page_title": f"Upload {self.title.lower()}",
            "download_url": self.url("download"),
            "download_filename": self.filename(),
            "back_url": reverse("partnership:setup", kwargs={"partnership_slug": self.partnership.slug}),
            "max_mb": UPLOAD_MAX_BYTES // 2**20,
        }
        return TemplateResponse(self.request, self.page_template, context)


class BoardsMixin:
    template = boards
    title = "Boards and meetings"
    url_prefix = "partnership:setup_boards"

    def import_rows(self, sheets):
        return boards.import_boards(self.partnership, sheets)


class PeopleMixin:
    template = people
    title = "People and their roles"
    url_prefix = "partnership:setup_people"

    def import_rows(self, sheets):
        return people_apply.import_people(self.partnership, sheets, by=self.membership)


class BoardsDownloadView(BoardsMixin, SetupDownloadView):
    pass


class BoardsUploadView(BoardsMixin, SetupUploadView):
    pass


class PeopleDownloadView(PeopleMixin, SetupDownloadView):
    pass


class PeopleUploadView(PeopleMixin, SetupUploadView):
    pass
