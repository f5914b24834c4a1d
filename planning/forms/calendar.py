from django import forms

from partnership.forms.base import GovukFormMixin
from planning.calendar import start_problem
from planning.models import PlanningStage

MONTH = {"min_value": 1, "max_value": 12}
DAY = {"min_value": 1, "max_value": 31}


class StageForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = PlanningStage
        fields = [
            "name",
            "start_month",
            "start_day",
            "end_month",
            "end_day",
            "reminder_days_before",
            "activity",
            "outputs",
        ]
        labels = {
            "start_month": "Starts: month (1 to 12)",
            "start_day": "Starts: day",
            "end_month": "Ends: month (1 to 12)",
            "end_day": "Ends: day",
        }
        widgets = {"activity": forms.Textarea(attrs={"rows": 3}), "outputs": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        cleaned = super().clean()
        names = ("start_month", "start_day", "end_month", "end_day")
        if all(cleaned.get(name) is not None for name in names):
            problem = start_problem(
                (cleaned["start_month"], cleaned["start_day"]), (cleaned["end_month"], cleaned["end_day"])
            )
            if problem:
                self.add_error("end_month", problem)
        return cleaned
