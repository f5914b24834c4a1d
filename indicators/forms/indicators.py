from django import forms

from indicators.forms.fields import FigureField
from indicators.models import Indicator, Period
from indicators.periods import financial_year_label, financial_year_of, year_span
from indicators.values import NUMBER_ERRORS, accumulation_problem, default_accumulation, value_problem
from partnership.forms.base import GovukFormMixin, ScopedFormMixin


class IndicatorForm(ScopedFormMixin, GovukFormMixin, forms.ModelForm):
    baseline_year = forms.TypedChoiceField(label="Baseline year", required=False, coerce=int, empty_value=None)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "title",
            "definition",
            "lead_theme",
            "contributing_themes",
            "unit",
            "rate_per",
            "is_ratio",
            "numerator_label",
            "denominator_label",
            "allows_negative",
            "polarity",
            "frequency",
            "accumulation",
            "is_laa",
            "is_stretch",
            "baseline_value",
            "baseline_year",
            "baseline_note",
            "outcome_lead",
            "delivery_manager",
            "objective",
            "data_source",
            "owning_organisation",
        ]
        field_classes = {"baseline_value": FigureField}
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "contributing_themes": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "code": {"required": "Enter the indicator's code, e.g. NI 112 or L 04."},
            "title": {"required": "Enter the indicator's title."},
            "lead_theme": {"required": "Choose the theme that leads on this indicator."},
            "unit": {"required": "Choose the unit."},
            "polarity": {"required": "Say whether higher or lower is better."},
            "baseline_value": NUMBER_ERRORS,
        }

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = self.partnership
        self.fields["accumulation"].required = False
        self.fields["accumulation"].help_text = "Leave blank to use the usual rule for the unit."
        for name in ("outcome_lead", "delivery_manager"):
            field = self.fields[name]
            field.queryset = field.queryset.filter(is_active=True).select_related("user", "organisation")
            field.label_from_instance = lambda m: f"{m.display_name} ({m.organisation or 'no organisation'})"
        this_year = financial_year_of(today)
        self.fields["baseline_year"].choices = [("", "No baseline year")] + [
            (fy, financial_year_label(fy)) for fy in range(this_year, this_year - 15, -1)
        ]
        if self.instance.baseline_period_id and not self.is_bound:
            self.initial["baseline_year"] = self.instance.baseline_period.span.financial_year

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("accumulation") and cleaned.get("unit"):
            cleaned["accumulation"] = default_accumulation(cleaned["unit"])
            self.instance.accumulation = cleaned["accumulation"]
        if cleaned.get("unit") and cleaned.get("accumulation"):
            if problem := accumulation_problem(cleaned["unit"], cleaned["accumulation"]):
                self.add_error("accumulation", problem)
        lead = cleaned.get("lead_theme")
        if lead and lead in (cleaned.get("contributing_themes") or []):
            self.add_error("contributing_themes", "The lead theme cannot also be a contributing theme.")
        if cleaned.get("baseline_value") is not None and cleaned.get("unit"):
            problem = value_problem(
                cleaned["baseline_value"], cleaned["unit"], allows_negative=cleaned.get("allows_negative", False)
            )
            if problem:
                self.add_error("baseline_value", problem)
        return cleaned

    def validate_unique(self):
        super().validate_unique()
        # The partnership is not a form field, so Django skips the per-partnership unique code.
        code = self.cleaned_data.get("code")
        duplicates = Indicator.objects.for_partnership(self.instance.partnership).filter(code__iexact=code)
        if code and duplicates.exclude(pk=self.instance.pk).exists():
            self.add_error("code", "This partnership already has an indicator with this code.")

    def save(self, commit=True):
        year = self.cleaned_data.get("baseline_year")
        self.instance.baseline_period = Period.objects.for_span(year_span(year)) if year else None
        return super().save(commit)
