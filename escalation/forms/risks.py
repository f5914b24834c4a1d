from django import forms

from escalation.models import Risk
from partnership.forms.base import GovukFormMixin, ScopedFormMixin

from .fields import active_members, date_field


class RiskForm(ScopedFormMixin, GovukFormMixin, forms.ModelForm):
    review_date = date_field("Next review date")

    class Meta:
        model = Risk
        fields = [
            "title",
            "description",
            "likelihood",
            "impact",
            "owner",
            "mitigation",
            "themes",
            "indicators",
            "review_date",
            "status",
        ]
        labels = {"themes": "Themes it sits in", "indicators": "Indicators it threatens"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "likelihood": "How likely it is to happen, from 1 (rare) to 5 (almost certain).",
            "impact": "How much harm it would do, from 1 (negligible) to 5 (severe). The score is likelihood × impact; "
            "20 or more is highlighted.",
            "mitigation": "What is being done to reduce the likelihood or the impact.",
        }
        error_messages = {
            "title": {"required": "Enter a short name for the risk."},
            "likelihood": {
                "required": "Choose how likely the risk is.",
                "invalid_choice": "Choose a likelihood from 1 to 5.",
            },
            "impact": {"required": "Choose the impact of the risk.", "invalid_choice": "Choose an impact from 1 to 5."},
            "mitigation": {"required": "Say how the risk is being mitigated."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = self.partnership
        active_members(self.fields["owner"])
        self.fields["owner"].empty_label = "No owner yet"
        self.fields["indicators"].queryset = self.fields["indicators"].queryset.order_by("code")
        for name in ("likelihood", "impact"):
            self.fields[name].choices = [("", "Choose a score"), *self.fields[name].choices[1:]]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        clash = Risk.objects.for_partnership(self.partnership).filter(title__iexact=title).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already a risk with this name: give this one a different name.")
        return title
