"""Forms for the ladder, the route, action plans and the risk register. Every choice is scoped to
the partnership, so a form can never point at another tenant's data; the rules are checked by the
pure modules (escalation.smart) or the decisions, so forms and services give the same messages."""

from django import forms
from django.db.models import Max

from escalation.models import Action, ActionStatus, ActionUpdate, Escalation, EscalationStatus, LadderSettings, Risk
from escalation.smart import smart_problems
from partnership.forms import GovukFormMixin
from partnership.models import BoardKind, Membership
from partnership.roles import BOARD_ROLES

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]


def date_field(label, *, required=True, help_text="", invalid="Enter a real date, for example 31/3/2027.", missing=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": invalid, "required": missing or f"Enter the {label.lower()}."},
    )


def members(partnership):
    return Membership.objects.for_partnership(partnership).filter(is_active=True).select_related("user")


def name_choices(field):
    field.label_from_instance = lambda membership: membership.display_name


class LadderSettingsForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = LadderSettings
        fields = ["stage_count", "review_point", "report_back_months", "step_down"]
        error_messages = {
            "stage_count": {"invalid": "Enter the number of stages as a whole number, like 3."},
            "report_back_months": {"invalid": "Enter the number of months as a whole number, like 3."},
        }

    def clean_stage_count(self):
        count = self.cleaned_data["stage_count"]
        highest = Escalation.objects.filter(
            partnership=self.instance.partnership, status=EscalationStatus.OPEN
        ).aggregate(top=Max("stage"))["top"]
        if highest and count < highest:
            raise forms.ValidationError(f"An open escalation is at stage {highest}: the ladder needs at least {highest} stages.")
        return count


class RouteForm(GovukFormMixin, forms.Form):
    bodies = forms.CharField(
        label="Bodies on the escalation route, in order", widget=forms.Textarea(attrs={"rows": 7}), required=False,
        help_text="One body per line, from the first an escalation is referred to up to the last, for example "
        "Performance &amp; Intelligence Group, then Performance Board, then Overview &amp; Scrutiny.",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean_bodies(self):
        names = [line.strip() for line in self.cleaned_data["bodies"].splitlines() if line.strip()]
        seen = set()
        for name in names:
            if len(name) > 200:
                raise forms.ValidationError(f"Shorten '{name[:40]}…' to 200 characters or fewer.")
            if name.lower() in seen:
                raise forms.ValidationError(f"'{name}' is listed twice: list each body once.")
            seen.add(name.lower())
        in_use = Escalation.objects.filter(partnership=self.partnership, route_step__isnull=False).values_list(
            "route_step__name", flat=True
        )
        missing = sorted({name for name in in_use if name.lower() not in seen})
        if missing:
            raise forms.ValidationError(
                f"Escalations have been referred to {', '.join(missing)}: keep {'it' if len(missing) == 1 else 'them'} on the route."
            )
        return names


class OpenEscalationForm(GovukFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(queryset=None, empty_label="Choose an indicator",
                                       error_messages={"required": "Choose the indicator that is under-performing."})
    stage = forms.TypedChoiceField(coerce=int, label="Stage", error_messages={"required": "Choose the stage to open it at."})
    evidence = forms.CharField(
        label="Evidence of under-performance", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What shows the under-performance: results, audit findings, partner reports. This is recorded in the log.",
        error_messages={"required": "Record the evidence of under-performance."},
    )

    def __init__(self, *args, partnership, stage_count, **kwargs):
        super().__init__(*args, **kwargs)
        from indicators.models import Indicator

        self.fields["indicator"].queryset = Indicator.objects.for_partnership(partnership).order_by("code")
        self.fields["stage"].choices = [("", "Choose a stage")] + [(s, f"Stage {s}") for s in range(1, stage_count + 1)]

    def clean_indicator(self):
        indicator = self.cleaned_data["indicator"]
        if Escalation.objects.filter(indicator=indicator, status=EscalationStatus.OPEN).exists():
            raise forms.ValidationError(f"{indicator.code} already has an open escalation.")
        return indicator


class NominateForm(GovukFormMixin, forms.Form):
    nominee = forms.ModelChoiceField(queryset=None, empty_label="Choose a member", label="Executive board member",
                                     error_messages={"required": "Choose the member the board nominates."})
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note (optional)")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = members(partnership).filter(
            role_assignments__board__kind=BoardKind.EXECUTIVE_BOARD, role_assignments__role__in=sorted(BOARD_ROLES)
        ).distinct()
        name_choices(self.fields["nominee"])


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
    note = forms.CharField(label="What the report says", widget=forms.Textarea(attrs={"rows": 5}),
                           error_messages={"required": "Summarise what the report says."})
    next_due = date_field("Next report due (optional)", required=False,
                          help_text="Leave empty if no further report is asked for.")

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


class ActionForm(GovukFormMixin, forms.ModelForm):
    due_date = date_field("Due date (time-limited)", missing="Enter the date the action is due, for example 31/3/2027.")

    class Meta:
        model = Action
        fields = ["description", "measure", "resources", "lead", "due_date", "status"]
        labels = {"lead": "Named lead"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "resources": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "description": "Specific: what will be done, by whom, where.",
            "measure": "Measurable: the figure or date that shows it has worked.",
            "resources": "Achievable and resourced: the money, staff or time it needs, and who provides them.",
        }

    def __init__(self, *args, partnership, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["lead"].queryset = members(partnership)
        self.fields["lead"].empty_label = "Choose the named lead"
        name_choices(self.fields["lead"])
        for name in ("description", "measure", "resources", "lead"):
            self.fields[name].required = False  # escalation.smart says what is missing, in its words
        if not self.instance.pk:
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean()
        problems = smart_problems(
            description=cleaned.get("description", ""), measure=cleaned.get("measure", ""),
            resources=cleaned.get("resources", ""), lead_named=cleaned.get("lead") is not None,
            due_date=cleaned.get("due_date"), today=self.today,
            due_date_changed=not self.instance.pk or cleaned.get("due_date") != self.instance.due_date,
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


class ActionUpdateForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ActionUpdate
        fields = ["status", "note"]
        labels = {"status": "Status now", "note": "Progress since the last update"}
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"note": {"required": "Describe the progress made."}, "status": {"required": "Choose the status."}}

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("status", action.status)
        self.fields["status"].choices = ActionStatus.choices


class RiskForm(GovukFormMixin, forms.ModelForm):
    review_date = date_field("Next review date")

    class Meta:
        model = Risk
        fields = ["title", "description", "likelihood", "impact", "owner", "mitigation", "themes", "indicators",
                  "review_date", "status"]
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
            "likelihood": {"required": "Choose how likely the risk is.", "invalid_choice": "Choose a likelihood from 1 to 5."},
            "impact": {"required": "Choose the impact of the risk.", "invalid_choice": "Choose an impact from 1 to 5."},
            "mitigation": {"required": "Say how the risk is being mitigated."},
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        from indicators.models import Indicator

        self.partnership = partnership
        self.instance.partnership = partnership
        self.fields["owner"].queryset = members(partnership)
        self.fields["owner"].empty_label = "No owner yet"
        name_choices(self.fields["owner"])
        self.fields["themes"].queryset = partnership.themes.all()
        self.fields["indicators"].queryset = Indicator.objects.for_partnership(partnership).order_by("code")
        for name in ("likelihood", "impact"):
            self.fields[name].choices = [("", "Choose a score"), *self.fields[name].choices[1:]]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        clash = Risk.objects.for_partnership(self.partnership).filter(title__iexact=title).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already a risk with this name: give this one a different name.")
        return title
