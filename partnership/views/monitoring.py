"""Equality monitoring: each member's own form (no id in the URL: nobody can name another's) and the
partnership's make-up, in totals only. No page shows anyone's answers to anyone else, administrators
included. The rules are partnership.equality's; the reading and writing partnership.services.monitoring's."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from partnership.equality import withheld_text
from partnership.forms.monitoring import MonitoringForm
from partnership.models import MemberMonitoring
from partnership.services.monitoring import make_up, own_form, remove_answers, save_answers

from .base import PartnershipMixin
from .people import ConfirmView


def own_form_url(partnership) -> str:
    return reverse("partnership:my_monitoring", kwargs={"partnership_slug": partnership.slug})


class MyMonitoringView(PartnershipMixin, FormView):
    """Every member's own form: shows and changes only the signed-in member's answers."""

    form_class = MonitoringForm
    template_name = "partnership/my_monitoring.html"

    def load_objects(self):
        self.saved = own_form(self.membership)

    def get_form_kwargs(self):
        instance = self.saved or MemberMonitoring(membership=self.membership)
        return {**super().get_form_kwargs(), "instance": instance}

    def form_valid(self, form):
        try:
            save_answers(self.membership, form.cleaned_data)
        except ValidationError as error:  # the model's rule, met by a form changed since it was checked
            form.add_errors({name: " ".join(messages_) for name, messages_ in error.message_dict.items()})
            return self.form_invalid(form)
        messages.success(self.request, "Your answers have been saved. Thank you.")
        return redirect(own_form_url(self.partnership))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Your equality monitoring form",
            saved=self.saved,
            minimum=self.partnership.monitoring_minimum_count,
            **kwargs,
        )


class MyMonitoringRemoveView(ConfirmView):
    """ "Remove my answers": GET asks, POST deletes the member's own form."""

    nav_section = ""

    def has_permission(self):
        return True

    def load_objects(self):
        self.saved = own_form(self.membership)

    def explain(self):
        if self.saved is None:
            return (
                "Remove your answers",
                "You have no equality monitoring answers in this partnership, so there is nothing to remove.",
                "Remove my answers",
            )
        return (
            "Remove your answers",
            f"Your equality monitoring answers in {self.partnership.name} will be deleted, with every earlier "
            "version of them, and no longer count in its make-up. Totals already reported to a board stay as "
            "they were reported (they hold only totals, never anyone's answers). You can fill in the form again "
            "at any time.",
            "Remove my answers",
        )

    def back_url(self):
        return own_form_url(self.partnership)

    def act(self):
        if remove_answers(self.membership):
            return "Your answers have been removed."
        return "You had no answers to remove."


class MakeUpView(PartnershipMixin, TemplateView):
    """The partnership's make-up: every member may read it, as it holds only totals."""

    template_name = "partnership/make_up.html"
    nav_section = "overview"

    def get_context_data(self, **kwargs):
        figures = make_up(self.partnership)
        return super().get_context_data(
            page_title="Make-up of the partnership",
            make_up=figures,
            withheld=withheld_text(figures.minimum),
            **kwargs,
        )
