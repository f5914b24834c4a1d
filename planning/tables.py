"""The list of action plans. Counts come annotated on the queryset, so no cell runs a query."""

import django_tables2 as tables
from django.utils.html import format_html

from planning.models import ActionPlan, PlanState

NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
}
STATE_COLOURS = {
    PlanState.DRAFT: "grey",
    PlanState.SUBMITTED: "yellow",
    PlanState.RECOMMENDED: "blue",
    PlanState.APPROVED: "green",
}


class ActionPlanTable(tables.Table):
    theme = tables.Column(verbose_name="Theme", linkify=lambda record: record.get_absolute_url())
    financial_year = tables.Column(verbose_name="Year")
    state = tables.Column(verbose_name="State")
    item_count = tables.Column(verbose_name="Items", attrs=NUMERIC)
    open_challenges = tables.Column(verbose_name="Challenges waiting for an answer", attrs=NUMERIC)

    class Meta:
        model = ActionPlan
        fields = ["theme", "financial_year", "state", "item_count", "open_challenges"]
        empty_text = "No action plans yet."

    def render_financial_year(self, record):
        return record.year_label

    def value_financial_year(self, record):
        return record.year_label

    def render_state(self, record):
        return format_html(
            '<strong class="govuk-tag govuk-tag--{} app-tag--small">{}</strong>',
            STATE_COLOURS[record.state],
            record.get_state_display(),
        )

    def value_state(self, record):
        return record.get_state_display()
