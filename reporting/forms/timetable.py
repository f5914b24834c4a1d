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
        ]
        error_messages = {
            name: {"invalid": "Enter a whole number of weeks, like 4.", "required": "Enter a number."}
            for name in fields
            if name != "cadence"
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
