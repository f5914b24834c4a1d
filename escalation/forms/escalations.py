from django import forms

from escalation.models import Escalation, EscalationStatus
from indicators.models import Indicator
from partnership.forms.base import GovukFormMixin, ScopedFormMixin
from partnership.models import BoardKind, Membership
from partnership.roles import BOARD_ROLES

from .fields import active_members, date_field


class OpenEscalationForm(ScopedFormMixin, GovukFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.order_by("code"),
        empty_label="Choose an indicator",
        error_messages={"required": "Choose the indicator that is under-performing."},
    )
    stage = forms.TypedChoiceField(
        coerce=int, label="Stage", error_messages={"required": "Choose the stage to open it at."}
    )
    evidence = forms.CharField(
        label="Evidence of under-performance",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What shows the under-performance: results, audit "
        "findings, partner reports. This is recorded in the log.",
        error_messages={"required": "Record the evidence of under-performance."},
    )

    def __init__(self, *args, stage_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", "Choose a stage")] + [(s, f"Stage {s}") for s in range(1, stage_count + 1)]

    def clean_indicator(self):
        indicator = self.cleaned_data["indicator"]
        if Escalation.objects.filter(indicator=indicator, status=EscalationStatus.OPEN).exists():
            raise forms.ValidationError(f"{indicator.code} already has an open escalation.")
        return indicator


class NominateForm(ScopedFormMixin, GovukFormMixin, forms.Form):
    nominee = forms.ModelChoiceField(
        queryset=Membership.objects.all(),
        empty_label="Choose a member",
        label="Executive board member",
        error_messages={"required": "Choose the member the board nominates."},
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        nominee = self.fields["nominee"]
        active_members(nominee)
        nominee.queryset = nominee.queryset.filter(
            role_assignments__board__kind=BoardKind.EXECUTIVE_BOARD, role_assignments__role__in=sorted(BOARD_ROLES)
        ).distinct()


class NoteForm(GovukFormMixin, forms.Form):
    """A single required note: referring up (the reason) or closing (the decision)."""

    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, label, help_text="", required_message, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["note"]
        field.label, field.help_text = label, help_text
        field.error_messages["required"] = required_message
        self.style_widgets()


class ReportReceivedForm(GovukFormMixin, forms.Form):
    received_on = date_field("Date received")
    note = forms.CharField(
        label="What the report says",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Summarise what the report says."},
    )
    next_due = date_field(
        "Next report due (optional)", required=False, help_text="Leave empty if no further report is asked for."
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received > self.today:
            raise forms.ValidationError("The date received must be today or in the past.")
        return received

    def clean(self):
        cleaned = super().clean()
        received, next_due = cleaned.get("received_on"), cleaned.get("next_due")
        if received and next_due and next_due <= received:
            self.add_error("next_due", "The next report must be due after the date this one was received.")
        return cleaned


class PlanForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Escalation
        fields = ["plan"]
        labels = {"plan": "The plan to tackle the under-performance"}
        help_texts = {"plan": "What has been agreed, and with which agencies. Add SMART actions below the plan."}
        widgets = {"plan": forms.Textarea(attrs={"rows": 8})}

    def clean_plan(self):
        # An empty plan would wipe the one agreed: say what the plan is (its history keeps the old one).
        plan = self.cleaned_data["plan"].strip()
        if not plan:
            raise forms.ValidationError("Describe the plan that has been agreed, and with which agencies.")
        return plan
