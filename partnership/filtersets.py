import django_filters
from django.db.models import Q

from .forms import GovukFilterForm
from .models import Board, BoardKind, Membership
from .roles import Role


class BoardFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=BoardKind.choices, empty_label="All kinds")

    class Meta:
        model = Board
        fields = ["q", "kind"]
        form = GovukFilterForm

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class MemberFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    organisation = django_filters.ModelChoiceFilter(queryset=None, empty_label="All organisations")
    role = django_filters.ChoiceFilter(
        field_name="role_assignments__role", choices=Role.choices, empty_label="Any role", distinct=True, label="Role"
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="role_assignments__theme", queryset=None, empty_label="Any theme", distinct=True, label="Theme"
    )

    class Meta:
        model = Membership
        fields = ["q", "organisation", "role", "theme"]
        form = GovukFilterForm

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # Filter choices are scoped too: no other partnership's names leak into the form.
        self.filters["organisation"].queryset = partnership.organisations.all()
        self.filters["theme"].queryset = partnership.themes.all()

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value)
            | Q(user__email__icontains=value)
            | Q(job_title__icontains=value)
        )
