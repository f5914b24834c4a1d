"""Setting an indicator's targets (proposing them), the executive board agreeing them, and the
list of targets awaiting agreement (docs/targets.md)."""

from functools import cached_property

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView

from indicators.filtersets import ProposedTargetFilterSet
from indicators.forms.targets import TargetsForm
from indicators.models import Agreement, AnnualTarget, Indicator
from indicators.services.targets import AgreementRefused, agree_targets, save_targets, targets_fingerprint
from indicators.tables import ProposedTargetTable
from partnership.concurrency import StaleEdit, UnconfirmedRemoval, stale_edit_message
from partnership.services.access import executive_board_ids
from partnership.views.base import PartnershipMixin
from partnership.views.lists import ScopedListView

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
                by=self.request.user,
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
        messages.success(
            self.request,
            f"Targets saved for {self.indicator.code}. Any year you changed is proposed: it counts for status "
            "once the executive board agrees it.",
        )
        return redirect(self.indicator)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            indicator=self.indicator,
            page_title=f"Targets for {self.indicator.code}",
            back_url=self.indicator.get_absolute_url(),
        )
        return context


class ExecutiveBoardMixin(PartnershipMixin):
    """Pages for whoever agrees targets: members of the executive board, and administrators."""

    @cached_property
    def executive_ids(self):
        return executive_board_ids(self.partnership)

    def has_permission(self):
        return self.access.can_agree_targets(self.executive_ids)


class AgreeTargetsView(ExecutiveBoardMixin, View):
    """POST only: agree one year's proposed targets (`fy`), as they stood when the page showing
    them was opened (`fingerprint`)."""

    def load_objects(self):
        self.indicator = self.get_scoped_or_404(Indicator, pk=self.kwargs["indicator_id"])

    def post(self, request, *args, **kwargs):
        try:
            fy = int(request.POST.get("fy", ""))
        except ValueError:
            messages.error(request, "Choose a year's targets to agree.")
            return redirect(self.indicator)
        try:
            target = agree_targets(
                self.indicator,
                fy,
                by=request.user,
                access=self.access,
                executive_board_ids=self.executive_ids,
                expected_fingerprint=request.POST.get("fingerprint"),
            )
        except StaleEdit:
            messages.error(request, stale_edit_message("these targets", kept=False))
        except AgreementRefused as refused:
            messages.error(request, refused.reason)
        else:
            messages.success(request, f"{self.indicator.code} targets for {target.period} agreed: they now count.")
        return redirect(self.indicator)


class ProposedTargetListView(ExecutiveBoardMixin, ScopedListView):
    """Targets awaiting agreement: each year proposed, with who proposed it and when."""

    queryset = AnnualTarget.objects.filter(agreement=Agreement.PROPOSED).select_related(
        "indicator__lead_theme", "indicator__partnership", "period", "proposed_by"
    )
    table_class = ProposedTargetTable
    filterset_class = ProposedTargetFilterSet
    export_name = "targets-awaiting-agreement"
    page_title = "Targets awaiting agreement"
    nav_section = "indicators"
