"""The scorecard pages' quarter chooser: a GOV.UK select of the quarters that have figures."""

from django import forms

from indicators.periods import Span
from partnership.forms.base import GovukFormMixin

SHOWN_CHARACTERS = 40  # of a bad value, in the message


class QuarterForm(GovukFormMixin, forms.Form):
    """`quarters`: the quarters to offer, newest first; the first is the default. A quarter put in
    the address that is not one of them is an error shown beside the select, and the page shows the
    default instead (`chosen()` never fails)."""

    quarter = forms.CharField(label="Quarter", required=False, widget=forms.Select)

    def __init__(self, *args, quarters: list[Span], **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = {q.start.isoformat(): q for q in quarters}
        self.default = quarters[0]
        self.initial.setdefault("quarter", self.default.start.isoformat())
        self.fields["quarter"].widget.choices = [(key, q.label) for key, q in self.quarters.items()]

    def clean_quarter(self) -> str:
        value = self.cleaned_data["quarter"].strip()
        if value and value not in self.quarters:
            shown = value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"
            raise forms.ValidationError(
                f"There are no figures for the quarter “{shown}”: choose one from the list. "
                f"Showing {self.default.label}, the latest quarter that has ended."
            )
        return value

    def chosen(self) -> Span:
        """The chosen quarter, or the default when none (or an unknown one) was asked for. After an
        unknown one the select shows the default too, so what it shows is what the page shows."""
        if self.is_bound and self.is_valid() and self.cleaned_data["quarter"]:
            return self.quarters[self.cleaned_data["quarter"]]
        if self.is_bound:
            self.data = {**dict(self.data.items()), "quarter": self.default.start.isoformat()}
        return self.default
