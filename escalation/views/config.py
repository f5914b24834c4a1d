"""Per-partnership configuration: the ladder's settings and the escalation route."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, UpdateView

from escalation.forms.settings import LadderSettingsForm, RouteForm
from escalation.models import Escalation, RouteStep
from escalation.permissions import can_configure
from escalation.services.decisions import set_route
from escalation.services.escalations import ESCALATION_RELATED, settings_for
from partnership.views.base import FormPageMixin

from .base import EscalationMixin


class LadderSettingsView(EscalationMixin, FormPageMixin, UpdateView):
    form_class = LadderSettingsForm
    page_title = "Ladder of intervention settings"
    submit_label = "Save settings"

    def has_permission(self):
        return can_configure(self.access)

    def get_object(self, queryset=None):
        return settings_for(self.partnership)

    def get_back_url(self):
        return reverse("escalation:list", kwargs={"partnership_slug": self.partnership.slug})

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Ladder settings saved.")
        return redirect(self.get_back_url())


class RouteView(EscalationMixin, TemplateView):
    """The escalation route, and for each body what has reached it (what scrutiny sees)."""

    template_name = "escalation/route.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        steps = list(
            self.scoped(RouteStep).prefetch_related(
                Prefetch(
                    "escalations", queryset=Escalation.objects.select_related(*ESCALATION_RELATED).order_by("-stage")
                )
            )
        )
        # An escalation referred to a later body has passed through the earlier ones too.
        reached = {step.pk: [] for step in steps}
        for index, step in enumerate(steps):
            for escalation in step.escalations.all():
                for earlier in steps[: index + 1]:
                    reached[earlier.pk].append(escalation)
        context.update(
            page_title="Escalation route",
            steps=[(step, reached[step.pk]) for step in steps],
            can_configure=can_configure(self.access),
            today=self.today,
        )
        return context


class RouteEditView(EscalationMixin, FormPageMixin, FormView):
    form_class = RouteForm
    page_title = "Set the escalation route"
    submit_label = "Save route"

    def has_permission(self):
        return can_configure(self.access)

    def get_back_url(self):
        return reverse("escalation:route", kwargs={"partnership_slug": self.partnership.slug})

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def get_initial(self):
        return {"bodies": "\n".join(self.scoped(RouteStep).values_list("name", flat=True))}

    def form_valid(self, form):
        set_route(self.partnership, form.cleaned_data["bodies"])
        messages.success(self.request, "Escalation route saved.")
        return redirect(self.get_back_url())
