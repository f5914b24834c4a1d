from django.views.generic import DetailView

from partnership.models import Theme
from partnership.roles import Role

from .base import PartnershipMixin

# Seed 001 Appendix B's columns, in its order.
THEME_OFFICER_ROLES = (
    Role.OUTCOME_LEAD,
    Role.PERFORMANCE_MANAGEMENT_LEAD,
    Role.REPORT_COORDINATOR,
    Role.LEAD_INFORMATION_OFFICER,
    Role.DELIVERY_MANAGER,
)


class ThemeDetailView(PartnershipMixin, DetailView):
    nav_section = "overview"
    template_name = "partnership/theme_detail.html"
    context_object_name = "theme"
    queryset = Theme.objects.select_related("board", "partnership")
    slug_url_kwarg = "theme_slug"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignments = self.object.role_assignments.select_related(
            "membership__user", "membership__organisation"
        ).order_by("membership__user__last_name")
        by_role = {}
        for assignment in assignments:
            by_role.setdefault(assignment.role, []).append(assignment.membership)
        context["officers"] = [(Role(role).label, by_role.get(role, [])) for role in THEME_OFFICER_ROLES]
        context["can_enter_returns"] = self.access.can_enter_returns(self.object.pk)
        return context
