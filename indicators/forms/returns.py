from django import forms

from indicators.forms.fields import number_field, rating_field
from indicators.return_rules import DATA_QUALITY_STANDARDS, EVIDENCE_MAX_BYTES, evidence_problem
from indicators.services.returns import ReturnInput
from indicators.values import Unit
from partnership.forms.base import GovukFormMixin
from partnership.numbers import plain_number


class ReturnForm(GovukFormMixin, forms.Form):
    """The figures and words of one return. Type checks happen here; the rules that depend on the
    indicator, the period and the action (draft or submit) are in indicators.services.returns.save_return."""

    value = number_field("Result for this period")
    numerator = number_field("Numerator")
    denominator = number_field("Denominator")
    commentary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the figure shows, and anything the theme board should know.",
    )
    variance_reason = forms.CharField(
        label="Reason for variance",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the result is off target.",
    )
    action_taken = forms.CharField(
        label="Action being taken",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the result is off target.",
    )
    evidence = forms.FileField(
        required=False,
        help_text="Optional. PDF, spreadsheet, Word document, image, CSV or "
        f"text; smaller than {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        for name, label, help_text in DATA_QUALITY_STANDARDS:
            self.fields[f"dq_{name}"] = forms.BooleanField(
                label=f"{label}: {help_text[0].lower()}{help_text[1:]}", required=False
            )
        if indicator.is_ratio:
            del self.fields["value"]
            self.fields["numerator"].label = f"Numerator: {indicator.numerator_label}"
            self.fields["denominator"].label = f"Denominator: {indicator.denominator_label}"
        else:
            del self.fields["numerator"], self.fields["denominator"]
            self.fields["value"].label = f"Result for this period ({indicator.get_unit_display().lower()})"
            if indicator.unit == Unit.RATING:
                self.fields["value"] = rating_field("Rating for this period")
        self.style_widgets()

    @staticmethod
    def initial_for(ret) -> dict:
        """The form's starting values: the saved return's (numbers as typed), or a new one's."""
        if ret is None:
            return {"version": 0}
        initial = {
            "version": ret.version,
            **{f"dq_{name}": getattr(ret, f"dq_{name}") for name, _, _ in DATA_QUALITY_STANDARDS},
        }
        for name in ("value", "numerator", "denominator", "commentary", "variance_reason", "action_taken"):
            value = getattr(ret, name)
            initial[name] = plain_number(value) if hasattr(value, "normalize") else value
        return initial

    @property
    def attestation_fields(self):
        return [self[f"dq_{name}"] for name, _, _ in DATA_QUALITY_STANDARDS]

    @property
    def figure_fields(self):
        return [self[name] for name in ("value", "numerator", "denominator") if name in self.fields]

    @property
    def text_fields(self):
        return [self[name] for name in ("commentary", "variance_reason", "action_taken", "evidence")]

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            first_bytes = upload.read(2048)
            upload.seek(0)
            problem = evidence_problem(upload.name, upload.size, first_bytes)
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def to_input(self) -> ReturnInput:
        data = self.cleaned_data
        return ReturnInput(
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            commentary=data.get("commentary", ""),
            variance_reason=data.get("variance_reason", ""),
            action_taken=data.get("action_taken", ""),
            attestations={f"dq_{name}": bool(data.get(f"dq_{name}")) for name, _, _ in DATA_QUALITY_STANDARDS},
            evidence=data.get("evidence"),
        )


class DecisionForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ChallengeForm(GovukFormMixin, forms.Form):
    question = forms.CharField(
        label="Your challenge",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what you are challenging about this data."},
        help_text="For example, why the figure changed so much, or how it was collected.",
    )


class AnswerForm(GovukFormMixin, forms.Form):
    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write an answer to the challenge."},
    )


class OpenRoundForm(GovukFormMixin, forms.Form):
    period_end = forms.ChoiceField(
        label="Period", error_messages={"required": "Choose the quarter to open returns for."}
    )
    collation_deadline = forms.DateField(
        label="Collation deadline",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave blank for four weeks after the period ends.",
        error_messages={"invalid": "Enter a real date, for example 28/07/2026."},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_end"].choices = [("", "Choose a quarter")] + list(choices)
        self.fields["collation_deadline"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
