from django import forms

from partnership.equality import PREFER_NOT_TO_SAY, QUESTIONS
from partnership.models import MemberMonitoring

from .base import GovukFormMixin

HINTS = {
    "ethnic_group": "The five groups of the 2021 Census for England.",
    "faith": "For example Christian, Buddhist, Hindu, Jewish, Muslim or Sikh.",
    "religion": "Only if you answered “Has a religion or belief”. You may leave this blank.",
    "disability": "The Equality Act 2010 says you are disabled if you have a physical or mental impairment that "
    "has a substantial and long-term negative effect on your ability to do normal daily activities.",
}


class MonitoringForm(GovukFormMixin, forms.ModelForm):
    """The signed-in member's own form: every question is optional, each with "Prefer not to say"."""

    class Meta:
        model = MemberMonitoring
        fields = [question.field for question in QUESTIONS]
        widgets = {question.field: forms.RadioSelect for question in QUESTIONS}
        help_texts = HINTS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            field = self.fields[question.field]
            # No blank radio: not choosing one is not answering.
            field.choices = list(question.choices.choices)
            field.required = False
            field.error_messages["invalid_choice"] = "Choose one of the answers listed, or none."

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(question.field) for question in QUESTIONS):
            raise forms.ValidationError(
                "You have not answered any question, so there is nothing to save. Answer any you wish to "
                f"(“{dict(QUESTIONS[0].choices.choices)[PREFER_NOT_TO_SAY]}” is an answer), or leave this page."
            )
        return cleaned
