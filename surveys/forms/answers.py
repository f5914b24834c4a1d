"""A member's answers: one GOV.UK radios question per statement, on the five-point scale plus
"don't know". Every statement must be answered (don't know counts as an answer)."""

from django import forms

from partnership.forms.base import GovukFormMixin
from surveys.agreement import Choice


def field_name(statement) -> str:
    return f"statement_{statement.pk}"


class AnswerForm(GovukFormMixin, forms.Form):
    def __init__(self, *args, statements, **kwargs):
        self.statements = list(statements)
        super().__init__(*args, **kwargs)
        for number, statement in enumerate(self.statements, 1):
            self.fields[field_name(statement)] = forms.ChoiceField(
                label=f"{number}. {statement.text}",
                choices=Choice.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose an answer to statement {number}, or \u201cDon't know\u201d.",
                    "invalid_choice": f"Choose one of the answers to statement {number}.",
                },
            )
        self.style_widgets()

    def choices(self) -> dict[int, str]:
        """{statement id: choice}, once the form is valid."""
        return {statement.pk: self.cleaned_data[field_name(statement)] for statement in self.statements}

    def questions(self):
        """(statement, bound field) in order, for the template."""
        return [(statement, self[field_name(statement)]) for statement in self.statements]
