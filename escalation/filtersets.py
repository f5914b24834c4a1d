import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from escalation.ladder import MAX_STAGE_COUNT
from escalation.models import Action, ActionStatus, Escalation, EscalationStatus, Risk, RiskStatus, RouteStep
from escalation.models.actions import FINISHED
from escalation.risk import BAND_RANGES, Band
from partnership.filtersets import ScopedFilterSet
from partnership.forms.base import GovukFilterForm
from partnership.models import Membership


def _names(filterset, *names):
    # On this form's own fields (not the shared field class), after the querysets are scoped.
    for name in names:
        filterset.form.fields[name].label_from_instance = lambda membership: membership.display_name


class EscalationFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    stage = django_filters.ChoiceFilter(
        choices=[(s, f"Stage {s}") for s in range(1, MAX_STAGE_COUNT + 1)], empty_label="Any stage"
    )
    status = django_filters.ChoiceFilter(choices=EscalationStatus.choices, empty_label="Open and closed")
    theme = django_filters.ModelChoiceFilter(
        field_name="indicator__lead_theme", queryset=None, empty_label="All themes", label="Theme"
    )
    owner = django_filters.ModelChoiceFilter(
        field_name="owner_member",
        queryset=Membership.objects.filter(owned_escalations__isnull=False).select_related("user").distinct(),
        empty_label="Anyone",
        label="Owner (person)",
    )
    owner_board = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any board", label="Owner (board)")
    reached = django_filters.ModelChoiceFilter(
        queryset=RouteStep.objects.all(),
        method="by_route",
        empty_label="Anywhere on the route",
        label="Reached on the route",
    )
    overdue = django_filters.BooleanFilter(
        method="only_overdue", widget=forms.CheckboxInput, label="Report overdue only"
    )

    class Meta:
        model = Escalation
        fields = ["q", "stage", "status", "theme", "owner", "owner_board", "reached", "overdue"]
        form = GovukFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _names(self, "owner")

    def search(self, queryset, name, value):
        return queryset.filter(Q(indicator__code__icontains=value) | Q(indicator__title__icontains=value))

    def by_route(self, queryset, name, step):
        # Scrutiny sees everything that reached it: referred to this body or beyond.
        return queryset.filter(route_step__position__gte=step.position)

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=EscalationStatus.OPEN, report_due__lt=timezone.localdate())


class ActionFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, empty_label="Any status")
    theme = django_filters.ModelChoiceFilter(
        field_name="escalation__indicator__lead_theme", queryset=None, empty_label="All themes", label="Theme"
    )
    lead = django_filters.ModelChoiceFilter(
        queryset=Membership.objects.filter(escalation_actions__isnull=False).select_related("user").distinct(),
        empty_label="Anyone",
        label="Named lead",
    )
    overdue = django_filters.BooleanFilter(method="only_overdue", widget=forms.CheckboxInput, label="Overdue only")

    class Meta:
        model = Action
        fields = ["q", "status", "theme", "lead", "overdue"]
        form = GovukFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _names(self, "lead")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(description__icontains=value)
            | Q(escalation__indicator__code__icontains=value)
            | Q(measure__icontains=value)
        )

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(due_date__lt=timezone.localdate()).exclude(status__in=FINISHED)


class RiskFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    band = django_filters.ChoiceFilter(
        choices=Band.choices, method="by_band", empty_label="Any score", label="Score band"
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", queryset=None, empty_label="All themes", label="Theme", distinct=True
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Membership.objects.filter(owned_risks__isnull=False).select_related("user").distinct(),
        empty_label="Anyone",
        label="Owner",
    )
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, empty_label="Open and closed")
    due_for_review = django_filters.BooleanFilter(
        method="only_due", widget=forms.CheckboxInput, label="Due for review only"
    )

    class Meta:
        model = Risk
        fields = ["q", "band", "theme", "owner", "status", "due_for_review"]
        form = GovukFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _names(self, "owner")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(mitigation__icontains=value)
        )

    def by_band(self, queryset, name, value):
        low, high = BAND_RANGES[value]
        return queryset.filter(score__gte=low, score__lte=high)

    def only_due(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=RiskStatus.OPEN, review_date__lte=timezone.localdate())
