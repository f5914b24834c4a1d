"""The six-monthly report: the same data as an HTML page and as a PDF."""

import datetime as dt

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.generic import TemplateView, View

from escalation.report import default_half, report_halves, six_monthly_report
from indicators.periods import PeriodKind, Span
from partnership.forms import GovukFilterForm

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
        context.update(form=form, report=report, page_title=report.title, pdf_query=f"?half={report.half.start.isoformat()}")
        return context


class SixMonthlyReportPdfView(ReportMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        from weasyprint import HTML

        _, report = self.get_report()
        html = render_to_string("escalation/six_monthly_report_print.html", {"report": report, "partnership": self.partnership})
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"{self.partnership.slug}-escalations-{report.half.start:%Y-%m}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
