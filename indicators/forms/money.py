from django import forms

from indicators.forms.fields import MoneyField
from indicators.models import Commission
from indicators.money import MONEY_FIELDS, PROGRESS_FIELDS, main_stream, split_problems, stream_fractions
from indicators.periods import PeriodKind, spans_in_year
from indicators.services.money import VARIANCE_EXPLANATION_THRESHOLD, SpendInput
from partnership.forms.base import GovukFormMixin, ScopedFormMixin


class SpendReturnForm(GovukFormMixin, forms.Form):
    """A quarter's spend and match funding. Type checks happen here; the rules that depend on the
    action and the profile are in indicators.services.money.save_spend_return."""

    actual_spend = MoneyField(
        label="Actual spend this quarter (£)", help_text="Money spent from the grant in this quarter only."
    )
    match_cash = MoneyField(label="Match funding: cash (£)")
    match_in_kind = MoneyField(
        label="Match funding: in kind (£)", help_text="The value of staff time, premises or goods given."
    )
    match_leverage = MoneyField(
        label="Leverage or complementary funding (£)",
        help_text="Other funding the commission brought in for the same purpose.",
    )
    commentary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the spend bought, and anything the theme board should know.",
    )
    variance_reason = forms.CharField(
        label="Reason for variance",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Required when spend is more than {VARIANCE_EXPLANATION_THRESHOLD:g}% "
        "over or under the quarter's profile.",
    )
    action_taken = forms.CharField(
        label="Action being taken",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Required when spend is more than {VARIANCE_EXPLANATION_THRESHOLD:g}% "
        "over or under the quarter's profile.",
    )
    sustainability = forms.CharField(
        label="Progress towards sustainability / mainstreaming",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the work will carry on when the grant ends: mainstream budgets, other funding, "
        "or changes to how services are run.",
    )
    partnership_working = forms.CharField(
        label="Partnership working",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The partners it works with, and what they have done together this quarter.",
    )
    community_engagement = forms.CharField(
        label="Community engagement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How local people have been involved in shaping or delivering it.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIGURES = MONEY_FIELDS
    TEXTS = ("commentary", "variance_reason", "action_taken")
    PROGRESS = PROGRESS_FIELDS

    @classmethod
    def initial_for(cls, ret) -> dict:
        """The form's starting values: the saved return's, or a new one's."""
        if ret is None:
            return {"version": 0}
        names = cls.FIGURES + cls.TEXTS + cls.PROGRESS
        return {"version": ret.version, **{name: getattr(ret, name) for name in names}}

    @property
    def figure_fields(self):
        return [self[name] for name in self.FIGURES]

    @property
    def text_fields(self):
        return [self[name] for name in self.TEXTS]

    @property
    def progress_fields(self):
        return [self[name] for name in self.PROGRESS]

    def to_input(self) -> SpendInput:
        data = self.cleaned_data
        return SpendInput(
            **{name: data.get(name) for name in self.FIGURES},
            **{name: data.get(name, "") for name in self.TEXTS + self.PROGRESS},
        )


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

    def clean(self):
        cleaned = super().clean()
        saved = any(self.initial.get(self.name_for(span)) is not None for span in self.quarters)
        if not saved and not self.errors and all(cleaned.get(self.name_for(span)) is None for span in self.quarters):
            self.add_error(self.name_for(self.quarters[0]), "Enter the budget profiled for at least one quarter.")
        return cleaned

    def amounts(self):
        return {span: self.cleaned_data.get(self.name_for(span)) for span in self.quarters}


SHARE_MESSAGES = {
    "invalid": "Enter the share as a percentage, like 60.",
    "max_digits": "Enter the share as a percentage from 0 to 100.",
    "max_whole_digits": "Enter the share as a percentage from 0 to 100.",
    "max_decimal_places": "Give the share to at most 2 decimal places.",
}


class CommissionForm(ScopedFormMixin, GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Commission
        fields = [
            "name",
            "theme",
            "kind",
            "funding",
            "abg_share",
            "mainstream_share",
            "other_grant_share",
            "provider",
            "manager",
            "description",
            "indicators",
        ]
        labels = {
            "kind": "Type",
            "funding": "Funded from",
            "abg_share": "Area Based Grant share (%, optional)",
            "mainstream_share": "Mainstream budget share (%, optional)",
            "other_grant_share": "Other grant share (%, optional)",
            "provider": "Provider (optional)",
            "manager": "Delivery or Commission Manager (optional)",
            "description": "Description (optional)",
            "indicators": "Indicators it delivers (optional)",
        }
        help_texts = {
            "kind": "Legacy projects are those carried over from Neighbourhood Renewal Fund funding.",
            "funding": "Reports show Area Based Grant apart from mainstream and other money. "
            "If its budget comes from more than one stream, give each stream's share below instead.",
            "abg_share": "The shares add up to 100%; its spend is shared out between the streams the same way.",
            "indicators": "The outcomes it is funded to improve: shown beside its spend on dashboards and reports.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "indicators": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "name": {"required": "Enter the commission's name."},
            "theme": {"required": "Choose the theme that funds it."},
            **{name: SHARE_MESSAGES for name in Commission.SHARE_FIELDS.values()},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = self.fields["manager"].queryset.filter(is_active=True).select_related("user")
        self.fields["manager"].label_from_instance = lambda membership: membership.display_name
        self.fields["theme"].empty_label = "Choose a theme"
        self.fields["provider"].empty_label = "No provider recorded"
        self.fields["manager"].empty_label = "No manager recorded"
        # A form without the field (an older page still open) keeps the stream rather than resetting it.
        self.fields["funding"].required = False
        indicators = self.fields["indicators"]
        indicators.queryset = indicators.queryset.order_by("code")
        indicators.label_from_instance = lambda indicator: f"{indicator.code} {indicator.title}"
        indicators.error_messages["invalid_choice"] = (
            "Choose indicators of this partnership: %(value)s is not one of them."
        )

    def clean_funding(self):
        return self.cleaned_data.get("funding") or self.instance.funding or Commission.Funding.ABG

    def clean(self):
        cleaned = super().clean()
        shares = {stream: cleaned.get(name) for stream, name in Commission.SHARE_FIELDS.items()}
        problems = split_problems(shares, dict(Commission.Funding.choices))
        for stream, message in problems.items():
            if Commission.SHARE_FIELDS[stream] not in self.errors:
                self.add_error(Commission.SHARE_FIELDS[stream], message)
        if not problems and any(shares.values()):
            cleaned["funding"] = main_stream(stream_fractions(cleaned.get("funding"), shares))
        theme, name = cleaned.get("theme"), cleaned.get("name")
        if theme and name and Commission.objects.filter(theme=theme, name=name).exclude(pk=self.instance.pk).exists():
            # Said here, in words, so the database constraint behind it is never the message.
            self.add_error("name", f"{theme} already has a commission or project called {name}.")
        return cleaned
