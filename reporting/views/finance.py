"""The quarterly finance report of a cycle's quarter: an HTML page and a tagged PDF from the same
data (reporting.services.finance_reports), for every quarter under either cadence."""

from django.views.generic import TemplateView, View

from partnership.pdf import pdf_response, render_pdf
from partnership.views.base import PartnershipMixin
from reporting.models import ReportingCycle
from reporting.services.finance_reports import finance_report


class FinanceReportMixin(PartnershipMixin):
    nav_section = "reports"

    def load_objects(self):
        self.cycle = self.get_scoped_or_404(
            ReportingCycle.objects.select_related("period", "partnership"), pk=self.kwargs["cycle_id"]
        )

    def report_context(self) -> dict:
        return {"cycle": self.cycle, "finance": finance_report(self.cycle)}


class FinanceReportView(FinanceReportMixin, TemplateView):
    template_name = "reporting/reports/finance_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.report_context(), page_title=f"Financial report, {self.cycle.period}")
        return context


class FinanceReportPdfView(FinanceReportMixin, View):
    def get(self, request, *args, **kwargs):
        pdf = render_pdf(
            "reporting/pdf/finance_report.html", {"partnership": self.partnership, **self.report_context()}
        )
        period = str(self.cycle.period).replace(" ", "-").replace("/", "-")
        return pdf_response(pdf, f"{self.partnership.slug}-financial-report-{period}.pdf")
