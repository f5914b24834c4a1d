"""Balanced scorecards (seed 002): the partnership's and each management group's (theme's), for a
chosen quarter, as a page and as a PDF of the same data (reporting.services.scorecards). Every
member may read them, as they may read every theme's dashboard."""

from django.utils import timezone
from django.views.generic import TemplateView

from partnership.models import Theme
from partnership.pdf import pdf_response, render_pdf
from partnership.views.base import PartnershipMixin
from reporting.forms.scorecards import QuarterForm
from reporting.services.scorecards import partnership_scorecard, scorecard_quarters, theme_scorecard


class ScorecardMixin(PartnershipMixin):
    """The partnership's scorecard, or with `theme_slug` in the URL that theme's; the quarter from
    `?quarter=<its first day>`, else the latest ended."""

    nav_section = "indicators"
    theme = None

    def load_objects(self):
        if "theme_slug" in self.kwargs:
            self.theme = self.get_scoped_or_404(
                Theme.objects.select_related("partnership"), slug=self.kwargs["theme_slug"]
            )

    def chooser(self) -> QuarterForm:
        quarters = scorecard_quarters(self.partnership, timezone.localdate())
        return QuarterForm(self.request.GET if "quarter" in self.request.GET else None, quarters=quarters)

    def scorecard(self, quarter) -> dict:
        if self.theme is not None:
            return theme_scorecard(self.theme, quarter)
        return partnership_scorecard(self.partnership, quarter)


class ScorecardView(ScorecardMixin, TemplateView):
    template_name = "reporting/scorecard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.chooser()
        quarter = form.chosen()
        context.update(
            form=form,
            quarter=quarter,
            theme=self.theme,
            data=self.scorecard(quarter),
            themes=Theme.objects.for_partnership(self.partnership).only("name", "slug", "position"),
        )
        return context


class ScorecardPdfView(ScorecardMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        quarter = self.chooser().chosen()
        data = self.scorecard(quarter)
        pdf = render_pdf("reporting/pdf/scorecard.html", {"partnership": self.partnership, "data": data})
        name = f"{self.theme.slug}-scorecard" if self.theme else "scorecard"
        label = quarter.label.replace(" ", "-").replace("/", "-")
        return pdf_response(pdf, f"{self.partnership.slug}-{name}-{label}.pdf")
