"""Money pages: commissions (and legacy projects), their quarterly budget profiles, and the
quarterly spend returns, which follow the indicator returns' workflow, validation and audit."""

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import CreateView, FormView, TemplateView, UpdateView, View

from indicators.models import BudgetProfile, Commission, Period, SpendReturn
from indicators.money import MONEY_FIELDS, describe_variance, reporting_position, variance_percent
from indicators.money_forms import BudgetForm, CommissionFilterSet, CommissionForm, SpendReturnForm
from indicators.money_services import (
    VARIANCE_EXPLANATION_THRESHOLD,
    budget_fingerprint,
    commission_summaries,
    commission_year,
    quarter_profile,
    save_budget_profile,
    save_spend_return,
    year_profiles,
)
from indicators.periods import PeriodKind, financial_year_label
from indicators.return_forms import DecisionForm, decide_from_post, save_or_explain
from indicators.values import Unit, format_value
from indicators.workflow import Action, ReturnState, available_actions, decide
from partnership.views.base import PartnershipMixin
from partnership.views.lists import ScopedListView

NUMERIC = {"th": {"class": "govuk-table__header govuk-table__header--numeric"}, "td": {"class": "govuk-table__cell govuk-table__cell--numeric"}}
COMMISSION_RELATED = ("theme", "provider", "manager__user")


def money(amount):
    return format_value(amount, Unit.MONEY, places=2)


def commission_url(partnership, commission, fy=None):
    url = reverse("money:detail", kwargs={"partnership_slug": partnership.slug, "commission_id": commission.pk})
    return f"{url}?year={fy}" if fy is not None else url


def spend_url(partnership, commission, period):
    return reverse("money:spend", kwargs={"partnership_slug": partnership.slug, "commission_id": commission.pk, "period_id": period.pk})


def year_param(request):
    """?year=2026 as an int, or None when absent or not a plausible year."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def shown(field, value):
    """A value in the audit trail: money as money, the rest as stored."""
    return money(value) if field in MONEY_FIELDS and value is not None else value


def history_entries(obj, model):
    """Every change to a return, newest first: who, when, why, and what changed (old -> new)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for newer, older in zip(records, records[1:] + [None]):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["version", "updated_at", "submitted_at", "decided_at"])
            changes = [(model._meta.get_field(c.field).verbose_name.capitalize(), shown(c.field, c.old), shown(c.field, c.new))
                       for c in delta.changes]
        entries.append({"record": newer, "changes": changes})
    return entries


# --- commissions ---------------------------------------------------------------------------------

class CommissionTable(tables.Table):
    """Rows are Commission objects carrying `.summary` (money_services.commission_summaries)."""

    theme = tables.Column(accessor="theme__name", order_by=("theme__position", "theme__name"))
    name = tables.Column(verbose_name="Commission or project")
    kind = tables.Column(verbose_name="Type")
    provider = tables.Column(accessor="provider__name", default="–")
    annual_budget = tables.Column(verbose_name="Annual budget", accessor="summary__annual_budget", attrs=NUMERIC)
    profile_to_date = tables.Column(verbose_name="Profile to date", accessor="summary__profile_to_date", attrs=NUMERIC)
    spend_to_date = tables.Column(verbose_name="Approved spend to date", accessor="summary__spend_to_date", attrs=NUMERIC)
    variance = tables.Column(verbose_name="Variance from profile", accessor="summary__variance_words", orderable=False)
    match_total = tables.Column(verbose_name="Match funding", accessor="summary__match_total", attrs=NUMERIC)

    class Meta:
        empty_text = "No commissions or projects match these filters."

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def render_name(self, record, value):
        return format_html('<a class="govuk-link" href="{}">{}</a>', commission_url(self.partnership, record), value)

    def value_name(self, value):
        return value

    def render_kind(self, record):
        return record.get_kind_display()

    def render_annual_budget(self, value):
        return money(value)

    def render_profile_to_date(self, value):
        return money(value)

    def render_spend_to_date(self, value):
        return money(value)

    def render_match_total(self, value):
        return money(value)

    def value_variance(self, record):
        # The CSV has the number too, for sums in a spreadsheet.
        variance = record.summary.variance
        return "" if variance is None else f"{variance:.1f}"


class CommissionListView(ScopedListView):
    model = Commission
    table_class = CommissionTable
    filterset_class = CommissionFilterSet
    export_name = "commissions"
    page_title = "Commissions and projects"
    nav_section = "money"
    template_name = "indicators/money/commission_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related(*COMMISSION_RELATED)

    def get_table_kwargs(self):
        return {"partnership": self.partnership}

    def get_table_data(self):
        commissions = list(super().get_table_data())
        self.fy, self.up_to = reporting_position(timezone.localdate())
        summaries = commission_summaries(commissions, self.fy, self.up_to)  # two queries for every row
        for commission in commissions:
            commission.summary = summaries[commission.pk]
        return commissions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(can_add=self.access.can_manage_partnership(), year_label=financial_year_label(self.fy), up_to=self.up_to,
                       threshold=VARIANCE_EXPLANATION_THRESHOLD)
        return context


class CommissionFormMixin:
    template_name = "indicators/money/commission_form.html"
    form_class = CommissionForm
    nav_section = "money"

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, f"Saved {self.object}.")
        return redirect(commission_url(self.partnership, self.object))


class CommissionCreateView(CommissionFormMixin, PartnershipMixin, CreateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title="Add a commission or project", submit_label="Add commission",
                       back_url=reverse("money:list", kwargs={"partnership_slug": self.partnership.slug}))
        return context


class CommissionEditView(CommissionFormMixin, PartnershipMixin, UpdateView):
    def get_object(self, queryset=None):
        return self.get_scoped_or_404(Commission.objects.select_related(*COMMISSION_RELATED), pk=self.kwargs["commission_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title=f"Edit {self.object}", submit_label="Save changes", back_url=commission_url(self.partnership, self.object))
        return context


class CommissionDetailView(PartnershipMixin, TemplateView):
    """A commission's year: each quarter's profile and spend return, and the totals to date."""

    template_name = "indicators/money/commission_detail.html"
    nav_section = "money"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        commission = self.get_scoped_or_404(Commission.objects.select_related(*COMMISSION_RELATED), pk=self.kwargs["commission_id"])
        today = timezone.localdate()
        fy, up_to = reporting_position(today, year_param(self.request))
        years = sorted(set(self.partnership.agreement_years(today)) | {fy})
        context.update(
            commission=commission, fy=fy, up_to=up_to, year_label=financial_year_label(fy),
            years=[(year, financial_year_label(year)) for year in years],
            rows=commission_year(commission, fy, today),
            summary=commission_summaries([commission], fy, up_to)[commission.pk],
            can_edit=self.access.can_manage_partnership(),
            can_set_budget=self.access.can_manage_partnership() or self.access.can_enter_returns(commission.theme_id),
            budget_changes=BudgetProfile.history.filter(commission_id=commission.pk).select_related("history_user", "period")[:10],
            page_title=str(commission), back_url=reverse("money:list", kwargs={"partnership_slug": self.partnership.slug}),
            threshold=VARIANCE_EXPLANATION_THRESHOLD,
        )
        return context


class BudgetView(PartnershipMixin, FormView):
    """The four quarterly budget profiles of one financial year (?year=2026)."""

    template_name = "indicators/money/budget_form.html"
    form_class = BudgetForm
    nav_section = "money"

    def has_permission(self):
        self.commission = self.get_scoped_or_404(Commission.objects.select_related("theme"), pk=self.kwargs["commission_id"])
        return self.access.can_manage_partnership() or self.access.can_enter_returns(self.commission.theme_id)

    def dispatch(self, request, *args, **kwargs):
        self.fy = year_param(request) or reporting_position(timezone.localdate())[0]
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "fy": self.fy}

    def get_initial(self):
        initial = {"fingerprint": budget_fingerprint(self.commission, self.fy)}
        initial.update(self.saved_amounts())
        return initial

    def saved_amounts(self):
        return {BudgetForm.name_for(span): amount for span, amount in year_profiles(self.commission, self.fy).items()}

    def form_valid(self, form):
        saved = save_budget_profile(commission=self.commission, fy=self.fy, amounts=form.amounts(),
                                    expected_fingerprint=form.cleaned_data.get("fingerprint"))
        if not saved:
            form.add_error(None, "Someone else changed this budget profile while you were editing it. Your figures have not been saved: "
                                 "they are still in the form below, and the saved figures are shown beside each quarter. Check them, then save again.")
            form.data = form.data.copy()
            form.data["fingerprint"] = budget_fingerprint(self.commission, self.fy)
            return self.render_to_response(self.get_context_data(form=form, saved=self.saved_amounts()))
        messages.success(self.request, f"Budget profile for {financial_year_label(self.fy)} saved.")
        return redirect(commission_url(self.partnership, self.commission, self.fy))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(commission=self.commission, year_label=financial_year_label(self.fy),
                       page_title=f"Budget profile for {financial_year_label(self.fy)}",
                       back_url=commission_url(self.partnership, self.commission, self.fy))
        return context


# --- spend returns -------------------------------------------------------------------------------

class SpendReturnView(PartnershipMixin, View):
    """One commission's spend return for one quarter: the form (for the theme's officers), the
    workflow actions, and the audit trail. Everyone else in the partnership may read it."""

    template_name = "indicators/money/spend_return.html"
    nav_section = "money"

    def setup_objects(self):
        self.commission = self.get_scoped_or_404(Commission.objects.select_related("theme", "provider"), pk=self.kwargs["commission_id"])
        self.period = Period.objects.filter(pk=self.kwargs["period_id"], kind=PeriodKind.QUARTER).first()
        if self.period is None:
            raise Http404
        self.ret = (SpendReturn.objects.filter(commission=self.commission, period=self.period)
                    .select_related("commission", "submitted_by", "decided_by").first())
        self.profile = quarter_profile(self.commission, self.period)

    def get(self, request, *args, **kwargs):
        self.setup_objects()
        return self.render(self.initial_form())

    def post(self, request, *args, **kwargs):
        self.setup_objects()
        action = request.POST.get("action", Action.SAVE_DRAFT)
        if action not in (Action.SAVE_DRAFT, Action.SUBMIT):
            action = Action.SAVE_DRAFT
        theme_id = self.commission.theme_id
        state = self.ret.state if self.ret else ReturnState.NOT_STARTED
        decision = decide(action, state=state, locked=bool(self.ret and self.ret.is_locked), access=self.access, theme_id=theme_id)
        if not decision.allowed and not self.access.can_enter_returns(theme_id):
            raise PermissionDenied
        form = SpendReturnForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        saved, conflict = save_or_explain(form, lambda: save_spend_return(
            commission=self.commission, period=self.period, data=form.to_input(), action=action, user=request.user,
            access=self.access, expected_version=form.cleaned_data.get("version"),
        ))
        if saved is None:
            return self.render(form, conflict=conflict)
        self.ret = saved
        if action == Action.SUBMIT:
            messages.success(request, f"{self.commission} {self.period} spend submitted for approval.")
            return redirect(commission_url(self.partnership, self.commission, self.period.span.financial_year))
        messages.success(request, "Draft saved. It is not submitted yet.")
        return redirect(spend_url(self.partnership, self.commission, self.period))

    def initial_form(self):
        initial = {"version": self.ret.version if self.ret else 0}
        if self.ret:
            for name in SpendReturnForm.FIGURES + SpendReturnForm.TEXTS:
                initial[name] = getattr(self.ret, name)
        return SpendReturnForm(initial=initial)

    def shown_actual(self, form):
        """The actual spend the variance is worked out from: the form's when it was posted."""
        if form.is_bound and hasattr(form, "cleaned_data"):
            return form.cleaned_data.get("actual_spend")
        return self.ret.actual_spend if self.ret else None

    def render(self, form, conflict=None):
        theme_id = self.commission.theme_id
        state = self.ret.state if self.ret else ReturnState.NOT_STARTED
        actions = available_actions(state=state, locked=bool(self.ret and self.ret.is_locked), access=self.access, theme_id=theme_id)
        actual = self.shown_actual(form)
        variance = variance_percent(actual, self.profile) if actual is not None else None
        context = {
            "partnership": self.partnership, "membership": self.membership, "access": self.access, "nav_section": self.nav_section,
            "commission": self.commission, "period": self.period, "ret": self.ret, "form": form,
            "state": self.ret.shown_state if self.ret else ReturnState.NOT_STARTED,
            "can_edit": Action.SAVE_DRAFT in actions or Action.SUBMIT in actions,
            "can_approve": Action.APPROVE in actions, "can_return": Action.RETURN in actions, "can_reopen": Action.REOPEN in actions,
            "decision_form": DecisionForm(initial={"version": self.ret.version if self.ret else 0}),
            "profile": self.profile, "actual": actual,
            "variance_words": describe_variance(variance) if actual is not None else "No spend entered yet",
            "threshold": VARIANCE_EXPLANATION_THRESHOLD,
            "conflict": conflict,
            "history": history_entries(self.ret, SpendReturn) if self.ret else [],
            "back_url": commission_url(self.partnership, self.commission, self.period.span.financial_year),
            "page_title": f"{self.commission} spend for {self.period}",
            "period_ended": self.period.span.has_ended(timezone.localdate()),
        }
        return TemplateResponse(self.request, self.template_name, context)


class SpendDecideView(PartnershipMixin, View):
    """Approve, return or reopen a spend return: indicators.returns.decide_return, as for indicators."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        ret = self.get_scoped_or_404(SpendReturn.objects.select_related("commission", "period"), pk=kwargs["spend_return_id"])
        done = {Action.APPROVE: "approved: it now counts in the spend totals", Action.RETURN: "returned for revision",
                Action.REOPEN: "reopened"}
        decide_from_post(request, ret, self.access, done, f"{ret.commission} {ret.period} spend")
        return redirect(spend_url(self.partnership, ret.commission, ret.period))
