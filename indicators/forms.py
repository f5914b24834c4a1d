import hashlib
from django import forms
from django.db import transaction

from indicators.models import AnnualTarget, Indicator, Period, PeriodTarget
from indicators.periods import KIND_FOR_FREQUENCY, PeriodKind, financial_year_label, spans_in_year, year_span
from indicators.status import Accumulation, default_profile, monitoring_level_problem
from indicators.values import default_accumulation, format_value, plain_number, value_problem
from partnership.forms import GovukFormMixin


class IndicatorForm(GovukFormMixin, forms.ModelForm):
    baseline_year = forms.TypedChoiceField(label="Baseline year", required=False, coerce=int, empty_value=None)

    class Meta:
        model = Indicator
        fields = [
            "code", "title", "definition", "lead_theme", "contributing_themes", "unit", "rate_per", "is_ratio",
            "numerator_label", "denominator_label", "allows_negative", "polarity", "frequency", "accumulation",
            "is_laa", "is_stretch", "baseline_value", "baseline_year", "baseline_note", "outcome_lead",
            "delivery_manager", "objective", "data_source", "owning_organisation",
        ]
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
            "baseline_value": {"invalid": "Enter the baseline as a number, like 42.5."},
        }

    def __init__(self, *args, partnership, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["accumulation"].required = False
        self.fields["accumulation"].help_text = "Leave blank to use the usual rule for the unit."
        self.fields["lead_theme"].queryset = partnership.themes.all()
        self.fields["contributing_themes"].queryset = partnership.themes.all()
        members = partnership.memberships.filter(is_active=True).select_related("user", "organisation")
        for name in ("outcome_lead", "delivery_manager"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = lambda m: f"{m.display_name} ({m.organisation or 'no organisation'})"
        self.fields["objective"].queryset = partnership.objectives.all()
        self.fields["owning_organisation"].queryset = partnership.organisations.all()
        this_year = today.year if today.month >= 4 else today.year - 1
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
        lead = cleaned.get("lead_theme")
        if lead and lead in (cleaned.get("contributing_themes") or []):
            self.add_error("contributing_themes", "The lead theme cannot also be a contributing theme.")
        if cleaned.get("baseline_value") is not None and cleaned.get("unit"):
            problem = value_problem(cleaned["baseline_value"], cleaned["unit"], allows_negative=cleaned.get("allows_negative", False))
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


def targets_fingerprint(indicator) -> str:
    """A digest of the indicator's saved targets, to spot a save based on an out-of-date copy."""
    annual = AnnualTarget.objects.filter(indicator=indicator).order_by("period__start").values_list("period__start", "value", "monitoring_level")
    profile = PeriodTarget.objects.filter(indicator=indicator).order_by("period__start").values_list("period__start", "value")
    return hashlib.sha256(repr((list(annual), list(profile))).encode()).hexdigest()[:16]


class TargetsForm(GovukFormMixin, forms.Form):
    """Annual targets and monitoring levels for each year of the agreement, and their profile."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.years = years
        self.kind = KIND_FOR_FREQUENCY[indicator.frequency]
        annual = {t.period.span.financial_year: t for t in indicator.annual_targets.select_related("period")}
        profile = {t.period.span: t.value for t in indicator.period_targets.select_related("period")}
        number = forms.DecimalField(max_digits=14, decimal_places=4, required=False,
                                    error_messages={"invalid": "Enter a number, like 42.5.", "max_decimal_places": "Use 4 decimal places or fewer."})
        self.layout = []
        for fy in years:
            label = financial_year_label(fy)
            target = annual.get(fy)
            self.fields[f"target_{fy}"] = self._number(number, f"Target for {label}", target.value if target else None)
            self.fields[f"monitoring_{fy}"] = self._number(
                number, f"Monitoring level for {label}", target.monitoring_level if target else None,
                help_text="Performance worse than this triggers action (ladder of intervention).",
            )
            profile_names = []
            if self.kind != PeriodKind.YEAR:
                spans = spans_in_year(fy, self.kind)
                defaults = default_profile(target.value if target else None, len(spans), indicator.accumulation)
                for span, default in zip(spans, defaults, strict=True):
                    name = f"profile_{fy}_{span.number}"
                    field = self._number(number, span.label, profile.get(span))
                    if default is not None:
                        field.widget.attrs["placeholder"] = format_value(default, "score", places=2)
                    self.fields[name] = field
                    profile_names.append((name, span))
            self.layout.append({"fy": fy, "label": label, "target": f"target_{fy}", "monitoring": f"monitoring_{fy}", "profile": profile_names})
        if not self.is_bound:
            self.initial["fingerprint"] = targets_fingerprint(indicator)
        self.style_widgets()

    @staticmethod
    def _number(template, label, initial, help_text=""):
        field = forms.DecimalField(
            label=label, required=False, max_digits=template.max_digits, decimal_places=template.decimal_places,
            error_messages=template.error_messages, initial=plain_number(initial), help_text=help_text,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}),
        )
        return field

    def clean(self):
        cleaned = super().clean()
        ind = self.indicator
        for row in self.layout:
            target = cleaned.get(row["target"])
            level = cleaned.get(row["monitoring"])
            for name in [row["target"], row["monitoring"]] + [name for name, _ in row["profile"]]:
                problem = value_problem(cleaned.get(name), ind.unit, allows_negative=ind.allows_negative)
                if problem:
                    self.add_error(name, problem)
            if level is not None and target is None and row["target"] not in self.errors:
                self.add_error(row["monitoring"], f"Set the {row['label']} target before its monitoring level.")
            problem = monitoring_level_problem(target, level, ind.polarity)
            if problem:
                self.add_error(row["monitoring"], problem)
            entered = [(name, span, cleaned.get(name)) for name, span in row["profile"] if cleaned.get(name) is not None]
            if entered and target is None:
                self.add_error(entered[0][0], f"Set the {row['label']} target before profiling it.")
            last_name, last_span = row["profile"][-1] if row["profile"] else (None, None)
            last_value = cleaned.get(last_name) if last_name else None
            if ind.accumulation == Accumulation.CUMULATIVE and target is not None and last_value is not None and last_value != target:
                self.add_error(
                    last_name,
                    f"For a cumulative indicator the {last_span.label} target is the year's total: "
                    f"make it {format_value(target, ind.unit, rate_per=ind.rate_per)}, or leave it blank.",
                )
        return cleaned

    def save(self):
        """Save inside a transaction; refuse (return False) if someone else saved since the form opened."""
        ind = self.indicator
        with transaction.atomic():
            type(ind).objects.select_for_update().get(pk=ind.pk)  # one targets save at a time per indicator
            if self.cleaned_data.get("fingerprint") != targets_fingerprint(ind):
                return False
            for row in self.layout:
                year_period = Period.objects.for_span(year_span(row["fy"]))
                target = self.cleaned_data.get(row["target"])
                level = self.cleaned_data.get(row["monitoring"])
                _save_or_delete(AnnualTarget, ind, year_period, target is not None, value=target, monitoring_level=level)
                for name, span in row["profile"]:
                    value = self.cleaned_data.get(name)
                    _save_or_delete(PeriodTarget, ind, Period.objects.for_span(span), value is not None, value=value)
        return True


def _save_or_delete(model, indicator, period, keep, **values):
    """Deleting leaves a record in the target's history, so no earlier value is lost."""
    existing = model.objects.filter(indicator=indicator, period=period).first()
    if not keep:
        if existing:
            existing.delete()
        return
    if existing is None:
        model.objects.create(indicator=indicator, period=period, **values)
        return
    changed = {key: value for key, value in values.items() if getattr(existing, key) != value}
    if changed:  # an unchanged row is not re-saved, so its history shows only real changes
        for key, value in changed.items():
            setattr(existing, key, value)
        existing.save()
