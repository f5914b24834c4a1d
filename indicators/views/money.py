"""Money pages: commissions (and legacy projects) and their quarterly budget profiles. Their
spend returns are in indicators.views.spend."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from indicators.filtersets import CommissionFilterSet
from indicators.forms.money import BudgetForm, CommissionForm
from indicators.models import BudgetProfile, Commission, Indicator, ReturnRound
from indicators.money import reporting_position
from indicators.periods import PeriodKind, financial_year_label
from indicators.services.money import (
    VARIANCE_EXPLANATION_THRESHOLD,
    budget_fingerprint,
    commission_summaries,
    commission_year,
    save_budget_profile,
    year_profiles,
)
from indicators.services.results import summarise
from indicators.tables import CommissionTable, money_in_history
from partnership.concurrency import StaleEdit, UnconfirmedRemoval, stale_edit_message
from partnership.history import history_entries
from partnership.models import Theme
from partnership.views.base import ConfigureFormMixin, PartnershipMixin
from partnership.views.lists import ScopedListView

COMMISSION_RELATED = ("theme", "provider", "manager__user")


def commission_url(partnership, commission, fy=None):
    url = reverse(
        "indicators:commission_detail", kwargs={"partnership_slug": partnership.slug, "commission_id": commission.pk}
    )
    return f"{url}?year={fy}" if fy is not None else url


def commissions_url(partnership):
    return reverse("indicators:commission_list", kwargs={"partnership_slug": partnership.slug})


def year_param(request):
    """?year=2026 as an int, or None when absent or not a plausible year."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def budget_history(commission, limit=10):
    """The latest changes to a commission's budget profile, newest first, quarter by quarter."""
    records = BudgetProfile.history.filter(commission_id=commission.pk).select_related("history_user", "period")
    entries = history_entries(
        records, on_create=("amount",), subject=lambda record: record.period.label, format_value=money_in_history
    )
    return entries[:limit]


class CommissionListView(ScopedListView):
    queryset = Commission.objects.select_related(*COMMISSION_RELATED).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("code"))
    )
    table_class = CommissionTable
    filterset_class = CommissionFilterSet
    export_name = "commissions"
    page_title = "Commissions and projects"
    nav_section = "money"
    template_name = "indicators/money/commission_list.html"

    def get_table_kwargs(self):
        return {"partnership": self.partnership}

    def get_table_data(self):
        commissions = list(super().get_table_data())
        self.fy, self.up_to = reporting_position(timezone.localdate())
        summaries = commission_summaries(commissions, self.fy, self.up_to)  # two queries for every row
        for commission in commissions:
            commission.summary = summaries[commission.pk]
        return commissions

    def spend_sheets(self):
        """The latest quarter's round and, for each theme whose spend this person enters or approves
        (or every theme, for an administrator), whether they may upload its spend spreadsheet."""
        round_ = (
            self.scoped(ReturnRound)
            .filter(period__kind=PeriodKind.QUARTER)
            .select_related("period")
            .order_by("-period__start")
            .first()
        )
        access = self.access
        themes = [
            (theme, access.can_enter_returns(theme.pk))
            for theme in self.scoped(Theme).order_by("position", "name")
            if access.can_enter_returns(theme.pk) or access.can_approve_returns(theme.pk) or access.is_admin
        ]
        return round_, themes if round_ else []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["spend_round"], context["spend_sheets"] = self.spend_sheets()
        context.update(
            can_add=self.access.can_manage_partnership(),
            year_label=financial_year_label(self.fy),
            up_to=self.up_to,
            threshold=VARIANCE_EXPLANATION_THRESHOLD,
        )
        return context


class CommissionFormMixin(ConfigureFormMixin):
    template_name = "indicators/money/commission_form.html"
    form_class = CommissionForm
    nav_section = "money"

    def get_success_url(self):
        return commission_url(self.partnership, self.object)


class CommissionCreateView(CommissionFormMixin, PartnershipMixin, CreateView):
    page_title = "Add a commission or project"
    submit_label = "Add commission"

    def get_back_url(self):
        return commissions_url(self.partnership)


class CommissionEditView(CommissionFormMixin, PartnershipMixin, UpdateView):
    queryset = Commission.objects.select_related(*COMMISSION_RELATED)
    pk_url_kwarg = "commission_id"
    submit_label = "Save changes"

    def get_page_title(self):
        return f"Edit {self.object}"

    def get_back_url(self):
        return commission_url(self.partnership, self.object)


class CommissionDetailView(PartnershipMixin, DetailView):
    """A commission's year: each quarter's profile and spend return, and the totals to date."""

    template_name = "indicators/money/commission_detail.html"
    nav_section = "money"
    queryset = Commission.objects.select_related(*COMMISSION_RELATED)
    pk_url_kwarg = "commission_id"
    context_object_name = "commission"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        commission = self.object
        today = timezone.localdate()
        fy, up_to = reporting_position(today, year_param(self.request))
        years = sorted(set(self.partnership.agreement_years(today)) | {fy})
        rows = commission_year(commission, fy, today)
        context.update(
            fy=fy,
            up_to=up_to,
            year_label=financial_year_label(fy),
            years=[(year, financial_year_label(year)) for year in years],
            rows=rows,
            progress_reported=any(row.has_progress for row in rows),
            summary=commission_summaries([commission], fy, up_to)[commission.pk],
            delivers=delivered_outcomes(commission, self.partnership.tolerance_percent, today),
            can_edit=self.access.can_manage_partnership(),
            can_set_budget=self.access.can_manage_partnership() or self.access.can_enter_returns(commission.theme_id),
            budget_changes=budget_history(commission),
            page_title=str(commission),
            back_url=commissions_url(self.partnership),
            threshold=VARIANCE_EXPLANATION_THRESHOLD,
        )
        return context


def delivered_outcomes(commission, tolerance_percent, today) -> list[tuple]:
    """(indicator, its summary) for each indicator the commission delivers, by code: the outcomes
    its spend is for, with where they stand."""
    indicators = list(commission.indicators.select_related("lead_theme").order_by("code"))
    summaries = summarise(indicators, tolerance_percent, today)
    return [(indicator, summaries[indicator.pk]) for indicator in indicators]


class BudgetView(PartnershipMixin, FormView):
    """The four quarterly budget profiles of one financial year (?year=2026)."""

    template_name = "indicators/money/budget_form.html"
    form_class = BudgetForm
    nav_section = "money"

    def load_objects(self):
        self.commission = self.get_scoped_or_404(
            Commission.objects.select_related("theme"), pk=self.kwargs["commission_id"]
        )
        self.fy = year_param(self.request) or reporting_position(timezone.localdate())[0]

    def has_permission(self):
        return self.access.can_manage_partnership() or self.access.can_enter_returns(self.commission.theme_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "fy": self.fy}

    def get_initial(self):
        return {"fingerprint": budget_fingerprint(self.commission, self.fy), **self.saved_amounts()}

    def saved_amounts(self):
        return {BudgetForm.name_for(span): amount for span, amount in year_profiles(self.commission, self.fy).items()}

    def form_valid(self, form):
        try:
            save_budget_profile(
                commission=self.commission,
                fy=self.fy,
                amounts=form.amounts(),
                expected_fingerprint=form.cleaned_data.get("fingerprint"),
                confirmed=self.request.POST.get("confirm_removal") == "yes",
            )
        except UnconfirmedRemoval as unconfirmed:
            # Nothing is removed on a blank field alone: the page asks, with everything typed kept.
            return self.render_to_response(self.get_context_data(form=form, removals=unconfirmed.removals))
        except StaleEdit:
            form.add_error(None, stale_edit_message("this budget profile"))
            form.data = form.data.copy()
            form.data["fingerprint"] = budget_fingerprint(self.commission, self.fy)
            return self.render_to_response(self.get_context_data(form=form, saved=self.saved_amounts()))
        messages.success(self.request, f"Budget profile for {financial_year_label(self.fy)} saved.")
        return redirect(commission_url(self.partnership, self.commission, self.fy))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            commission=self.commission,
            year_label=financial_year_label(self.fy),
            page_title=f"Budget profile for {financial_year_label(self.fy)}",
            back_url=commission_url(self.partnership, self.commission, self.fy),
        )
        return context
