"""The partnership's LAA action plan for a year, assembled from the approved theme plans: a page
and a PDF from the same data."""

from django.utils import timezone
from django.views.generic import TemplateView

from partnership.pdf import pdf_response, render_pdf
from planning.services.laa_plan import laa_plan_data

from .base import PlanningMixin


class LaaPlanView(PlanningMixin, TemplateView):
    template_name = "planning/laa_plan.html"

    def get_context_data(self, **kwargs):
        data = laa_plan_data(self.partnership, self.kwargs["year"])
        return super().get_context_data(page_title=f"LAA action plan {data['year']}", data=data, **kwargs)


class LaaPlanPdfView(PlanningMixin, TemplateView):
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        data = laa_plan_data(self.partnership, self.kwargs["year"])
        pdf = render_pdf("planning/pdf/laa_plan.html", {"data": data, "printed": timezone.now()})
        return pdf_response(pdf, f"{self.partnership.slug}-laa-action-plan-{self.kwargs['year']}.pdf")
