"""Action plans: the plan text, SMART actions and their progress updates, and the actions list."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.views.generic import CreateView, FormView, UpdateView

from escalation.filtersets import ActionFilterSet
from escalation.forms.actions import ActionForm, ActionUpdateForm
from escalation.forms.escalations import PlanForm
from escalation.models import Action
from escalation.permissions import can_edit_plan, can_update_action
from escalation.services.action_plans import record_progress
from escalation.tables import ActionTable
from partnership.views.base import FormPageMixin
from partnership.views.lists import ScopedListView

from .base import EscalationMixin
from .escalations import EscalationObjectMixin


class ActionListView(EscalationMixin, ScopedListView):
    queryset = Action.objects.select_related("escalation__partnership", "escalation__indicator", "lead__user")
    table_class = ActionTable
    filterset_class = ActionFilterSet
    export_name = "actions"
    page_title = "Actions in escalation plans"
    template_name = "escalation/action_list.html"


class PlanOwnerMixin(EscalationObjectMixin):
    def has_permission(self):
        return can_edit_plan(self.access, self.membership.pk, self.escalation)


class PlanEditView(PlanOwnerMixin, FormPageMixin, UpdateView):
    form_class = PlanForm
    submit_label = "Save plan"

    def get_object(self, queryset=None):
        return self.escalation

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=f"Plan for {self.escalation.indicator.code}", **kwargs)

    def form_valid(self, form):
        form.save()
        return self.done("Plan saved.")


class ActionCreateView(PlanOwnerMixin, FormPageMixin, CreateView):
    form_class = ActionForm
    submit_label = "Add action"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership, "today": self.today}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Add a SMART action to the plan for {self.escalation.indicator.code}", **kwargs
        )

    def form_valid(self, form):
        form.instance.escalation = self.escalation
        form.instance.stage = self.escalation.stage
        with transaction.atomic():
            form.save()
        return self.done("Action added.")


class ActionObjectMixin(EscalationMixin):
    def load_objects(self):
        self.action = self.get_scoped_or_404(
            Action.objects.select_related("escalation__partnership", "escalation__indicator__lead_theme", "lead__user"),
            pk=self.kwargs["action_id"],
        )
        self.escalation = self.action.escalation

    def get_back_url(self):
        return self.action.get_absolute_url()


class ActionEditView(ActionObjectMixin, FormPageMixin, UpdateView):
    form_class = ActionForm
    submit_label = "Save action"

    def has_permission(self):
        return can_edit_plan(self.access, self.membership.pk, self.escalation)

    def get_object(self, queryset=None):
        return self.action

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership, "today": self.today}

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=f"Edit an action for {self.escalation.indicator.code}", **kwargs)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Action saved.")
        return redirect(self.action.get_absolute_url())


class ActionProgressView(ActionObjectMixin, FormPageMixin, FormView):
    form_class = ActionUpdateForm
    template_name = "escalation/action_progress.html"
    submit_label = "Record progress"

    def has_permission(self):
        return can_update_action(self.access, self.membership.pk, self.action)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.action}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Record progress on an action", action=self.action, today=self.today, **kwargs
        )

    def form_valid(self, form):
        record_progress(
            self.action, note=form.cleaned_data["note"], status=form.cleaned_data["status"], user=self.request.user
        )
        messages.success(self.request, "Progress recorded.")
        return redirect(self.action.get_absolute_url())
