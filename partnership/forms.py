from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

from .models import Meeting, Membership, Partnership, RoleAssignment
from .roles import Role


class GovukFormRenderer(TemplatesSetting):
    """Renders every form and field with GOV.UK Design System markup (labels, hints, errors)."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.PasswordInput: "govuk-input",
    forms.EmailInput: "govuk-input",
    forms.DateTimeInput: "govuk-input govuk-input--width-20",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.TextInput: "govuk-input",
    forms.NumberInput: "govuk-input govuk-input--width-10",
}


class GovukFormMixin:
    """Adds GOV.UK classes, error classes and aria-describedby to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self):
        for name, field in self.fields.items():
            widget = field.widget
            # Remember the widget's own class once (a form may set a width), then add error classes.
            if not hasattr(widget, "govuk_class"):
                default = next((cls for widget_type, cls in WIDGET_CLASSES.items() if isinstance(widget, widget_type)), "")
                widget.govuk_class = widget.attrs.get("class") or default
            css = widget.govuk_class
            described_by = []
            if field.help_text:
                described_by.append(f"id_{name}-hint")
            # _errors, not errors: reading .errors here would validate the form inside __init__,
            # before subclasses have scoped their choices to the partnership.
            if self._errors and name in self._errors:
                css = css.replace("govuk-input", "govuk-input govuk-input--error", 1)
                css = css.replace("govuk-select", "govuk-select govuk-select--error", 1)
                css = css.replace("govuk-textarea", "govuk-textarea govuk-textarea--error", 1)
                described_by.append(f"id_{name}-error")
            widget.attrs["class"] = css
            if described_by:
                widget.attrs["aria-describedby"] = " ".join(described_by)

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self.style_widgets()


class GovukFilterForm(GovukFormMixin, forms.Form):
    """The form class of every filterset, so filters look like the rest of the product."""


class MeetingForm(GovukFormMixin, forms.ModelForm):
    # Carries the version the user started editing from (see Meeting.version).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "location", "notes"]
        labels = {"starts_at": "Date and time", "title": "Title (optional)"}
        help_texts = {"starts_at": "The day and time the meeting starts. Without a date picker, type it as 14/07/2027 18:30."}
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "starts_at": {
                "required": "Enter the date and time of the meeting.",
                "invalid": "Enter a real date and time, for example 14/07/2027 18:30.",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class RoleAssignmentForm(GovukFormMixin, forms.ModelForm):
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

    def __init__(self, *args, partnership, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.membership = membership
        # Choices come only from this partnership, so the form cannot point at another tenant's data.
        self.fields["theme"].queryset = partnership.themes.all()
        self.fields["board"].queryset = partnership.boards.all()
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


class MembershipForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "job_title", "is_active"]
        labels = {"is_active": "Active member (can sign in to this partnership)"}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.organisations.all()
        self.fields["organisation"].empty_label = "No partner organisation"


class GovukAuthenticationForm(GovukFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive. Ask your partnership administrator to reactivate it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # GOV.UK advises against autofocus: it skips the page's heading and skip link for screen readers.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."


class GovukPasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages.update(
            required="Enter your email address.",
            invalid="Enter an email address in the correct format, like name@example.com.",
        )


class GovukSetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    def save(self, commit=True):
        # Whoever proved they own the mailbox may sign in again at once, even if the wrong
        # password had locked them out (django-axes).
        from axes.utils import reset

        user = super().save(commit)
        if commit:
            reset(username=user.get_username())
        return user


class GovukPasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


class PartnershipSettingsForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["description", "agreement_start_year", "tolerance_percent"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "tolerance_percent": {"invalid": "Enter the tolerance as a number, like 5.", "required": "Enter a tolerance, like 5."},
            "agreement_start_year": {"invalid": "Enter a year, like 2025."},
        }
