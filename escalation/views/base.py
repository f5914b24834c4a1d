from functools import cached_property

from django.utils import timezone

from escalation.permissions import can_govern
from escalation.services.escalations import executive_board_ids
from partnership.views.base import PartnershipMixin


class EscalationMixin(PartnershipMixin):
    """Every escalation page: the tenant checks of PartnershipMixin, plus the executive board's
    ids (one query, when a page asks) for the governance permission."""

    nav_section = "escalation"

    @cached_property
    def executive_ids(self):
        return executive_board_ids(self.partnership)

    @property
    def can_govern(self):
        return can_govern(self.access, self.executive_ids)

    @cached_property
    def today(self):
        return timezone.localdate()
