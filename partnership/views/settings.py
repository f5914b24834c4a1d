from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import UpdateView

from partnership.forms.settings import PartnershipSettingsForm

from .base import FormPageMixin, PartnershipMixin


class SettingsView(PartnershipMixin, FormPageMixin, UpdateView):
    """The partnership's own settings: its agreement years and the tolerance used for status."""

    form_class = PartnershipSettingsForm
    nav_section = "overview"
    page_title = "Partnership settings"
    submit_label = "Save settings"

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_object(self, queryset=None):
        return self.partnership

    def get_back_url(self):
        return self.partnership.get_absolute_url()

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Partnership settings saved.")
        return redirect(self.partnership)
