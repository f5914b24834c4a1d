from django import forms

from partnership.forms.base import GovukFormMixin
from reporting.models import TimetableSettings


class TimetableSettingsForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = TimetableSettings
        fields = [
            "cadence",
            "collation_weeks",
            "exception_report_weeks",
            "partnership_report_weeks",
            "review_from_weeks",
            "review_to_weeks",
            "reminder_days_before",
            "spend_tolerance_percent",
        ]
        error_messages = {
            name: {"invalid": "Enter a whole number of weeks, like 4.", "required": "Enter a number."}
            for name in fields
            if name not in ("cadence", "spend_tolerance_percent")
        } | {
            "spend_tolerance_percent": {
                "invalid": "Enter the tolerance as a percentage, like 10.",
                "required": "Enter the spend tolerance as a percentage, like 10.",
                "max_value": "Enter a tolerance of 100 per cent or less.",
                "min_value": "Enter a tolerance of 0 per cent or more.",
                "max_decimal_places": "Enter the tolerance to one decimal place at most, like 7.5.",
                "max_digits": "Enter a tolerance of 100 per cent or less.",
            }
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("review_from_weeks"), cleaned.get("review_to_weeks")
        if start is not None and end is not None and end < start:
            self.add_error("review_to_weeks", "The review window must end after it starts.")
        collation = cleaned.get("collation_weeks")
        if collation == 0:
            self.add_error("collation_weeks", "Allow at least one week to collate returns.")
        return cleaned
