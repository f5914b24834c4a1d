"""The risk register: list with the 5×5 heat map, detail, and the form."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import CreateView, DetailView, UpdateView

from escalation.filtersets import RiskFilterSet
from escalation.forms.risks import RiskForm
from escalation.heatmap import count_cells, heat_map_svg
from escalation.models import Risk, RiskStatus
from escalation.permissions import can_edit_risks
from escalation.tables import RiskTable
from partnership.views.base import FormPageMixin
from partnership.views.lists import ScopedListView

from .base import EscalationMixin

RISK_RELATED = ("partnership", "owner__user")


class RiskListView(EscalationMixin, ScopedListView):
    queryset = Risk.objects.select_related(*RISK_RELATED).prefetch_related("themes", "indicators")
    table_class = RiskTable
    filterset_class = RiskFilterSet
    export_name = "risks"
    page_title = "Risk register"
    template_name = "escalation/risk_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The heat map plots the open risks the filters select: one query, however many risks.
        shown = self.object_list.filter(status=RiskStatus.OPEN).order_by().values_list("likelihood", "impact")
        context["heat_map"] = heat_map_svg(count_cells(shown), title="Open risks by likelihood and impact")
        context["can_edit"] = can_edit_risks(self.access)
        return context


class RiskDetailView(EscalationMixin, DetailView):
    template_name = "escalation/risk_detail.html"
    context_object_name = "risk"
    queryset = Risk.objects.select_related(*RISK_RELATED)
    pk_url_kwarg = "risk_id"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            today=self.today,
            themes=self.object.themes.all(),
            indicators=self.object.indicators.all(),
            changes=self.object.history.select_related("history_user")[:10],
            can_edit=can_edit_risks(self.access),
        )
        return context


class RiskFormMixin(EscalationMixin, FormPageMixin):
    form_class = RiskForm

    def has_permission(self):
        return can_edit_risks(self.access)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, f"Saved the risk '{self.object}' (score {self.object.score}).")
        return redirect(self.object)


class RiskCreateView(RiskFormMixin, CreateView):
    page_title = "Add a risk"
    submit_label = "Add risk"

    def get_back_url(self):
        return reverse("escalation:risk_list", kwargs={"partnership_slug": self.partnership.slug})


class RiskEditView(RiskFormMixin, UpdateView):
    submit_label = "Save risk"
    queryset = Risk.objects.select_related(*RISK_RELATED)
    pk_url_kwarg = "risk_id"

    def get_back_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=f"Edit the risk '{self.object}'", **kwargs)
