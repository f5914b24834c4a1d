from django import forms

from partnership.models import Partnership

from .base import GovukFormMixin


class PartnershipSettingsForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "description",
            "agreement_start_year",
            "tolerance_percent",
            "separate_approval",
            "monitoring_minimum_count",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "tolerance_percent": {
                "invalid": "Enter the tolerance as a number, like 5.",
                "required": "Enter a tolerance, like 5.",
            },
            "agreement_start_year": {"invalid": "Enter a year, like 2025."},
            "monitoring_minimum_count": {
                "invalid": "Enter the smallest number shown as a whole number, like 5.",
                "required": "Enter the smallest number shown, like 5.",
            },
        }
