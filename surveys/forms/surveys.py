"""The administrator's forms: a survey's details, and a statement. Both are scoped to the
partnership (ScopedFormMixin), so a survey to compare with, an indicator or an objective can only be
one of its own: a crafted POST naming another partnership's is refused with the field's message."""

from django import forms

from partnership.forms.base import GovukFormMixin, ScopedFormMixin
from surveys.models import Statement, Survey
from surveys.window import window_problem

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]


def date_field(label, missing, help_text=""):
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, for example 31/5/2026.", "required": missing},
    )


class VersionedForm(forms.ModelForm):
    """Carries the version the user started editing from (partnership.concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class SurveyForm(ScopedFormMixin, GovukFormMixin, VersionedForm):
    opens_on = date_field("Opens on", "Enter the first day members can answer.")
    closes_on = date_field(
        "Closes on",
        "Enter the last day members can answer.",
        "Members answer from the opening date to the closing date, both included.",
    )

    class Meta:
        model = Survey
        fields = ["title", "year_label", "opens_on", "closes_on", "introduction", "previous"]
        labels = {"introduction": "Introduction (optional)", "year_label": "Year (optional)"}
        help_texts = {
            "title": "For example: HSP self-assessment questionnaire.",
            "introduction": "What members read before the statements: why the partnership asks, and how the "
            "results will be used.",
            "previous": "The results show the change from this survey, statement by statement.",
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "year_label": forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        }
        error_messages = {
            "title": {"required": "Enter the survey's title."},
            "previous": {"invalid_choice": "Choose a survey of this partnership to compare with."},
        }

    def __init__(self, *args, default_previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        previous = self.fields["previous"]
        previous.empty_label = "No comparison"
        if self.instance.pk:
            previous.queryset = previous.queryset.exclude(pk=self.instance.pk)
        elif not self.is_bound and default_previous is not None:
            self.initial["previous"] = default_previous.pk

    def clean(self):
        cleaned = super().clean()
        problem = window_problem(cleaned.get("opens_on"), cleaned.get("closes_on"))
        if problem:
            self.add_error("closes_on", problem)
        return cleaned

    def _post_clean(self):
        # The service checks the rules and saves; the model's own clean() would say it twice.
        pass


class NewSurveyForm(SurveyForm):
    copy_statements = forms.BooleanField(
        label="Copy the statements of the survey it is compared with",
        required=False,
        initial=True,
        help_text="Copied statements are paired with last year's, so the results show the change. "
        "You can edit, reorder or remove them before opening the survey.",
    )


class StatementForm(ScopedFormMixin, GovukFormMixin, VersionedForm):
    class Meta:
        model = Statement
        fields = ["text", "indicator", "objective"]
        labels = {
            "text": "Statement",
            "indicator": "Indicator it feeds (optional)",
            "objective": "Objective (optional)",
        }
        help_texts = {
            "text": "Members say how far they agree, from strongly agree to strongly disagree, or don't know. For "
            "example: The HSP provides an effective steer to partner organisations' strategies.",
            "indicator": "Its % of people who strongly agree or agree is this indicator's figure for the survey's "
            "year (with any other statements feeding it).",
            "objective": "The scorecard objective the statement measures.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "text": {
                "required": "Enter the statement members will agree or disagree with.",
                "max_length": "Keep the statement to 500 characters or fewer.",
            },
            "indicator": {"invalid_choice": "Choose an indicator of this partnership."},
            "objective": {"invalid_choice": "Choose an objective of this partnership."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        indicator, objective = self.fields["indicator"], self.fields["objective"]
        indicator.queryset = indicator.queryset.order_by("code")
        indicator.label_from_instance = lambda i: f"{i.code} {i.title}"
        indicator.empty_label = "None"
        objective.empty_label = "None"
        objective.label_from_instance = lambda o: f"{o.get_perspective_display()}: {o.title}"

    def _post_clean(self):
        pass
