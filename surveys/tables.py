"""The administrator's list of surveys. Counts come annotated on the queryset, so no cell runs a
query; `value_*` give the plain text for CSV export. Only counts of who answered are shown: never
who."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from surveys.models import Survey
from surveys.services.surveys import state_label
from surveys.window import SurveyState

NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
}
STATE_COLOURS = {
    SurveyState.DRAFT: "grey",
    SurveyState.SCHEDULED: "yellow",
    SurveyState.OPEN: "blue",
    SurveyState.CLOSED: "green",
}


class SurveyTable(tables.Table):
    title = tables.Column(verbose_name="Survey", linkify=lambda record: record.get_absolute_url())
    year_label = tables.Column(verbose_name="Year")
    opens_on = tables.DateColumn(verbose_name="Opens", format="j M Y")
    closes_on = tables.DateColumn(verbose_name="Closes", format="j M Y")
    state = tables.Column(empty_values=(), orderable=False, verbose_name="State")
    statement_count = tables.Column(verbose_name="Statements", attrs=NUMERIC)
    submission_count = tables.Column(verbose_name="Members who answered", attrs=NUMERIC)

    class Meta:
        model = Survey
        fields = ["title", "year_label", "opens_on", "closes_on", "state", "statement_count", "submission_count"]
        order_by = ("-opens_on",)
        empty_text = "No surveys yet."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_state(self, record):
        state = record.state_on(self.today)
        return format_html(
            '<strong class="govuk-tag govuk-tag--{} app-tag--small">{}</strong>',
            STATE_COLOURS[state],
            state_label(record, self.today),
        )

    def value_state(self, record):
        return state_label(record, self.today)
