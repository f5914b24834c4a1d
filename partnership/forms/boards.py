from django import forms

from partnership.models import Meeting

from .base import GovukFormMixin


class MeetingForm(GovukFormMixin, forms.ModelForm):
    # Carries the version the user started editing from (see Meeting.version).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "location", "notes"]
        labels = {"starts_at": "Date and time", "title": "Title (optional)"}
        help_texts = {
            "starts_at": "The day and time the meeting starts. Without a date picker, type it as 14/07/2027 18:30."
        }
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "starts_at": {
                "required": "Enter the date and time of the meeting.",
                "invalid": "Enter a real date and time, for example 14/07/2027 18:30.",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
