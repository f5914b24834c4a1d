import django_filters
from django import forms

from indicators.models import Commission
from indicators.money import money_problem, parse_money
from indicators.money_services import VARIANCE_EXPLANATION_THRESHOLD, SpendInput
from indicators.periods import PeriodKind, spans_in_year
from partnership.forms import GovukFilterForm, GovukFormMixin
from partnership.models import Membership, Organisation, Theme


class MoneyField(forms.CharField):
    """Pounds as people type them ("£1,250.50", "1250.5"), checked by indicators.money so the form
    and the services give the same messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "inputmode": "decimal", "class": "govuk-input govuk-input--width-10", "autocomplete": "off", "spellcheck": "false",
        }))
        super().__init__(*args, empty_value=None, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        problem = money_problem(value)
        if problem:
            raise forms.ValidationError(problem, code="invalid")
        return parse_money(value)


class SpendReturnForm(GovukFormMixin, forms.Form):
    """A quarter's spend and match funding. Type checks happen here; the rules that depend on the
    action and the profile are in indicators.money_services.save_spend_return."""

    actual_spend = MoneyField(label="Actual spend this quarter (£)", help_text="Money spent from the grant in this quarter only.")
    match_cash = MoneyField(label="Match funding: cash (£)")
    match_in_kind = MoneyField(label="Match funding: in kind (£)", help_text="The value of staff time, premises or goods given.")
    match_leverage = MoneyField(label="Leverage or complementary funding (£)",
                                help_text="Other funding the commission brought in for the same purpose.")
    commentary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="What the spend bought, and anything the theme board should know.")
    variance_reason = forms.CharField(
        label="Reason for variance", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Required when spend is more than {VARIANCE_EXPLANATION_THRESHOLD:g}% over or under the quarter's profile.",
    )
    action_taken = forms.CharField(
        label="Action being taken", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Required when spend is more than {VARIANCE_EXPLANATION_THRESHOLD:g}% over or under the quarter's profile.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIGURES = ("actual_spend", "match_cash", "match_in_kind", "match_leverage")
    TEXTS = ("commentary", "variance_reason", "action_taken")

    @property
    def figure_fields(self):
        return [self[name] for name in self.FIGURES]

    @property
    def text_fields(self):
        return [self[name] for name in self.TEXTS]

    def to_input(self) -> SpendInput:
        data = self.cleaned_data
        return SpendInput(**{name: data.get(name) for name in self.FIGURES}, **{name: data.get(name, "") for name in self.TEXTS})

    def add_rule_errors(self, errors: dict[str, str]):
        """Put the rules' messages beside their fields (or at the top when they have no field)."""
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)
        self.style_widgets()


class BudgetForm(GovukFormMixin, forms.Form):
    """The four quarterly budget profiles of one financial year; blank means not profiled."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, fy, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = spans_in_year(fy, PeriodKind.QUARTER)
        for span in self.quarters:
            months = f"{span.start:%B} to {span.end:%B %Y}"
            self.fields[self.name_for(span)] = MoneyField(label=f"Q{span.number} ({months}) (£)")
        self.style_widgets()

    @staticmethod
    def name_for(span):
        return f"q{span.number}"

    @property
    def quarter_fields(self):
        return [(span, self[self.name_for(span)]) for span in self.quarters]

    def amounts(self):
        return {span: self.cleaned_data.get(self.name_for(span)) for span in self.quarters}


class CommissionForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Commission
        fields = ["name", "theme", "kind", "provider", "manager", "description"]
        labels = {"kind": "Type", "provider": "Provider (optional)", "manager": "Delivery or Commission Manager (optional)",
                  "description": "Description (optional)"}
        help_texts = {"kind": "Legacy projects are those carried over from Neighbourhood Renewal Fund funding."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Enter the commission's name."},
            "theme": {"required": "Choose the theme that funds it."},
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come only from this partnership, so the form cannot point at another tenant's data.
        self.fields["theme"].queryset = Theme.objects.for_partnership(partnership)
        self.fields["provider"].queryset = Organisation.objects.for_partnership(partnership)
        self.fields["manager"].queryset = Membership.objects.for_partnership(partnership).filter(is_active=True).select_related("user")
        self.fields["manager"].label_from_instance = lambda membership: membership.display_name
        self.fields["theme"].empty_label = "Choose a theme"
        self.fields["provider"].empty_label = "No provider recorded"
        self.fields["manager"].empty_label = "No manager recorded"

    def clean(self):
        cleaned = super().clean()
        theme, name = cleaned.get("theme"), cleaned.get("name")
        if theme and name and Commission.objects.filter(theme=theme, name=name).exclude(pk=self.instance.pk).exists():
            # Said here, in words, so the database constraint behind it is never the message.
            self.add_error("name", f"{theme} already has a commission or project called {name}.")
        return cleaned


class CommissionFilterSet(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(queryset=None, empty_label="All themes", label="Theme")
    kind = django_filters.ChoiceFilter(choices=Commission.Kind.choices, empty_label="Commissions and projects", label="Type")

    class Meta:
        model = Commission
        fields = ["theme", "kind"]
        form = GovukFilterForm

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = Theme.objects.for_partnership(partnership)
