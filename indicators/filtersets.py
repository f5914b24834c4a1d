import django_filters
from django import forms
from django.db.models import Q

from indicators.models import AnnualTarget, CatalogueIndicator, Commission, Indicator
from indicators.models.catalogue import TitleForm
from indicators.periods import Frequency
from indicators.status import Status
from partnership.filtersets import ScopedFilterSet
from partnership.forms.base import GovukFilterForm
from partnership.models import Membership, Perspective, Theme
from partnership.roles import Role


class IndicatorFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.all(), method="by_theme", empty_label="All themes", label="Theme"
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, method="status_is_applied_by_the_view", empty_label="Any status", label="Status"
    )
    perspective = django_filters.ChoiceFilter(
        field_name="objective__perspective",
        choices=Perspective.choices,
        empty_label="Any perspective",
        label="Perspective",
    )
    outcome_lead = django_filters.ModelChoiceFilter(
        queryset=Membership.objects.filter(role_assignments__role=Role.OUTCOME_LEAD).select_related("user").distinct(),
        empty_label="Anyone",
        label="Outcome Lead",
    )
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices, empty_label="Any frequency")
    laa_only = django_filters.BooleanFilter(method="only_laa", widget=forms.CheckboxInput, label="LAA indicators only")

    class Meta:
        model = Indicator
        fields = ["q", "theme", "status", "laa_only", "perspective", "outcome_lead", "frequency"]
        form = GovukFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On this form's own field (not the shared field class), after the querysets are scoped.
        self.form.fields["outcome_lead"].label_from_instance = lambda membership: membership.display_name

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))

    def by_theme(self, queryset, name, theme):
        return queryset.filter(Q(lead_theme=theme) | Q(contributing_themes=theme)).distinct()

    def only_laa(self, queryset, name, value):
        return queryset.filter(is_laa=True) if value else queryset

    def status_is_applied_by_the_view(self, queryset, name, value):
        # Status is computed by the status engine, not stored: the list view filters on it after
        # computing every row's status (see IndicatorListView.get_table_data).
        return queryset


class CatalogueFilterSet(ScopedFilterSet):
    """Search, the fields still to be confirmed (not given by the entry's source, or a title cut or
    only a short label), and live or withdrawn entries."""

    TO_CONFIRM = [
        ("title", "Full title"),
        ("polarity", "Polarity"),
        ("unit", "Unit"),
        ("frequency", "Frequency"),
    ]
    UNCONFIRMED = {
        "title": ~Q(title_form=TitleForm.AS_PRINTED),
        "polarity": Q(polarity=""),
        "unit": Q(unit_description=""),
        "frequency": Q(frequency_description=""),
    }

    q = django_filters.CharFilter(method="search", label="Search")
    to_confirm = django_filters.ChoiceFilter(
        choices=TO_CONFIRM, method="unconfirmed", empty_label="Any field", label="To be confirmed"
    )
    state = django_filters.ChoiceFilter(
        choices=[("live", "Live indicators"), ("withdrawn", "Withdrawn")],
        method="by_state",
        empty_label="Live and withdrawn",
        label="In the set",
    )

    class Meta:
        model = CatalogueIndicator
        fields = ["q", "to_confirm", "state"]
        form = GovukFilterForm

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))

    def unconfirmed(self, queryset, name, value):
        return queryset.filter(self.UNCONFIRMED[value])

    def by_state(self, queryset, name, value):
        return queryset.filter(withdrawn=value == "withdrawn")


class CommissionFilterSet(ScopedFilterSet):
    theme = django_filters.ModelChoiceFilter(queryset=None, empty_label="All themes", label="Theme")
    kind = django_filters.ChoiceFilter(
        choices=Commission.Kind.choices, empty_label="Commissions and projects", label="Type"
    )
    funding = django_filters.ChoiceFilter(
        choices=Commission.Funding.choices,
        empty_label="Every funding stream",
        label="Funded from",
        method="filter_funding",
    )

    class Meta:
        model = Commission
        fields = ["theme", "kind", "funding"]
        form = GovukFilterForm

    def filter_funding(self, queryset, name, value):
        """Its main stream, or any share of its budget from the stream."""
        share = Commission.SHARE_FIELDS[value]
        return queryset.filter(Q(funding=value) | Q(**{f"{share}__gt": 0}))


class ProposedTargetFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.all(), field_name="indicator__lead_theme", empty_label="All themes", label="Lead theme"
    )

    class Meta:
        model = AnnualTarget
        fields = ["q", "theme"]
        form = GovukFilterForm

    def search(self, queryset, name, value):
        return queryset.filter(Q(indicator__code__icontains=value) | Q(indicator__title__icontains=value))
