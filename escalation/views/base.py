from functools import cached_property

from django.utils import timezone

from escalation.permissions import can_govern
from escalation.steps import executive_board_ids
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


class FormPageMixin:
    """Pages that use templates/partnership/form_page.html: a title, a submit label, a way back."""

    template_name = "partnership/form_page.html"
    page_title = ""
    submit_label = "Save"

    def get_back_url(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.page_title)
        context.setdefault("submit_label", self.submit_label)
        context.setdefault("back_url", self.get_back_url())
        return context
