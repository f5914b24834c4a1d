"""What the escalation forms share. Every form choosing a tenant model is a ScopedFormMixin, so
its choices come from one partnership only; the rules are checked by the pure modules
(escalation.smart) or the services, so forms and services give the same messages."""

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]


def date_field(label, *, required=True, help_text="", invalid="Enter a real date, for example 31/3/2027.", missing=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": invalid, "required": missing or f"Enter the {label.lower()}."},
    )


def active_members(field):
    """Narrow a member field to active members, named as people call them."""
    field.queryset = field.queryset.filter(is_active=True).select_related("user")
    field.label_from_instance = lambda membership: membership.display_name


class SmartActionFormMixin:
    """A SMART action's fields (description, measure, resources, named lead, due date): the lead is
    chosen from active members, and no field is required by the form, because the SMART rules
    (escalation.smart) say what is missing in their own words; `add_problems` puts them by their
    fields."""

    SMART_FIELDS = ("description", "measure", "resources", "lead")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        active_members(self.fields["lead"])
        self.fields["lead"].empty_label = "Choose the named lead"
        for name in self.SMART_FIELDS:
            self.fields[name].required = False

    def add_problems(self, problems: dict) -> None:
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
