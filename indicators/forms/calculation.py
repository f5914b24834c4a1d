from django import forms
from django.db import transaction

from indicators.calculations import (
    CalculationKind,
    FormulaProblem,
    MakeUpMeasure,
    formula_problem,
    parse_formula,
    unit_problem,
)
from indicators.models import CalculationSettings, Indicator
from partnership.forms.base import GovukFormMixin, ScopedFormMixin

# Which settings each kind reads (the others are kept but not used).
USES = {
    CalculationKind.SHARE_GREEN: ("theme", "objective", "indicator_set"),
    CalculationKind.RISKS: ("risk_score",),
    CalculationKind.SPEND_VARIANCE: ("theme",),
    CalculationKind.ON_TIME: ("theme",),
    CalculationKind.ATTESTED: ("theme",),
    CalculationKind.FORMULA: ("formula",),
    CalculationKind.MAKE_UP: ("measure",),
}


class CalculationForm(ScopedFormMixin, GovukFormMixin, forms.ModelForm):
    """How an indicator's value is found: returned by a source, or calculated by the system."""

    calculation = forms.ChoiceField(label="How its value is found", choices=CalculationKind.choices)

    class Meta:
        model = CalculationSettings
        fields = ["calculation", "theme", "objective", "indicator_set", "risk_score", "formula", "measure"]
        labels = {
            "theme": "Theme (management group)",
            "objective": "Objective or plan",
            "indicator_set": "Which indicators",
            "risk_score": "Risk score counted",
            "measure": "Make-up measure",
        }
        help_texts = {
            "indicator_set": "For a share of indicators that are green.",
            "measure": "For the make-up of the members, from their voluntary monitoring forms.",
        }

    def __init__(self, *args, indicator: Indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, instance=CalculationSettings.of(indicator), **kwargs)
        self.initial.setdefault("calculation", indicator.calculation)
        self.fields["measure"].choices = [("", "Not used")] + list(MakeUpMeasure.choices)
        self.fields["theme"].empty_label = "The whole partnership"
        self.fields["objective"].empty_label = "Any objective"
        self.style_widgets()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("calculation")
        if not kind:
            return cleaned
        if problem := unit_problem(kind, self.indicator.unit):
            self.add_error(
                "calculation", problem + f" ({self.indicator.code} is a {self.indicator.get_unit_display()}.)"
            )
        if kind != CalculationKind.RETURNED and self.indicator.is_ratio:
            self.add_error("calculation", "An indicator entered as numerator and denominator cannot be calculated.")
        if kind == CalculationKind.FORMULA:
            if problem := formula_problem(self.indicator.code, cleaned.get("formula", ""), self._known_formulas()):
                self.add_error("formula", problem)
        if kind == CalculationKind.MAKE_UP and not cleaned.get("measure"):
            self.add_error("measure", "Choose which part of the members' make-up this indicator counts.")
        return cleaned

    def _known_formulas(self) -> dict[str, list[str]]:
        """Every code of the partnership, with the codes its formula uses (none for the others)."""
        known = {}
        others = Indicator.objects.for_partnership(self.partnership).exclude(pk=self.indicator.pk)
        for code, kind, formula in others.values_list("code", "calculation", "calculation_settings__formula"):
            refs: tuple = ()
            if kind == CalculationKind.FORMULA and formula:
                try:
                    refs = parse_formula(formula).references
                except FormulaProblem:
                    refs = ()
            known[code] = list(refs)
        known[self.indicator.code] = []
        return known

    def save(self, commit=True):
        with transaction.atomic():
            self.indicator.calculation = self.cleaned_data["calculation"]
            self.indicator._change_reason = "How it is calculated"
            self.indicator.save(update_fields=["calculation", "updated_at"])
            settings = super().save(commit=False)
            settings.indicator = self.indicator
            settings.save()
        return settings
