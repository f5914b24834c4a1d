from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from indicators.charts import TrendPoint, trend_chart_svg
from indicators.filtersets import CatalogueFilterSet, IndicatorFilterSet
from indicators.forms import IndicatorForm, TargetsForm, targets_fingerprint
from indicators.models import AnnualTarget, CatalogueIndicator, Indicator, PeriodTarget, Result
from indicators.services import indicator_years, summarise
from indicators.status import STATUS_ORDER, Status
from indicators.tables import CatalogueTable, IndicatorTable
from indicators.values import Unit, default_accumulation
from partnership.views.base import PartnershipMixin
from partnership.views.lists import ScopedListView

INDICATOR_RELATED = ("lead_theme", "partnership", "outcome_lead__user", "objective", "baseline_period")


class IndicatorListView(ScopedListView):
    model = Indicator
    table_class = IndicatorTable
    filterset_class = IndicatorFilterSet
    export_name = "indicators"
    page_title = "Indicators"
    nav_section = "indicators"
    template_name = "indicators/indicator_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related(*INDICATOR_RELATED)

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


class IndicatorDetailView(PartnershipMixin, DetailView):
    template_name = "indicators/indicator_detail.html"
    context_object_name = "indicator"
    nav_section = "indicators"

    def get_object(self, queryset=None):
        return self.get_scoped_or_404(
            Indicator.objects.select_related(*INDICATOR_RELATED, "delivery_manager__user", "owning_organisation", "catalogue"),
            pk=self.kwargs["indicator_id"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicator = self.object
        today = timezone.localdate()
        tolerance = self.partnership.tolerance_percent
        result_years = {r.period.span.financial_year for r in Result.objects.filter(indicator=indicator).select_related("period")}
        years = sorted(set(self.partnership.agreement_years(today)) | result_years)
        year_views = indicator_years(indicator, tolerance, years)
        summary = summarise([indicator], tolerance, today)[indicator.pk]
        points = [
            TrendPoint(row.span.label, row.assessment.compared, row.assessment.target, row.assessment.status)
            for year in year_views
            for row in year.rows
            if row.span.has_ended(today) or row.assessment.actual is not None
        ]
        context.update(
            summary=summary,
            years=year_views,
            history=[(year, row) for year in year_views for row in year.rows if row.assessment.status != Status.GREY],
            chart=trend_chart_svg(points, title=f"{indicator.code} {indicator.title}: results against target",
                                  unit="%" if indicator.unit == Unit.PERCENTAGE else ""),
            contributing_themes=indicator.contributing_themes.all(),
            can_set_targets=self.access.can_set_targets(indicator.lead_theme_id, indicator.outcome_lead_id == self.membership.pk),
            can_edit=self.access.can_manage_partnership(),
            target_changes=_target_changes(indicator),
        )
        return context


def _target_changes(indicator, limit=10):
    """The latest changes to this indicator's targets, newest first (from their history)."""
    changes = list(AnnualTarget.history.filter(indicator_id=indicator.pk).select_related("history_user", "period")[:limit])
    changes += list(PeriodTarget.history.filter(indicator_id=indicator.pk).select_related("history_user", "period")[:limit])
    return sorted(changes, key=lambda change: change.history_date, reverse=True)[:limit]


class TargetsEditView(PartnershipMixin, FormView):
    template_name = "indicators/targets_form.html"
    form_class = TargetsForm
    nav_section = "indicators"

    def has_permission(self):
        self.indicator = self.get_scoped_or_404(Indicator.objects.select_related(*INDICATOR_RELATED), pk=self.kwargs["indicator_id"])
        return self.access.can_set_targets(self.indicator.lead_theme_id, self.indicator.outcome_lead_id == self.membership.pk)

    def get_form_kwargs(self):
        years = self.partnership.agreement_years(timezone.localdate())
        return {**super().get_form_kwargs(), "indicator": self.indicator, "years": years}

    def form_valid(self, form):
        if not form.save():
            form.add_error(
                None,
                "Someone else changed these targets while you were editing them. Your figures have not been saved: "
                "they are still in the form below, and the saved figures are shown beside each year. Check them, then save again.",
            )
            form.data = form.data.copy()
            form.data["fingerprint"] = targets_fingerprint(self.indicator)
            saved = {t.period.span.financial_year: t for t in self.indicator.annual_targets.select_related("period")}
            return self.render_to_response(self.get_context_data(form=form, saved=saved))
        messages.success(self.request, f"Targets saved for {self.indicator.code}.")
        return redirect(self.indicator)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(indicator=self.indicator, page_title=f"Targets for {self.indicator.code}", back_url=self.indicator.get_absolute_url())
        return context


class IndicatorFormMixin:
    template_name = "indicators/indicator_form.html"
    form_class = IndicatorForm
    nav_section = "indicators"

    def has_permission(self):
        return self.access.can_manage_partnership()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partnership": self.partnership, "today": timezone.localdate()}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, f"Saved {self.object}.")
        return redirect(self.object)


class IndicatorCreateView(IndicatorFormMixin, PartnershipMixin, CreateView):
    """A local indicator, or (with ?catalogue=<id>) one adopted from the national catalogue."""

    def get_catalogue(self):
        catalogue_id = self.request.GET.get("catalogue") or self.request.POST.get("catalogue")
        if not catalogue_id:
            return None
        return CatalogueIndicator.objects.filter(pk=catalogue_id if str(catalogue_id).isdigit() else None).first()

    def get_initial(self):
        entry = self.get_catalogue()
        if entry is None:
            return {"frequency": "quarterly"}
        text = entry.unit_description.lower()
        unit = Unit.PERCENTAGE if ("%" in text or "percent" in text or "proportion" in text) else (Unit.RATE if "per 1,000" in text else "")
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

    def form_valid(self, form):
        form.instance.catalogue = self.get_catalogue()
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.get_catalogue()
        context.update(
            catalogue_entry=entry,
            page_title=f"Adopt {entry.code}" if entry else "Add a local indicator",
            submit_label="Adopt indicator" if entry else "Add indicator",
        )
        return context


class IndicatorEditView(IndicatorFormMixin, PartnershipMixin, UpdateView):
    def get_object(self, queryset=None):
        return self.get_scoped_or_404(Indicator.objects.select_related(*INDICATOR_RELATED), pk=self.kwargs["indicator_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_title=f"Edit {self.object.code}", back_url=self.object.get_absolute_url(), submit_label="Save changes")
        return context


class CatalogueView(ScopedListView):
    """The national indicator set, marking what this partnership has adopted."""

    model = CatalogueIndicator
    table_class = CatalogueTable
    filterset_class = CatalogueFilterSet
    export_name = "national-indicators"
    page_title = "National indicator set"
    nav_section = "indicators"
    paginate_by = 50

    def get_queryset(self):
        # The catalogue is shared reference data, not tenant data; only the adoption marks are scoped.
        return CatalogueIndicator.objects.all()

    def get_table_kwargs(self):
        adopted = self.scoped(Indicator).exclude(catalogue=None).values_list("catalogue_id", flat=True)
        return {
            "adopted": list(adopted),
            "adopt_url": reverse("indicators:create", kwargs={"partnership_slug": self.partnership.slug}),
            "can_adopt": self.access.can_manage_partnership(),
        }
