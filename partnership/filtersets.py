import django_filters
from django.db.models import Q

from .forms.base import GovukFilterForm
from .models import Board, BoardKind, Membership, Notice, NoticeKind, TenantModel
from .roles import Role


def related_model(model, path: str):
    """The model at the end of a filter's field path ("role_assignments__theme" -> Theme)."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


class ScopedFilterSet(django_filters.FilterSet):
    """A list's filters for one partnership: it takes `partnership`, and every filter choosing a
    tenant model offers only that partnership's rows (declare `queryset=None`, or a narrower
    queryset, and the scoping is added here), so no other partnership's names leak into the form."""

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        for filter_ in self.filters.values():
            if not isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
                continue
            queryset = filter_.queryset
            if queryset is None:
                queryset = related_model(self._meta.model, filter_.field_name)._default_manager.all()
            if issubclass(queryset.model, TenantModel):
                filter_.queryset = queryset.for_partnership(partnership)

    class Meta:
        form = GovukFilterForm


class BoardFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=BoardKind.choices, empty_label="All kinds")

    class Meta:
        model = Board
        fields = ["q", "kind"]
        form = GovukFilterForm

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class MemberFilterSet(ScopedFilterSet):
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

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value)
            | Q(user__email__icontains=value)
            | Q(job_title__icontains=value)
        )


class NoticeFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(
        method="by_status",
        choices=[("unread", "Unread"), ("read", "Read")],
        empty_label="Read or unread",
        label="Status",
    )
    kind = django_filters.ChoiceFilter(choices=NoticeKind.choices, empty_label="All kinds", label="About")

    class Meta:
        model = Notice
        fields = ["q", "status", "kind"]
        form = GovukFilterForm

    def search(self, queryset, name, value):
        return queryset.filter(Q(subject__icontains=value) | Q(body__icontains=value))

    def by_status(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")
