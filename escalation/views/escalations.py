"""The escalations list and page, and the executive board's decisions on them."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView

from escalation.filtersets import EscalationFilterSet
from escalation.forms.escalations import NominateForm, NoteForm, OpenEscalationForm, ReportReceivedForm
from escalation.ladder import OwnerKind
from escalation.models import ActionUpdate, Escalation, EscalationEvent
from escalation.permissions import can_edit_plan, can_record_report
from escalation.services import decisions
from escalation.services.decisions import EscalationError
from escalation.services.escalations import ESCALATION_RELATED, settings_for
from escalation.tables import EscalationTable
from partnership.views.base import FormPageMixin
from partnership.views.lists import ScopedListView

from .base import EscalationMixin


class EscalationListView(EscalationMixin, ScopedListView):
    queryset = Escalation.objects.select_related(*ESCALATION_RELATED)
    table_class = EscalationTable
    filterset_class = EscalationFilterSet
    export_name = "escalations"
    page_title = "Escalations"
    template_name = "escalation/escalation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_govern"] = self.can_govern
        context["can_configure"] = self.access.is_admin
        return context


class EscalationObjectMixin(EscalationMixin):
    """Loads the escalation named in the URL, from this partnership only (404 otherwise)."""

    def load_objects(self):
        self.escalation = self.get_scoped_or_404(
            Escalation.objects.select_related(*ESCALATION_RELATED), pk=self.kwargs["escalation_id"]
        )

    def get_back_url(self):
        return self.escalation.get_absolute_url()

    def done(self, message):
        messages.success(self.request, message)
        return redirect(self.escalation)


class EscalationDetailView(EscalationObjectMixin, DetailView):
    template_name = "escalation/escalation_detail.html"
    context_object_name = "escalation"

    def get_object(self, queryset=None):
        return self.escalation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        escalation = self.object
        actions = list(
            escalation.actions.select_related("lead__user").prefetch_related(
                Prefetch("updates", queryset=ActionUpdate.objects.select_related("by"))
            )
        )
        can_plan = can_edit_plan(self.access, self.membership.pk, escalation)
        context.update(
            page_title=f"{escalation.indicator.code} {escalation.indicator.title}",
            today=self.today,
            events=EscalationEvent.objects.filter(escalation=escalation).select_related("by").order_by("-at", "-pk"),
            evaluations=escalation.evaluations.order_by("-review_end"),
            actions=actions,
            can_govern=self.can_govern and escalation.is_open,
            can_nominate=self.can_govern
            and escalation.is_open
            and escalation.owner_kind == OwnerKind.EXECUTIVE_NOMINEE,
            next_step=decisions.next_route_step(escalation) if escalation.is_open else None,
            can_edit_plan=can_plan,
            can_record_report=can_record_report(self.access, self.membership.pk, escalation, self.executive_ids),
            updatable={a.pk for a in actions if can_plan or a.lead_id == self.membership.pk},
        )
        return context


class GovernMixin(EscalationObjectMixin):
    """Decisions reserved to the executive board and administrators, on open escalations."""

    def has_permission(self):
        return self.can_govern and self.escalation.is_open

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["escalation"] = self.escalation
        return context


class OpenEscalationView(EscalationMixin, FormPageMixin, FormView):
    form_class = OpenEscalationForm
    page_title = "Open an escalation"
    submit_label = "Open escalation"

    def has_permission(self):
        return self.can_govern

    def get_back_url(self):
        return reverse("escalation:list", kwargs={"partnership_slug": self.partnership.slug})

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "partnership": self.partnership,
            "stage_count": settings_for(self.partnership).stage_count,
        }

    def form_valid(self, form):
        try:
            escalation = decisions.open_by_hand(
                self.partnership,
                form.cleaned_data["indicator"],
                stage=form.cleaned_data["stage"],
                evidence=form.cleaned_data["evidence"],
                user=self.request.user,
                today=self.today,
            )
        except EscalationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"Opened {escalation}.")
        return redirect(escalation)


class NominateView(GovernMixin, FormPageMixin, FormView):
    form_class = NominateForm
    submit_label = "Nominate"

    def has_permission(self):
        return super().has_permission() and self.escalation.owner_kind == OwnerKind.EXECUTIVE_NOMINEE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Nominate a member to agree a revised plan for {self.escalation.indicator.code}", **kwargs
        )

    def form_valid(self, form):
        nominee = form.cleaned_data["nominee"]
        try:
            decisions.nominate(self.escalation, nominee, user=self.request.user, note=form.cleaned_data["note"])
        except EscalationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return self.done(f"{nominee.display_name} nominated.")


class ReferView(GovernMixin, FormPageMixin, FormView):
    form_class = NoteForm
    submit_label = "Refer up"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "label": "Why it is being referred",
            "help_text": "This is recorded in the escalation's log and seen by the body it goes to.",
            "required_message": "Say why it is being referred up.",
        }

    def get_context_data(self, **kwargs):
        step = decisions.next_route_step(self.escalation)
        title = (
            f"Refer {self.escalation.indicator.code} to {step}"
            if step
            else f"Refer {self.escalation.indicator.code} up the route"
        )
        return super().get_context_data(page_title=title, **kwargs)

    def form_valid(self, form):
        try:
            step = decisions.refer_up(self.escalation, user=self.request.user, note=form.cleaned_data["note"])
        except EscalationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return self.done(f"Referred to {step}.")


class CloseView(GovernMixin, FormPageMixin, FormView):
    form_class = NoteForm
    submit_label = "Close escalation"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "label": "The decision",
            "help_text": "Why it can close: for example, performance has recovered to the monitoring level.",
            "required_message": "Record the decision to close it.",
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Close the escalation of {self.escalation.indicator.code}", **kwargs
        )

    def form_valid(self, form):
        try:
            decisions.close(
                self.escalation, user=self.request.user, decision=form.cleaned_data["note"], today=self.today
            )
        except EscalationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return self.done("Escalation closed and the decision recorded.")


class ReportReceivedView(EscalationObjectMixin, FormPageMixin, FormView):
    form_class = ReportReceivedForm
    submit_label = "Record report"

    def has_permission(self):
        return can_record_report(self.access, self.membership.pk, self.escalation, self.executive_ids)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "today": self.today}

    def get_initial(self):
        return {"received_on": self.today}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=f"Record a progress report on {self.escalation.indicator.code}", **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            decisions.record_report(
                self.escalation,
                user=self.request.user,
                received_on=data["received_on"],
                note=data["note"],
                next_due=data["next_due"],
            )
        except EscalationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return self.done("Report recorded.")
