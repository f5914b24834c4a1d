"""The partnership's indicators: the list with each one's status, one indicator's page, and adding
or editing one."""

from django.utils import timezone
from django.views.generic import CreateView, DetailView, UpdateView

from indicators.charts import TrendPoint, trend_chart_svg
from indicators.filtersets import IndicatorFilterSet
from indicators.forms.indicators import IndicatorForm
from indicators.models import AnnualTarget, CatalogueIndicator, Indicator, PeriodTarget, Result
from indicators.services.results import indicator_years, summarise
from indicators.services.targets import targets_fingerprint
from indicators.status import STATUS_ORDER, Status
from indicators.tables import IndicatorTable
from indicators.values import Unit, default_accumulation
from indicators.views.calculation import calculation_context
from partnership.history import history_entries
from partnership.services.access import executive_board_ids
from partnership.views.base import ConfigureFormMixin, PartnershipMixin
from partnership.views.lists import ScopedListView

INDICATOR_RELATED = ("lead_theme", "partnership", "outcome_lead__user", "objective", "baseline_period")


class IndicatorListView(ScopedListView):
    queryset = Indicator.objects.select_related(*INDICATOR_RELATED)
    table_class = IndicatorTable
    filterset_class = IndicatorFilterSet
    export_name = "indicators"
    page_title = "Indicators"
    nav_section = "indicators"
    template_name = "indicators/indicator_list.html"

    def get_table_kwargs(self):
        return {"for_export": self.export_trigger_param in self.request.GET}

    def get_table_data(self):
        indicators = list(super().get_table_data())
        summaries = summarise(indicators, self.partnership.tolerance_percent, timezone.localdate())
        for indicator in indicators:
            indicator.summary = summaries[indicator.pk]
            indicator.status_rank = STATUS_ORDER.get(indicator.summary.status, -1)
        wanted = self.filterset.form.cleaned_data.get("status") if self.filterset.is_valid() else None
        if wanted:
            indicators = [i for i in indicators if i.summary.status == wanted]
        return indicators

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.access.can_manage_partnership()
        return context


def target_history(indicator, limit=10):
    """The latest changes to an indicator's targets and profile, newest first, period by period."""

    def period_of(record):
        return record.period.label

    def formatted(name, value):
        return indicator.format(value) if name in ("value", "monitoring_level") and value is not None else None

    options = {"subject": period_of, "format_value": formatted, "on_create": ("value", "monitoring_level")}
    annual = history_entries(
        AnnualTarget.history.filter(indicator_id=indicator.pk).select_related("history_user", "period"),
        labels={"value": "Target", "agreement": "Agreement"},
        excluded=("proposed_at", "agreed_at"),
        **{**options, "on_create": ("value", "monitoring_level", "agreement", "proposed_by", "agreed_by")},
    )
    profile = history_entries(
        PeriodTarget.history.filter(indicator_id=indicator.pk).select_related("history_user", "period"),
        labels={"value": "Profiled target"},
        **{**options, "on_create": ("value",)},
    )
    return sorted(annual + profile, key=lambda e: e.record.history_date, reverse=True)[:limit]


class IndicatorDetailView(PartnershipMixin, DetailView):
    template_name = "indicators/indicator_detail.html"
    context_object_name = "indicator"
    nav_section = "indicators"
    queryset = Indicator.objects.select_related(
        *INDICATOR_RELATED, "delivery_manager__user", "owning_organisation", "catalogue"
    )
    pk_url_kwarg = "indicator_id"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicator = self.object
        today = timezone.localdate()
        tolerance = self.partnership.tolerance_percent
        result_years = {
            r.period.span.financial_year for r in Result.objects.filter(indicator=indicator).select_related("period")
        }
        years = sorted(set(self.partnership.agreement_years(today)) | result_years)
        year_views = indicator_years(indicator, tolerance, years)
        points = [
            TrendPoint(row.span.label, row.assessment.compared, row.assessment.target, row.assessment.status)
            for year in year_views
            for row in year.rows
            if row.span.has_ended(today) or row.assessment.actual is not None
        ]
        context.update(
            summary=summarise([indicator], tolerance, today)[indicator.pk],
            commissions=indicator.commissions.select_related("theme").order_by("name"),
            years=year_views,
            history=[(year, row) for year in year_views for row in year.rows if row.assessment.status != Status.GREY],
            chart=trend_chart_svg(
                points,
                title=f"{indicator.code} {indicator.title}: results against target",
                unit="%" if indicator.unit == Unit.PERCENTAGE else "",
            ),
            contributing_themes=indicator.contributing_themes.all(),
            can_set_targets=self.access.can_set_targets(
                indicator.lead_theme_id, indicator.outcome_lead_id == self.membership.pk
            ),
            can_edit=self.access.can_manage_partnership(),
            target_changes=target_history(indicator),
            targets={
                t.period.span.financial_year: t
                for t in indicator.annual_targets.select_related("period", "proposed_by", "agreed_by")
            },
            can_agree_targets=self.access.can_agree_targets(executive_board_ids(self.partnership)),
            targets_fingerprint=targets_fingerprint(indicator),
            **calculation_context(indicator),
        )
        return context


class IndicatorFormMixin(ConfigureFormMixin):
    template_name = "indicators/indicator_form.html"
    form_class = IndicatorForm
    nav_section = "indicators"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "today": timezone.localdate()}


def adoption_initial(entry: CatalogueIndicator) -> dict:
    """What adopting a national indicator fills in, from what its source says."""
    text = entry.unit_description.lower()
    if "%" in text or "percent" in text or "proportion" in text:
        unit = Unit.PERCENTAGE
    else:
        unit = Unit.RATE if "per 1,000" in text else ""
    return {
        "code": entry.code,
        "title": entry.title,
        "definition": entry.unit_description,
        "polarity": entry.polarity,
        "unit": unit,
        "accumulation": default_accumulation(unit) if unit else "",
        "frequency": "annual" if "annual" in entry.frequency_description.lower() else "quarterly",
        "is_laa": True,
    }


class IndicatorCreateView(IndicatorFormMixin, PartnershipMixin, CreateView):
    """A local indicator, or (with ?catalogue=<id>) one adopted from the national catalogue."""

    def load_objects(self):
        catalogue_id = str(self.request.GET.get("catalogue") or self.request.POST.get("catalogue") or "")
        self.entry = CatalogueIndicator.objects.filter(pk=catalogue_id).first() if catalogue_id.isdigit() else None

    def get_initial(self):
        return adoption_initial(self.entry) if self.entry else {"frequency": "quarterly"}

    def get_page_title(self):
        return f"Adopt {self.entry.code}" if self.entry else "Add a local indicator"

    def form_valid(self, form):
        form.instance.catalogue = self.entry
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        submit = "Adopt indicator" if self.entry else "Add indicator"
        return super().get_context_data(catalogue_entry=self.entry, submit_label=submit, **kwargs)


class IndicatorEditView(IndicatorFormMixin, PartnershipMixin, UpdateView):
    queryset = Indicator.objects.select_related(*INDICATOR_RELATED)
    pk_url_kwarg = "indicator_id"
    submit_label = "Save changes"

    def get_page_title(self):
        return f"Edit {self.object.code}"

    def get_back_url(self):
        return self.object.get_absolute_url()
