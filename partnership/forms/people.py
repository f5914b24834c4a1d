from django import forms
from django.core.exceptions import ValidationError

from partnership.models import Membership, RoleAssignment
from partnership.roles import Role

from .base import GovukFormMixin, ScopedFormMixin


class RoleAssignmentForm(ScopedFormMixin, GovukFormMixin, forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["role", "theme", "board"]
        labels = {"theme": "Theme (for theme roles)", "board": "Board (for board roles)"}
        help_texts = {
            "role": "Lead Information Officers, Report Coordinators, Performance Management Leads, Outcome Leads "
            "and Delivery Managers work for a theme; chairs and members sit on a board; administrators "
            "configure the whole partnership.",
        }
        error_messages = {"role": {"required": "Choose a role."}}

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.membership = membership
        self.fields["theme"].empty_label = "Not held over a theme"
        self.fields["board"].empty_label = "Not held over a board"
        self.fields["role"].choices = [("", "Choose a role")] + list(Role.choices)

    def validate_unique(self):
        # The membership is set by the view, not a form field, so Django would skip the constraints
        # that involve it: check them all, so a duplicate gets a message instead of a crash.
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self._update_errors(error)


class MembershipForm(ScopedFormMixin, GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        # Whether the member is active is not edited here: deactivating is its own confirmed action.
        fields = ["organisation", "job_title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].empty_label = "No partner organisation"
