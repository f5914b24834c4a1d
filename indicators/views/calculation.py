"""How an indicator's value is found: returned by a source, or calculated by the system."""

from django.shortcuts import get_object_or_404
from django.views.generic import FormView

from indicators.calculations import CalculationKind, IndicatorSet, MakeUpMeasure
from indicators.forms.calculation import CalculationForm
from indicators.models import CalculationSettings, ComputedValue, Indicator
from indicators.status import Observation, period_value
from partnership.views.base import ConfigureFormMixin, PartnershipMixin


class CalculationEditView(ConfigureFormMixin, PartnershipMixin, FormView):
    nav_section = "indicators"
    form_class = CalculationForm
    submit_label = "Save how it is found"

    def load_objects(self):
        self.indicator = get_object_or_404(
            Indicator.objects.for_partnership(self.partnership).select_related("calculation_settings"),
            pk=self.kwargs["indicator_id"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator": self.indicator}

    def get_page_title(self):
        return f"How {self.indicator.code} is found"

    def get_back_url(self):
        return self.indicator.get_absolute_url()

    def get_success_url(self):
        return self.indicator.get_absolute_url()


def calculation_context(indicator) -> dict:
    """What the indicator's page shows of how it is calculated: the rule in words and its latest
    calculations, newest first (two queries)."""
    if not indicator.is_calculated:
        return {"calculation_words": "", "calculations": []}
    settings = CalculationSettings.objects.filter(indicator=indicator).select_related("theme", "objective").first()
    versions = (
        ComputedValue.objects.filter(indicator=indicator)
        .select_related("period", "computed_by")
        .order_by("-period__start", "-version")[:12]
    )
    versions = list(versions)
    for version in versions:
        observation = Observation(version.value, version.numerator, version.denominator)
        version.shown = period_value(observation, indicator.scale)
    return {"calculation_words": describe(indicator, settings), "calculations": versions}


def describe(indicator, settings) -> str:
    kind = CalculationKind(indicator.calculation)
    if settings is None:
        return f"{kind.label}."
    scope = f"the {settings.theme.name} theme" if settings.theme_id else "the whole partnership"
    if kind == CalculationKind.SHARE_GREEN:
        which = IndicatorSet(settings.indicator_set).label.lower()
        objective = f" under “{settings.objective.title}”" if settings.objective_id else ""
        return f"The % of {which}{objective} in {scope} that are green (calculated indicators are not counted)."
    if kind == CalculationKind.RISKS:
        return f"The number of open risks on the register scoring {settings.risk_score} or more at the period's end."
    if kind in (CalculationKind.SPEND_VARIANCE, CalculationKind.ON_TIME, CalculationKind.ATTESTED):
        return f"{kind.label}, for {scope}."
    if kind == CalculationKind.FORMULA:
        return f"The formula {settings.formula}."
    if kind == CalculationKind.MAKE_UP:
        measure = MakeUpMeasure(settings.measure).label if settings.measure else "not chosen yet"
        return f"{measure}, from the members' voluntary monitoring forms (totals only, never below the minimum count)."
    return f"{kind.label}, from the statements of the self-assessment questionnaire linked to {indicator.code}."
