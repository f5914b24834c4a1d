from django import forms

from escalation.models import Action, ActionStatus, ActionUpdate
from escalation.smart import smart_problems
from partnership.forms.base import GovukFormMixin, ScopedFormMixin

from .fields import SmartActionFormMixin, date_field


class ActionForm(SmartActionFormMixin, ScopedFormMixin, GovukFormMixin, forms.ModelForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean()
        self.add_problems(
            smart_problems(
                description=cleaned.get("description", ""),
                measure=cleaned.get("measure", ""),
                resources=cleaned.get("resources", ""),
                lead_named=cleaned.get("lead") is not None,
                due_date=cleaned.get("due_date"),
                today=self.today,
                due_date_changed=not self.instance.pk or cleaned.get("due_date") != self.instance.due_date,
            )
        )
        return cleaned


class ActionUpdateForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ActionUpdate
        fields = ["status", "note"]
        labels = {"status": "Status now", "note": "Progress since the last update"}
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "note": {"required": "Describe the progress made."},
            "status": {"required": "Choose the status."},
        }

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("status", action.status)
        self.fields["status"].choices = ActionStatus.choices
