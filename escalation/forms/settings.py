from django import forms
from django.db.models import Max

from escalation.models import Escalation, EscalationStatus, LadderSettings
from partnership.forms.base import GovukFormMixin


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
            raise forms.ValidationError(
                f"An open escalation is at stage {highest}: the ladder needs at least {highest} stages."
            )
        return count


class RouteForm(GovukFormMixin, forms.Form):
    bodies = forms.CharField(
        label="Bodies on the escalation route, in order",
        widget=forms.Textarea(attrs={"rows": 7}),
        required=False,
        help_text="One body per line, from the first an escalation is referred to up to the last, for example "
        "Performance &amp; Intelligence Group, then Performance Board, then Overview &amp; Scrutiny.",
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean_bodies(self):
        names = [line.strip() for line in self.cleaned_data["bodies"].splitlines() if line.strip()]
        if not names:
            raise forms.ValidationError("List at least one body, the first an escalation is referred to.")
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
                f"Escalations have been referred to {', '.join(missing)}: "
                f"keep {'it' if len(missing) == 1 else 'them'} on the route."
            )
        return names
