from functools import cached_property

from django.utils import timezone

from partnership.models import Board, BoardKind
from partnership.views.base import PartnershipMixin
from planning import permissions
from planning.models import ActionPlan


class PlanningMixin(PartnershipMixin):
    """Every planning page: the tenant checks of PartnershipMixin, today, and the boards that act."""

    nav_section = "plans"

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def board_ids(self) -> dict[str, list[int]]:
        rows = Board.objects.for_partnership(self.partnership).filter(
            kind__in=(BoardKind.EXECUTIVE_BOARD, BoardKind.PARTNERSHIP_BOARD)
        )
        ids = {BoardKind.EXECUTIVE_BOARD: [], BoardKind.PARTNERSHIP_BOARD: []}
        for board_id, kind in rows.values_list("pk", "kind"):
            ids[kind].append(board_id)
        return ids

    @property
    def may_challenge(self) -> bool:
        return permissions.may_challenge(self.access, self.board_ids[BoardKind.EXECUTIVE_BOARD])

    @property
    def may_approve(self) -> bool:
        return permissions.may_approve(self.access, self.board_ids[BoardKind.PARTNERSHIP_BOARD])

    def may_record_progress(self, point) -> bool:
        return permissions.may_record_progress(
            self.access, self.membership.pk, point.lead_id, self.board_ids[BoardKind.EXECUTIVE_BOARD]
        )


class PlanMixin(PlanningMixin):
    """A page about one plan (`plan_id`), from this partnership only (404 otherwise)."""

    def load_objects(self):
        self.plan = self.get_scoped_or_404(
            ActionPlan.objects.select_related("theme__partnership", "theme__board"), pk=self.kwargs["plan_id"]
        )

    @property
    def may_write(self) -> bool:
        return permissions.may_write(self.access, self.plan.theme_id)

    def get_back_url(self):
        return self.plan.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)


class ThemeWriterMixin(PlanMixin):
    def has_permission(self):
        return self.may_write


class ExecutiveMixin(PlanMixin):
    def has_permission(self):
        return self.may_challenge
