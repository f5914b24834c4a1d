import django_filters
from django.db.models import Q

from partnership.filtersets import ScopedFilterSet
from partnership.forms.base import GovukFilterForm
from surveys.models import Survey


class SurveyFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")

    class Meta:
        model = Survey
        fields = ["q"]
        form = GovukFilterForm

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(year_label__icontains=value))
