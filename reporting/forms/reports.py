from django import forms

from partnership.forms.base import GovukFormMixin
from reporting.services.exception_reports import CONTRIBUTED_FIELDS, ITEM_FIELDS, ItemText, item_field

ITEM_LABELS = {
    "reason": "Reason the target is not being met",
    "action": "Action being taken",
    "decisions_required": "Decisions required",
}


class ExceptionReportForm(GovukFormMixin, forms.Form):
    """The successes text and, per item, the reason, action and decisions required: one form with
    prefixed fields (item_<id>_reason...), so the error summary links straight to each field."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    successes = forms.CharField(
        label="Successes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Drafted from the data: the greens and the improvements. Keep it brief.",
    )
    note = forms.CharField(
        label="What you changed and why (optional)",
        required=False,
        max_length=80,
        help_text="Recorded in the report's history with your name.",
    )

    def __init__(self, *args, items, **kwargs):
        """items: ItemView list (reporting.services.exception_reports.item_views)."""
        self.items = items
        super().__init__(*args, **kwargs)
        for view in items:
            for name in ITEM_FIELDS:
                self.fields[item_field(view.item.pk, name)] = forms.CharField(
                    label=f"{ITEM_LABELS[name]} ({view.code})",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        self.style_widgets()

    @classmethod
    def initial_for(cls, report, items) -> dict:
        initial = {"version": report.version, "successes": report.successes}
        for view in items:
            for name in ITEM_FIELDS:
                initial[item_field(view.item.pk, name)] = getattr(view.item, name)
        return initial

    def item_groups(self):
        """[(ItemView, [bound fields])] for the template."""
        return [(view, [self[item_field(view.item.pk, name)] for name in ITEM_FIELDS]) for view in self.items]

    def texts(self) -> dict[int, ItemText]:
        data = self.cleaned_data
        return {
            view.item.pk: ItemText(**{name: data.get(item_field(view.item.pk, name), "") for name in ITEM_FIELDS})
            for view in self.items
        }


class ContributionForm(GovukFormMixin, forms.Form):
    """An Outcome Lead's reason and action for each of their indicators in the report."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, items, **kwargs):
        """items: the ItemViews of the Outcome Lead's own indicators."""
        self.items = items
        super().__init__(*args, **kwargs)
        for view in items:
            for name in CONTRIBUTED_FIELDS:
                self.fields[item_field(view.item.pk, name)] = forms.CharField(
                    label=f"{ITEM_LABELS[name]} ({view.code})",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
        self.style_widgets()

    @classmethod
    def initial_for(cls, report, items) -> dict:
        initial = {"version": report.version}
        for view in items:
            for name in CONTRIBUTED_FIELDS:
                initial[item_field(view.item.pk, name)] = getattr(view.item, name)
        return initial

    def item_groups(self):
        return [(view, [self[item_field(view.item.pk, name)] for name in CONTRIBUTED_FIELDS]) for view in self.items]

    def texts(self) -> dict[int, ItemText]:
        data = self.cleaned_data
        return {
            view.item.pk: ItemText(
                **{name: data.get(item_field(view.item.pk, name), "") for name in CONTRIBUTED_FIELDS}
            )
            for view in self.items
        }


class ReportFilterForm(GovukFormMixin, forms.Form):
    cycle = forms.ChoiceField(label="Quarter", required=False)

    def __init__(self, *args, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].choices = [("", "All quarters")] + [(str(c.pk), str(c.period)) for c in cycles]
