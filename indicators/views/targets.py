from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView

from indicators.forms.targets import TargetsForm
from indicators.models import Indicator
from indicators.services.targets import save_targets, targets_fingerprint
from partnership.concurrency import StaleEdit, UnconfirmedRemoval, stale_edit_message
from partnership.views.base import PartnershipMixin

from .indicators import INDICATOR_RELATED


class TargetsEditView(PartnershipMixin, FormView):
    template_name = "indicators/targets_form.html"
    form_class = TargetsForm
    nav_section = "indicators"

    def load_objects(self):
        self.indicator = self.get_scoped_or_404(
            Indicator.objects.select_related(*INDICATOR_RELATED), pk=self.kwargs["indicator_id"]
        )

    def has_permission(self):
        return self.access.can_set_targets(
            self.indicator.lead_theme_id, self.indicator.outcome_lead_id == self.membership.pk
        )

    def get_form_kwargs(self):
        years = self.partnership.agreement_years(timezone.localdate())
        return {**super().get_form_kwargs(), "indicator": self.indicator, "years": years}

    def form_valid(self, form):
        confirmed = self.request.POST.get("confirm_removal") == "yes"
        try:
            save_targets(
                self.indicator,
                form.year_targets(),
                expected_fingerprint=form.cleaned_data.get("fingerprint"),
                confirmed=confirmed,
            )
        except UnconfirmedRemoval as unconfirmed:
            # Nothing is removed on a blank field alone: the page asks, with everything typed kept.
            return self.render_to_response(self.get_context_data(form=form, removals=unconfirmed.removals))
        except StaleEdit:
            form.add_error(None, stale_edit_message("these targets"))
            form.data = form.data.copy()
            form.data["fingerprint"] = targets_fingerprint(self.indicator)
            saved = {t.period.span.financial_year: t for t in self.indicator.annual_targets.select_related("period")}
            return self.render_to_response(self.get_context_data(form=form, saved=saved))
        messages.success(self.request, f"Targets saved for {self.indicator.code}.")
        return redirect(self.indicator)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            indicator=self.indicator,
            page_title=f"Targets for {self.indicator.code}",
            back_url=self.indicator.get_absolute_url(),
        )
        return context
