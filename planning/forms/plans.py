"""The action-plan forms. Choices come from one partnership (ScopedFormMixin); the SMART rules are
planning.rules', so a form and a submission say the same thing."""

from django import forms

from escalation.forms.fields import active_members, date_field
from partnership.forms.base import GovukFormMixin, ScopedFormMixin
from partnership.models import Theme
from partnership.years import financial_year_label
from planning.models import ActionPlan, PlanItem
from planning.rules import item_problems


class VersionForm(GovukFormMixin, forms.Form):
    """A step taken by a button: only the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class NewPlanForm(ScopedFormMixin, GovukFormMixin, forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(), empty_label="Choose the theme", error_messages={"required": "Choose the theme."}
    )
    financial_year = forms.TypedChoiceField(coerce=int, label="Year", error_messages={"required": "Choose the year."})

    def __init__(self, *args, theme_ids, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = self.fields["theme"].queryset.filter(pk__in=theme_ids)
        self.fields["financial_year"].choices = [(fy, financial_year_label(fy)) for fy in years]

    def clean(self):
        cleaned = super().clean()
        theme, year = cleaned.get("theme"), cleaned.get("financial_year")
        if theme and year and ActionPlan.objects.filter(theme=theme, financial_year=year).exists():
            self.add_error("financial_year", f"{theme} already has an action plan for {financial_year_label(year)}.")
        return cleaned


class PlanForm(GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ActionPlan
        fields = ["priorities", "funding"]
        widgets = {"priorities": forms.Textarea(attrs={"rows": 5}), "funding": forms.Textarea(attrs={"rows": 3})}


class PlanItemForm(ScopedFormMixin, GovukFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    due_date = date_field("Due date (time-limited)", required=False)

    class Meta:
        model = PlanItem
        fields = ["indicator", "activity", "outcome", "funding", "lead_partner", "lead_officer", "due_date"]
        labels = {"indicator": "Target", "lead_officer": "Named lead officer"}
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "funding": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.today = plan, today
        indicators = self.fields["indicator"]
        indicators.queryset = indicators.queryset.filter(lead_theme=plan.theme_id).order_by("code")
        indicators.label_from_instance = lambda indicator: f"{indicator.code} {indicator.title}"
        indicators.empty_label = "No single target (an activity for the plan as a whole)"
        active_members(self.fields["lead_officer"])
        self.fields["lead_officer"].empty_label = "Choose the named lead officer"
        self.fields["lead_partner"].empty_label = "Choose the lead partner"
        for name in ("activity", "outcome", "funding"):
            self.fields[name].required = False  # planning.rules says what is missing, in SMART words
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        draft = PlanItem(
            activity=cleaned.get("activity", ""),
            outcome=cleaned.get("outcome", ""),
            funding=cleaned.get("funding", ""),
            lead_partner=cleaned.get("lead_partner"),
            lead_officer=cleaned.get("lead_officer"),
            due_date=cleaned.get("due_date"),
        )
        for name, message in item_problems(draft, self.today).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


class ChallengeForm(GovukFormMixin, forms.Form):
    item = forms.ModelChoiceField(
        queryset=PlanItem.objects.none(), required=False, label="Which item", empty_label="The plan as a whole"
    )
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Your challenge",
        help_text="What the theme must answer: plausibility, priority, funding, or who leads.",
        error_messages={"required": "Write the challenge the theme must answer."},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = plan.items.select_related("indicator")


class AnswerForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="The theme's answer",
        error_messages={"required": "Write the answer to the challenge."},
    )
