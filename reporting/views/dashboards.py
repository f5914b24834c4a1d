import datetime as dt

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from indicators.periods import PeriodKind, latest_ended
from partnership.models import Theme
from partnership.pdf import pdf_response, render_pdf
from partnership.views.base import PartnershipMixin
from reporting.models import ThemeSnapshot
from reporting.services.dashboards import contributed_rows, own_rows
from reporting.services.live_dashboards import body_cache_key, current_dashboard, current_row
from reporting.services.schedules import project_schedule


class DashboardMixin(PartnershipMixin):
    """A theme's single-page dashboard: live, or (with ?snapshot=<id>) as frozen for a past quarter."""

    nav_section = "indicators"

    def load_objects(self):
        self.theme = self.get_scoped_or_404(
            Theme.objects.select_related("partnership", "board"), slug=self.kwargs["theme_slug"]
        )
        snapshot_id = self.request.GET.get("snapshot", "")
        self.snapshot = None
        if snapshot_id.isdigit():
            self.snapshot = self.get_scoped_or_404(
                ThemeSnapshot.objects.select_related("cycle__period"), pk=snapshot_id, theme=self.theme
            )

    def dashboard(self):
        return self.snapshot.data if self.snapshot else current_dashboard(self.theme, timezone.localdate())

    def dashboard_context(self):
        data = self.dashboard()
        return {
            "partnership": self.partnership,
            "theme": self.theme,
            "data": data,
            "own_rows": own_rows(data),
            "contributed_rows": contributed_rows(data),
            "snapshot": self.snapshot,
            "snapshots": self.snapshot_list(),
        }

    def snapshot_list(self):
        return (
            ThemeSnapshot.objects.for_partnership(self.partnership)
            .filter(theme=self.theme)
            .select_related("cycle__period")
            .defer("data")
        )


class DashboardView(DashboardMixin, TemplateView):
    """The live dashboard's figures are rendered once per version of its data and cached: every
    member who may see the theme sees the same figures (the page around them is theirs)."""

    template_name = "reporting/dashboard.html"
    body_template = "reporting/_dashboard_body.html"
    body_seconds = 24 * 60 * 60

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        row = None if self.snapshot else current_row(self.theme, today)
        if row is None:  # a past quarter's snapshot, or a refresh that raced a change
            context.update(self.dashboard_context())
            data = context["data"]
            context.update(
                quarter=data["quarter"], as_of=dt.date.fromisoformat(data["as_of"]), body=self.render_body(context)
            )
            return context
        key = body_cache_key(row)
        body = cache.get(key)
        if body is None:
            body_context = {"partnership": self.partnership, "data": row.data}
            body_context.update(own_rows=own_rows(row.data), contributed_rows=contributed_rows(row.data))
            body = self.render_body(body_context)
            cache.set(key, body, self.body_seconds)
        context.update(
            partnership=self.partnership,
            theme=self.theme,
            snapshot=None,
            snapshots=self.snapshot_list(),
            quarter=latest_ended(PeriodKind.QUARTER, row.as_of).label,
            as_of=row.as_of,
            body=mark_safe(body),  # rendered by our own template, escaped there
        )
        return context

    def render_body(self, context) -> str:
        return mark_safe(render_to_string(self.body_template, context))


class DashboardPdfView(DashboardMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        context = self.dashboard_context()
        pdf = render_pdf("reporting/pdf/dashboard.html", context)
        label = (
            (self.snapshot.cycle.period.label if self.snapshot else context["data"]["quarter"])
            .replace(" ", "-")
            .replace("/", "-")
        )
        return pdf_response(pdf, f"{self.partnership.slug}-{self.theme.slug}-dashboard-{label}.pdf")


class ProjectScheduleView(PartnershipMixin, TemplateView):
    template_name = "reporting/projects.html"
    nav_section = "money"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["schedule"] = project_schedule(self.partnership, timezone.localdate())
        return context


class ProjectSchedulePdfView(PartnershipMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        schedule = project_schedule(self.partnership, timezone.localdate())
        pdf = render_pdf("reporting/pdf/projects.html", {"partnership": self.partnership, "schedule": schedule})
        return pdf_response(pdf, f"{self.partnership.slug}-project-monitoring-schedule.pdf")
