from django import forms

from indicators.forms.fields import figure_field_for
from indicators.periods import KIND_FOR_FREQUENCY, PeriodKind, financial_year_label, spans_in_year
from indicators.services.targets import YearTargets, targets_fingerprint
from indicators.status import Accumulation, default_profile, monitoring_level_problem
from indicators.values import format_value, value_problem
from partnership.forms.base import GovukFormMixin


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
        self.layout = []
        number_field = figure_field_for(indicator.unit)
        for fy in years:
            label = financial_year_label(fy)
            target = annual.get(fy)
            self.fields[f"target_{fy}"] = number_field(f"Target for {label}", initial=target.value if target else None)
            self.fields[f"monitoring_{fy}"] = number_field(
                f"Monitoring level for {label}",
                initial=target.monitoring_level if target else None,
                help_text="Performance worse than this triggers action (ladder of intervention).",
            )
            profile_names = []
            if self.kind != PeriodKind.YEAR:
                spans = spans_in_year(fy, self.kind)
                defaults = default_profile(target.value if target else None, len(spans), indicator.accumulation)
                for span, default in zip(spans, defaults, strict=True):
                    name = f"profile_{fy}_{span.number}"
                    field = number_field(span.label, initial=profile.get(span))
                    if default is not None:
                        field.widget.attrs["placeholder"] = format_value(default, "score", places=2)
                    self.fields[name] = field
                    profile_names.append((name, span))
            self.layout.append(
                {
                    "fy": fy,
                    "label": label,
                    "target": f"target_{fy}",
                    "monitoring": f"monitoring_{fy}",
                    "profile": profile_names,
                    "saved": target,
                }
            )
        if not self.is_bound:
            self.initial["fingerprint"] = targets_fingerprint(indicator)
        self.style_widgets()

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
            entered = [
                (name, span, cleaned.get(name)) for name, span in row["profile"] if cleaned.get(name) is not None
            ]
            if entered and target is None:
                self.add_error(entered[0][0], f"Set the {row['label']} target before profiling it.")
            last_name, last_span = row["profile"][-1] if row["profile"] else (None, None)
            last_value = cleaned.get(last_name) if last_name else None
            if (
                ind.accumulation == Accumulation.CUMULATIVE
                and target is not None
                and last_value is not None
                and last_value != target
            ):
                self.add_error(
                    last_name,
                    f"For a cumulative indicator the {last_span.label} target is the year's total: "
                    f"make it {format_value(target, ind.unit, rate_per=ind.rate_per)}, or leave it blank.",
                )
        return cleaned

    def year_targets(self) -> list[YearTargets]:
        """What the form says, year by year, for indicators.services.targets.save_targets."""
        data = self.cleaned_data
        return [
            YearTargets(
                row["fy"],
                data.get(row["target"]),
                data.get(row["monitoring"]),
                {span: data.get(name) for name, span in row["profile"]},
            )
            for row in self.layout
        ]
