from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from indicators.return_rules import DATA_QUALITY_STANDARDS, EVIDENCE_MAX_BYTES, evidence_problem
from indicators.returns import ReturnConflict, ReturnInput, ReturnInvalid, ReturnRefused, decide_return
from indicators.workflow import Action
from partnership.forms import GovukFormMixin

NUMBER_ERRORS = {
    "invalid": "Enter a number, like 42.5 (no commas, % or £ signs).",
    "max_digits": "Enter a number with no more than 10 digits before the decimal point.",
    "max_decimal_places": "Use 4 decimal places or fewer.",
}


def number_field(label, help_text=""):
    return forms.DecimalField(
        label=label, required=False, max_digits=14, decimal_places=4, error_messages=NUMBER_ERRORS, help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10", "autocomplete": "off"}),
    )


class ReturnForm(GovukFormMixin, forms.Form):
    """The figures and words of one return. Type checks happen here; the rules that depend on the
    indicator, the period and the action (draft or submit) are in indicators.returns.save_return."""

    value = number_field("Result for this period")
    numerator = number_field("Numerator")
    denominator = number_field("Denominator")
    commentary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="What the figure shows, and anything the theme board should know.")
    variance_reason = forms.CharField(label="Reason for variance", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                      help_text="Required when the result is off target.")
    action_taken = forms.CharField(label="Action being taken", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="Required when the result is off target.")
    evidence = forms.FileField(
        required=False, help_text=f"Optional. PDF, spreadsheet, Word document, image, CSV or text; smaller than {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB."
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        for name, label, help_text in DATA_QUALITY_STANDARDS:
            self.fields[f"dq_{name}"] = forms.BooleanField(label=f"{label}: {help_text[0].lower()}{help_text[1:]}", required=False)
        if indicator.is_ratio:
            del self.fields["value"]
            self.fields["numerator"].label = f"Numerator: {indicator.numerator_label}"
            self.fields["denominator"].label = f"Denominator: {indicator.denominator_label}"
        else:
            del self.fields["numerator"], self.fields["denominator"]
            self.fields["value"].label = f"Result for this period ({indicator.get_unit_display().lower()})"
        self.style_widgets()

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
            value=data.get("value"), numerator=data.get("numerator"), denominator=data.get("denominator"),
            commentary=data.get("commentary", ""), variance_reason=data.get("variance_reason", ""),
            action_taken=data.get("action_taken", ""),
            attestations={f"dq_{name}": bool(data.get(f"dq_{name}")) for name, _, _ in DATA_QUALITY_STANDARDS},
            evidence=data.get("evidence"),
        )

    def add_rule_errors(self, errors: dict[str, str]):
        """Put the rules' messages beside their fields (or at the top when they have no field)."""
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)
        self.style_widgets()


class DecisionForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ChallengeForm(GovukFormMixin, forms.Form):
    question = forms.CharField(label="Your challenge", widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "Say what you are challenging about this data."},
                               help_text="For example, why the figure changed so much, or how it was collected.")


class AnswerForm(GovukFormMixin, forms.Form):
    answer = forms.CharField(label="Your answer", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Write an answer to the challenge."})


class OpenRoundForm(GovukFormMixin, forms.Form):
    period_end = forms.ChoiceField(label="Period")
    collation_deadline = forms.DateField(
        label="Collation deadline", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave blank for four weeks after the period ends.",
        error_messages={"invalid": "Enter a real date, for example 28/07/2026."},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_end"].choices = choices
        self.fields["collation_deadline"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


CONFLICT_MESSAGE = (
    "Someone else saved this return while you were editing it. Your figures have not been saved: "
    "they are still in the form, and the saved version is shown above it. Check both, then save again."
)


def save_or_explain(form, save):
    """Run `save()` (a returns service call). When it is refused, the figures break a rule, or
    someone saved first, put the explanation on the form, keeping what was typed, and let the
    next save go through against the version now shown. Returns (saved, conflicting current)."""
    try:
        return save(), None
    except ReturnRefused as refused:
        form.add_error(None, str(refused))
    except ReturnInvalid as invalid:
        form.add_rule_errors(invalid.errors)
    except ReturnConflict as conflict:
        form.add_error(None, CONFLICT_MESSAGE)
        form.data = form.data.copy()
        form.data["version"] = conflict.current.version if conflict.current else 0
        return None, conflict.current
    return None, None


def decide_from_post(request, ret, access, done: dict[str, str], what: str):
    """Approve, return for revision or reopen `ret` from a decision form's POST, telling the person
    what happened (or why not) in a message. `done` words each action's outcome; `what` names the
    return in the message. Someone with no say over the return at all gets 403."""
    action = request.POST.get("action")
    if action not in (Action.APPROVE, Action.RETURN, Action.REOPEN):
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        decide_return(ret, action=action, user=request.user, access=access, reason=form.cleaned_data.get("reason", ""),
                      expected_version=form.cleaned_data.get("version"))
    except ReturnRefused as refused:
        if not (access.can_approve_returns(ret.theme_id) or access.can_reopen_returns(ret.theme_id)):
            raise PermissionDenied from refused
        messages.error(request, str(refused))
    except ReturnInvalid as invalid:
        messages.error(request, next(iter(invalid.errors.values())))
    except ReturnConflict:
        messages.error(request, "The return changed since you opened it: check the latest version, then decide again.")
    else:
        messages.success(request, f"{what} {done[action]}.")
