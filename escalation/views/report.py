"""The six-monthly report: the same data as an HTML page and as a PDF."""

import datetime as dt

from django import forms
from django.views.generic import TemplateView, View

from escalation.services.reports import default_half, report_halves, six_monthly_report
from indicators.periods import PeriodKind, Span
from partnership.forms.base import GovukFilterForm
from partnership.pdf import pdf_response, render_pdf

from .base import EscalationMixin


class ReportPeriodForm(GovukFilterForm):
    half = forms.ChoiceField(label="Half-year")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["half"].choices = [(span.start.isoformat(), span.label) for span in report_halves(today)]


class ReportMixin(EscalationMixin):
    def get_report(self):
        form = ReportPeriodForm(self.request.GET or None, today=self.today)
        half = default_half(self.today)
        if form.is_bound and form.is_valid():
            half = Span(PeriodKind.HALF, dt.date.fromisoformat(form.cleaned_data["half"]))
        elif not form.is_bound:
            form = ReportPeriodForm(initial={"half": half.start.isoformat()}, today=self.today)
        return form, six_monthly_report(self.partnership, half, self.today)


class SixMonthlyReportView(ReportMixin, TemplateView):
    template_name = "escalation/six_monthly_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, report = self.get_report()
        context.update(
            form=form, report=report, page_title=report.title, pdf_query=f"?half={report.half.start.isoformat()}"
        )
        return context


class SixMonthlyReportPdfView(ReportMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        _, report = self.get_report()
        pdf = render_pdf(
            "escalation/six_monthly_report_print.html", {"report": report, "partnership": self.partnership}
        )
        return pdf_response(pdf, f"{self.partnership.slug}-escalations-{report.half.start:%Y-%m}.pdf")
