"""Theme exception reports (view, edit by the theme's Performance Management Lead, finalise, PDF)
and the HSP/PMG report (layered: overview or detail). The rules live in
reporting.services.exception_reports and reporting.services.partnership_reports."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from partnership.concurrency import StaleEdit, stale_edit_message
from partnership.models import Board, BoardKind
from partnership.pdf import pdf_response, render_pdf
from partnership.views.base import PartnershipMixin
from reporting.forms.reports import ContributionForm, ExceptionReportForm, ReportFilterForm
from reporting.models import ExceptionReport, ReportingCycle
from reporting.packs.inputs import may_get_board_pack
from reporting.permissions import may_write_assurance
from reporting.services.decisions import assurance_data, executive_recommendations
from reporting.services.exception_reports import (
    ReportInvalid,
    ReportRefused,
    change_state,
    contributable_items,
    contribute,
    exception_report_context,
    exception_report_pdf,
    item_views,
    report_history,
    save_exception_report,
)
from reporting.services.partnership_reports import (
    LEVEL_LABELS,
    Level,
    chosen_level,
    default_level,
    hsp_report,
    report_versions,
)


def slug_label(text) -> str:
    return str(text).replace(" ", "-").replace("/", "-")


class ExceptionListView(PartnershipMixin, TemplateView):
    """The partnership's exception reports by quarter and theme, with links to the HSP/PMG report."""

    template_name = "reporting/reports/exception_list.html"
    nav_section = "reports"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycles = list(self.scoped(ReportingCycle).select_related("period"))
        form = ReportFilterForm(self.request.GET or None, cycles=cycles)
        chosen = form.cleaned_data.get("cycle") if form.is_valid() else ""
        reports = (
            self.scoped(ExceptionReport)
            .select_related("theme", "cycle__period")
            .order_by("-cycle__period__start", "theme__position", "theme__name")
        )
        if chosen:
            reports = reports.filter(cycle_id=chosen)
            cycles = [c for c in cycles if str(c.pk) == chosen]
        reports = list(reports)
        by_cycle = {}
        for report in reports:
            by_cycle.setdefault(report.cycle_id, []).append(report)
        context.update(
            form=form,
            page_title="Exception reports",
            # Quarters with reports, or frozen with none (a partnership without themes yet).
            groups=[
                (cycle, by_cycle.get(cycle.pk, [])) for cycle in cycles if cycle.pk in by_cycle or cycle.snapshot_at
            ],
            writable_theme_ids={r.theme_id for r in reports if self.access.can_write_exception_report(r.theme_id)},
        )
        return context


class ExceptionReportMixin(PartnershipMixin):
    nav_section = "reports"

    def load_objects(self):
        self.report = self.get_scoped_or_404(
            ExceptionReport.objects.select_related(
                "theme", "cycle__period", "cycle__partnership", "snapshot"
            ).prefetch_related("items__indicator"),
            pk=self.kwargs["report_id"],
        )

    @property
    def can_edit(self) -> bool:
        return self.access.can_write_exception_report(self.report.theme_id)

    def detail_url(self):
        return reverse(
            "reporting:exception_detail",
            kwargs={"partnership_slug": self.partnership.slug, "report_id": self.report.pk},
        )

    def render_form(self, form, conflict=None):
        context = {
            **self.base_context(),
            "report": self.report,
            "form": form,
            "conflict": conflict,
            "back_url": self.detail_url(),
            "conflict_items": item_views(conflict) if conflict else [],
            "page_title": f"Edit the {self.report.theme.name} exception report, {self.report.cycle.period}",
        }
        return TemplateResponse(self.request, "reporting/reports/exception_edit.html", context)


class ExceptionDetailView(ExceptionReportMixin, TemplateView):
    template_name = "reporting/reports/exception_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        context.update(exception_report_context(report))
        context.update(
            can_edit=self.can_edit,
            can_contribute=bool(contributable_items(report, self.membership)) and report.state == report.State.DRAFT,
            history=report_history(report),
            page_title=f"{report.theme.name} exception report",
            dashboard_url=reverse(
                "reporting:dashboard",
                kwargs={"partnership_slug": self.partnership.slug, "theme_slug": report.theme.slug},
            )
            + f"?snapshot={report.snapshot_id}",
        )
        return context


class ExceptionEditView(ExceptionReportMixin, View):
    """Only the theme's Performance Management Lead edits; a final report is read-only until they
    reopen it; a stale version is refused with both versions shown."""

    def load_objects(self):
        super().load_objects()
        self.items = item_views(self.report)

    def has_permission(self):
        return self.can_edit

    def get(self, request, *args, **kwargs):
        if self.report.state == ExceptionReport.State.FINAL:
            messages.error(request, "This report is final, so it cannot be edited. Reopen it to draft to change it.")
            return redirect(self.detail_url())
        return self.render_form(
            ExceptionReportForm(initial=ExceptionReportForm.initial_for(self.report, self.items), items=self.items)
        )

    def post(self, request, *args, **kwargs):
        form = ExceptionReportForm(request.POST, items=self.items)
        if not form.is_valid():
            return self.render_form(form)
        finalise = request.POST.get("action") == "finalise"
        try:
            save_exception_report(
                self.report,
                successes=form.cleaned_data["successes"],
                texts=form.texts(),
                user=request.user,
                expected_version=form.cleaned_data["version"],
                finalise=finalise,
                note=form.cleaned_data["note"],
            )
        except ReportRefused as refused:
            form.add_error(None, f"{refused} Your changes have not been saved: they are still in the form.")
            return self.render_form(form)
        except ReportInvalid as invalid:
            form.add_errors(invalid.errors)
            return self.render_form(form)
        except StaleEdit as stale:
            form.add_error(None, stale_edit_message("this report"))
            form.data = form.data.copy()
            form.data["version"] = stale.current.version  # saving again overwrites, knowingly
            stale.current.snapshot = self.report.snapshot
            return self.render_form(form, conflict=stale.current)
        messages.success(request, "Report saved and marked final." if finalise else "Draft saved. It is not final yet.")
        return redirect(self.detail_url())


class ExceptionContributeView(ExceptionReportMixin, View):
    """An Outcome Lead writes the reason and action for their own indicators in the draft."""

    def load_objects(self):
        super().load_objects()
        own = {item.pk for item in contributable_items(self.report, self.membership)}
        self.items = [view for view in item_views(self.report) if view.item.pk in own]

    def has_permission(self):
        return bool(self.items)

    def render_form(self, form, conflict=None):
        conflict_items = (
            [v for v in item_views(conflict) if v.item.pk in {i.item.pk for i in self.items}] if conflict else []
        )
        context = {
            **self.base_context(),
            "report": self.report,
            "form": form,
            "conflict": conflict,
            "conflict_items": conflict_items,
            "back_url": self.detail_url(),
            "page_title": f"Your indicators in the {self.report.theme.name} exception report",
        }
        return TemplateResponse(self.request, "reporting/reports/exception_contribute.html", context)

    def get(self, request, *args, **kwargs):
        if self.report.state == ExceptionReport.State.FINAL:
            messages.error(request, "This report is final: ask the theme's Performance Management Lead to reopen it.")
            return redirect(self.detail_url())
        return self.render_form(
            ContributionForm(initial=ContributionForm.initial_for(self.report, self.items), items=self.items)
        )

    def post(self, request, *args, **kwargs):
        form = ContributionForm(request.POST, items=self.items)
        if not form.is_valid():
            return self.render_form(form)
        try:
            contribute(
                self.report,
                texts=form.texts(),
                expected_version=form.cleaned_data["version"],
                membership=self.membership,
                user=request.user,
            )
        except ReportRefused as refused:
            form.add_error(None, f"{refused} Your text has not been saved: it is still in the form.")
            return self.render_form(form)
        except StaleEdit as stale:
            form.add_error(None, stale_edit_message("this report"))
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
            return self.render_form(form, conflict=stale.current)
        messages.success(request, "Saved. The Performance Management Lead will see it in the draft.")
        return redirect(self.detail_url())


class ExceptionFinaliseView(ExceptionEditView):
    """POST action=finalise (as saved) or action=reopen (back to draft)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        to = ExceptionReport.State.DRAFT if request.POST.get("action") == "reopen" else ExceptionReport.State.FINAL
        version = request.POST.get("version", "")
        try:
            change_state(
                self.report, to=to, expected_version=int(version) if version.isdigit() else None, user=request.user
            )
        except ReportInvalid as invalid:
            # Show the saved texts in the form with each problem beside its field.
            form = ExceptionReportForm(ExceptionReportForm.initial_for(self.report, self.items), items=self.items)
            form.is_valid()
            form.add_errors(invalid.errors)
            return self.render_form(form)
        except StaleEdit:
            messages.error(request, stale_edit_message("this report", kept=False))
        except ReportRefused as refused:
            messages.error(request, str(refused))
        else:
            done = (
                "Report marked final."
                if to == ExceptionReport.State.FINAL
                else "Report reopened to draft: it can be edited again."
            )
            messages.success(request, done)
        return redirect(self.detail_url())


class ExceptionPdfView(ExceptionReportMixin, View):
    def get(self, request, *args, **kwargs):
        return pdf_response(*exception_report_pdf(self.report))


class PartnershipReportMixin(PartnershipMixin):
    nav_section = "reports"

    def load_objects(self):
        self.cycle = self.get_scoped_or_404(
            ReportingCycle.objects.select_related("period", "partnership"), pk=self.kwargs["cycle_id"]
        )

        self.versions = report_versions(self.cycle)
        asked = self.request.GET.get("version", "")
        self.version = None
        if asked:
            self.version = next((v.version for v in self.versions if str(v.version) == asked), None)
            if self.version is None:
                raise Http404("No such version of this report.")

    def hsp(self):
        boards = dict(self.scoped(Board).values_list("pk", "kind"))
        self.default = default_level(self.access, boards)
        level = chosen_level(self.request.GET.get("level"), self.default)
        return hsp_report(self.cycle, level, version=self.version)

    def assurance_context(self) -> dict:
        """The executive board's assurance statement and its recommendations to the partnership
        board on the quarter, with the links this member may use (page and PDF alike)."""
        kinds = (BoardKind.EXECUTIVE_BOARD, BoardKind.PARTNERSHIP_BOARD)
        boards = sorted(
            self.scoped(Board).filter(kind__in=kinds).select_related("partnership"),
            key=lambda board: (kinds.index(board.kind), board.name),
        )
        assurance = assurance_data(self.cycle)
        links = []
        executive_ids = [board.pk for board in boards if board.kind == BoardKind.EXECUTIVE_BOARD]
        if may_write_assurance(self.access, executive_ids):
            verb = "Change" if assurance else "Write"
            url = reverse("reporting:assurance_edit", args=[self.partnership.slug, self.cycle.pk])
            links.append((url, f"{verb} the assurance statement"))
        links += [
            (reverse("reporting:decision_log", args=[self.partnership.slug, board.pk]), f"{board.name}: decision log")
            for board in boards
            if may_get_board_pack(self.access, board)
        ]
        return {
            "assurance": assurance,
            "recommendations": executive_recommendations(self.cycle),
            "assurance_links": links,
        }


class PartnershipReportView(PartnershipReportMixin, TemplateView):
    template_name = "reporting/reports/partnership_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.hsp()
        context.update(
            hsp=report,
            data=report.data,
            cycle=report.cycle,
            page_title=f"{report.title}, {report.cycle.period}",
            levels=[(level, LEVEL_LABELS[level], level == report.level) for level in Level],
            default_level=self.default,
            versions=self.versions,
            latest_version=self.versions[0] if self.versions else None,
            **self.assurance_context(),
        )
        return context


class PartnershipReportPdfView(PartnershipReportMixin, View):
    def get(self, request, *args, **kwargs):
        report = self.hsp()
        pdf = render_pdf(
            "reporting/pdf/partnership_report.html",
            {"partnership": self.partnership, "hsp": report, "data": report.data, **self.assurance_context()},
        )
        version = f"-v{report.version.version}" if report.version else "-provisional"
        return pdf_response(
            pdf, f"{self.partnership.slug}-hsp-pmg-report-{slug_label(report.cycle.period)}{version}-{report.level}.pdf"
        )
