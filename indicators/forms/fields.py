"""The figure fields every form uses, so a number is read and refused the same way everywhere."""

from decimal import Decimal

from django import forms

from indicators.money import money_problem, parse_money
from indicators.values import NUMBER_ERRORS, RATING_GRADES, Unit
from partnership.numbers import plain_number


class FigureField(forms.DecimalField):
    """A decimal that refuses NaN and infinity with the plain "enter a number" message. (Django's
    own check passes the value as a parameter, which turns the % in our message into a crash.)"""

    def validate(self, value):
        if value not in self.empty_values and not value.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        super().validate(value)


def number_field(label, *, initial=None, help_text=""):
    """A figure as stored (14 digits, 4 decimal places), typed as text so a phone shows digits."""
    return FigureField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=4,
        error_messages=NUMBER_ERRORS,
        help_text=help_text,
        initial=plain_number(initial),
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10", "autocomplete": "off"}
        ),
    )


class MoneyField(forms.CharField):
    """Pounds as people type them ("£1,250.50", "1250.5"), checked by indicators.money so the form
    and the services give the same messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "decimal",
                    "class": "govuk-input govuk-input--width-10",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
        )
        super().__init__(*args, empty_value=None, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        problem = money_problem(value)
        if problem:
            raise forms.ValidationError(problem, code="invalid")
        return parse_money(value)


def rating_field(label, *, initial=None, help_text="", widget=forms.RadioSelect):
    """A rating (red, amber or green), chosen by its word and stored as its grade."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("", "Not given")] + [(str(grade), word) for grade, word in RATING_GRADES.items()],
        coerce=Decimal,
        empty_value=None,
        initial=None if initial is None else str(int(initial)),
        help_text=help_text,
        widget=widget,
    )


def figure_field_for(unit: str):
    """The field a figure of this unit is typed in: a choice of word for ratings, else a number."""
    if unit == Unit.RATING:
        return lambda label, **kwargs: rating_field(label, widget=forms.Select, **kwargs)
    return number_field
