from django import forms

from escalation.forms.fields import SmartActionFormMixin, date_field
from escalation.models import ActionStatus
from partnership.forms.base import GovukFormMixin, ScopedFormMixin
from partnership.years import financial_year_label
from planning.models import ActionPoint
from planning.review_rules import JUDGEMENTS
from planning.services.review import action_point_problems


class OpenReviewForm(GovukFormMixin, forms.Form):
    financial_year = forms.TypedChoiceField(coerce=int, label="The year to review")

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = [(fy, financial_year_label(fy)) for fy in years]


class PlaceForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    judgement = forms.ChoiceField(
        choices=JUDGEMENTS,
        widget=forms.RadioSelect,
        label="Achieving the target is",
        error_messages={"required": "Choose likely, difficult or unlikely."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Why",
        help_text="What the figures and the themes' updates say.",
    )


class ActionPointForm(SmartActionFormMixin, ScopedFormMixin, GovukFormMixin, forms.ModelForm):
    due_date = date_field("Due date (time-limited)", required=False)

    class Meta:
        model = ActionPoint
        fields = ["description", "measure", "resources", "lead", "due_date"]
        labels = {"description": "Action", "measure": "Measure of success", "lead": "Named lead"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "resources": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        self.add_problems(action_point_problems(cleaned, self.today))
        return cleaned


class AgreeForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Summary of the year",
        help_text="Printed at the start of the Annual Report.",
        error_messages={"required": "Write the summary of the year for the Annual Report."},
    )


class ProgressForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=ActionStatus.choices, label="Status now")
    progress = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Progress",
        error_messages={"required": "Describe the progress made."},
    )
