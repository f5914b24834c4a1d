import django_filters

from partnership.filtersets import ScopedFilterSet
from partnership.forms.base import GovukFilterForm
from planning.models import ActionPlan, PlanState


class ActionPlanFilterSet(ScopedFilterSet):
    theme = django_filters.ModelChoiceFilter(queryset=None, empty_label="All themes")
    state = django_filters.ChoiceFilter(choices=PlanState.choices, empty_label="All states")
    financial_year = django_filters.NumberFilter(label="Year starting (e.g. 2027 for 2027/28)")

    class Meta:
        model = ActionPlan
        fields = ["theme", "state", "financial_year"]
        form = GovukFilterForm
