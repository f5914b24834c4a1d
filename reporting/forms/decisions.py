"""Forms for a board's decisions, recommendations and responses, and the assurance statement.

They check types only (a real date, a choice offered): the rules and their messages are
reporting.services.decisions', so most fields are optional here and the service says what is
missing. Choices come from the partnership only: the members and meetings offered are loaded by
the view from its scoped querysets, once per page however many forms it shows."""

from django import forms

from escalation.forms.fields import date_field
from partnership.forms.base import GovukFormMixin
from reporting.models import Decision, Recommendation


def version_field(required=True):
    """The version the form was opened from (partnership.concurrency); only a tampered form lacks it."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        required=required,
        error_messages={
            "required": "This form is out of date: open the page again and retry.",
            "invalid": "This form is out of date: open the page again and retry.",
        },
    )


class MemberChoiceField(forms.ChoiceField):
    """A member of the partnership, chosen from a list loaded once (`members`), cleaned to the
    Membership itself."""

    def __init__(self, *, members, empty_label, **kwargs):
        self.members = {str(member.pk): member for member in members}
        choices = [("", empty_label)] + [(pk, member.display_name) for pk, member in self.members.items()]
        super().__init__(choices=choices, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.members.get(value) if value else None


class DecisionForm(GovukFormMixin, forms.Form):
    """One decision about one exception item or escalation (the view prefixes each subject's form)."""

    decision = forms.CharField(
        label="Decision", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    due_date = date_field("Due date", required=False, help_text="On or after the meeting, for example 31/3/2027.")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = MemberChoiceField(label="Owner", members=members, empty_label="Choose who owns it")
        self.order_fields(["decision", "owner", "due_date"])
        self.style_widgets()

    def style_widgets(self):
        """The hint and error ids carry the form's prefix, as the template's field ids do."""
        super().style_widgets()
        for name, field in self.fields.items():
            described = field.widget.attrs.get("aria-describedby")
            if described and self.prefix:
                field.widget.attrs["aria-describedby"] = described.replace(
                    f"id_{name}-", f"id_{self.add_prefix(name)}-"
                )


class CloseDecisionForm(GovukFormMixin, forms.Form):
    version = version_field()
    status = forms.ChoiceField(
        label="How it ended",
        required=False,
        choices=[(Decision.Status.DONE, "Done"), (Decision.Status.DROPPED, "No longer needed")],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label="What was done, or why it is no longer needed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class RecommendationForm(GovukFormMixin, forms.Form):
    area = forms.ChoiceField(
        label="What it is about", required=False, choices=Recommendation.Area.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Recommendation", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args, cycles, **kwargs):
        """cycles: the partnership's reporting cycles, newest first."""
        super().__init__(*args, **kwargs)
        self.cycles = {str(cycle.pk): cycle for cycle in cycles}
        self.fields["cycle"] = forms.ChoiceField(
            label="Quarter it concerns",
            required=False,
            choices=[("", "No particular quarter")] + [(pk, str(cycle.period)) for pk, cycle in self.cycles.items()],
        )
        self.style_widgets()

    def clean_cycle(self):
        return self.cycles.get(self.cleaned_data.get("cycle") or "")


class ResponseForm(GovukFormMixin, forms.Form):
    version = version_field()
    response = forms.ChoiceField(
        label="Response",
        required=False,
        choices=[(Recommendation.Response.ACCEPTED, "Accepted"), (Recommendation.Response.REJECTED, "Rejected")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args, meetings, **kwargs):
        """meetings: the receiving board's meetings, one of which it may have responded at."""
        super().__init__(*args, **kwargs)
        self.meetings = {str(meeting.pk): meeting for meeting in meetings}
        self.fields["meeting"] = forms.ChoiceField(
            label="Meeting it was decided at (optional)",
            required=False,
            choices=[("", "Not at a meeting")]
            + [
                (pk, f"{meeting.title or meeting.board.name}, {meeting.starts_at:%d %B %Y}")
                for pk, meeting in self.meetings.items()
            ],
        )
        self.style_widgets()

    def clean_meeting(self):
        return self.meetings.get(self.cleaned_data.get("meeting") or "")


class AssuranceForm(GovukFormMixin, forms.Form):
    version = version_field(required=False)
    statement = forms.CharField(
        label="Assurance statement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text="The executive board's assurance to the partnership board on this quarter's performance.",
    )
