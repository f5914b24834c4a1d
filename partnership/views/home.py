"""A partnership's overview of its governance (the way in is home.views.HomeView)."""

from django.utils import timezone
from django.views.generic import TemplateView

from partnership.models import Board, BoardKind, Meeting, Membership, Objective, RoleAssignment, Theme

from .base import PartnershipMixin


class OverviewView(PartnershipMixin, TemplateView):
    nav_section = "overview"
    template_name = "partnership/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        boards = list(self.scoped(Board).order_by("name"))
        context["board_tree"] = build_board_tree(boards)
        executive_ids = {board.pk for board in boards if board.kind == BoardKind.EXECUTIVE_BOARD}
        context["can_agree_targets"] = self.access.can_agree_targets(executive_ids)
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
