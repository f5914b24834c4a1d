"""The way in: your partnerships, and a partnership's overview of its governance."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from partnership.models import Board, Meeting, Membership, Objective, Partnership, RoleAssignment, Theme

from .base import PartnershipMixin


class HomeView(LoginRequiredMixin, TemplateView):
    """Your partnerships: a person may belong to several."""

    extra_context = {"nav_section": "home"}

    template_name = "partnership/home.html"

    def get(self, request, *args, **kwargs):
        partnerships = list(Partnership.objects.for_user(request.user))
        if len(partnerships) == 1:
            return redirect(partnerships[0])
        return self.render_to_response(self.get_context_data(partnerships=partnerships))


class OverviewView(PartnershipMixin, TemplateView):
    nav_section = "overview"
    template_name = "partnership/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        boards = list(self.scoped(Board).order_by("name"))
        context["board_tree"] = build_board_tree(boards)
        context["themes"] = self.scoped(Theme).select_related("board")
        context["my_roles"] = RoleAssignment.objects.filter(membership=self.membership).select_related("theme", "board")
        context["objectives"] = self.scoped(Objective).select_related("owner__user")
        context["upcoming_meetings"] = (
            self.scoped(Meeting).filter(starts_at__gte=timezone.now()).select_related("board")[:5]
        )
        context["member_count"] = self.scoped(Membership).filter(is_active=True).count()
        return context


def build_board_tree(boards):
    """Nest boards under their parents: [(board, [(child, [...]), ...]), ...], roots first."""
    children = {}
    for board in boards:
        children.setdefault(board.parent_id, []).append(board)

    def subtree(parent_id):
        return [(board, subtree(board.pk)) for board in children.get(parent_id, [])]

    return subtree(None)
