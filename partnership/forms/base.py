"""What every form in the product shares: GOV.UK markup, and choices narrowed to one partnership."""

from django import forms
from django.forms.renderers import TemplatesSetting

from partnership.models import TenantModel


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
                default = next(
                    (cls for widget_type, cls in WIDGET_CLASSES.items() if isinstance(widget, widget_type)), ""
                )
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

    def add_errors(self, errors: dict[str, str]):
        """Put a rule's messages (field -> message) beside their fields, or at the top of the form
        when it has no such field, with the error styling."""
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)
        self.style_widgets()

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self.style_widgets()


class GovukFilterForm(GovukFormMixin, forms.Form):
    """The form class of every filterset, so filters look like the rest of the product."""


class ScopedFormMixin:
    """A form for one partnership: it takes `partnership`, and every field choosing a tenant model
    (a theme, a member, a board...) offers only that partnership's rows, so a form can never point
    at another tenant's data, whatever the field's declared queryset."""

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        scope_choices(self.fields.values(), partnership)


def scope_choices(fields, partnership):
    """Narrow each field's queryset of a tenant model to `partnership` (others are left alone:
    the national catalogue, say, is shared reference data)."""
    for field in fields:
        queryset = getattr(field, "queryset", None)
        if queryset is not None and issubclass(queryset.model, TenantModel):
            field.queryset = queryset.for_partnership(partnership)
