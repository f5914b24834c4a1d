"""List tables. Each renders from rows the view has loaded with select_related/prefetch_related,
so no cell runs a query; `value_*` methods give the plain text for CSV export."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from escalation.models import Action, Escalation, Risk

NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
}


def tag(text, colour):
    return format_html('<strong class="govuk-tag govuk-tag--{} app-tag--small">{}</strong>', colour, text)


class EscalationTable(tables.Table):
    indicator = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("indicator__code",))
    theme = tables.Column(
        accessor="indicator__lead_theme__name", verbose_name="Theme", order_by=("indicator__lead_theme__position",)
    )
    stage = tables.Column(attrs=NUMERIC)
    status = tables.Column()
    owner = tables.Column(empty_values=(), verbose_name="Owner", orderable=False)
    report_to = tables.Column(verbose_name="Reports to", order_by=("report_to__name",), default="–")
    report_due = tables.DateColumn(verbose_name="Report due", format="j M Y", default="None asked for")
    route_step = tables.Column(verbose_name="Referred to", default="–", order_by=("route_step__position",))
    opened_on = tables.DateColumn(verbose_name="Opened", format="j M Y")
    origin = tables.Column(verbose_name="Opened by")

    class Meta:
        model = Escalation
        fields = [
            "indicator",
            "theme",
            "stage",
            "status",
            "owner",
            "report_to",
            "report_due",
            "route_step",
            "opened_on",
            "origin",
        ]
        order_by = ("-stage", "report_due")
        empty_text = "No escalations match these filters."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_indicator(self, record):
        return format_html('<span class="app-code">{}</span> {}', record.indicator.code, record.indicator.title)

    def value_indicator(self, record):
        return f"{record.indicator.code} {record.indicator.title}"

    def render_stage(self, record):
        return record.stage_label

    def render_status(self, record):
        return tag(record.get_status_display(), "blue" if record.is_open else "grey")

    def value_status(self, record):
        return record.get_status_display()

    def render_owner(self, record):
        return record.owner_label

    def value_owner(self, record):
        return record.owner_label

    def render_report_due(self, record, value):
        text = format_html("{}", f"{value:%-d %b %Y}")
        if record.is_overdue(self.today):
            return format_html("{} {}", text, tag("Overdue", "red"))
        return text

    def value_report_due(self, record, value):
        return f"{value:%Y-%m-%d}{' (overdue)' if record.is_overdue(self.today) else ''}" if value else ""

    def render_origin(self, record):
        return "Executive board" if record.origin == "executive_board" else "Ladder"


class ActionTable(tables.Table):
    description = tables.Column(verbose_name="Action", linkify=lambda record: record.get_absolute_url())
    escalation = tables.Column(verbose_name="Escalation", order_by=("escalation__indicator__code",))
    lead = tables.Column(verbose_name="Named lead", order_by=("lead__user__last_name",))
    due_date = tables.DateColumn(verbose_name="Due", format="j M Y")
    status = tables.Column()
    measure = tables.Column(verbose_name="Measure of success")

    class Meta:
        model = Action
        fields = ["description", "escalation", "lead", "due_date", "status", "measure"]
        order_by = ("due_date",)
        empty_text = "No actions match these filters."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_escalation(self, record):
        return f"{record.escalation.indicator.code}, {record.escalation.stage_label}"

    def value_escalation(self, record):
        return self.render_escalation(record)

    def render_lead(self, record):
        return record.lead.display_name

    def value_lead(self, record):
        return record.lead.display_name

    def render_due_date(self, record, value):
        text = format_html("{}", f"{value:%-d %b %Y}")
        return format_html("{} {}", text, tag("Overdue", "red")) if record.is_overdue(self.today) else text

    def value_due_date(self, record, value):
        return f"{value:%Y-%m-%d}{' (overdue)' if record.is_overdue(self.today) else ''}"

    def render_status(self, record):
        return record.get_status_display()


class RiskTable(tables.Table):
    title = tables.Column(verbose_name="Risk", linkify=lambda record: record.get_absolute_url())
    score = tables.Column(verbose_name="Score", attrs=NUMERIC)
    likelihood = tables.Column(attrs=NUMERIC)
    impact = tables.Column(attrs=NUMERIC)
    owner = tables.Column(order_by=("owner__user__last_name",), default="No owner")
    themes = tables.Column(empty_values=(), orderable=False, verbose_name="Themes")
    indicators = tables.Column(empty_values=(), orderable=False, verbose_name="Indicators")
    review_date = tables.DateColumn(verbose_name="Review by", format="j M Y")
    status = tables.Column()

    class Meta:
        model = Risk
        fields = ["title", "score", "likelihood", "impact", "owner", "themes", "indicators", "review_date", "status"]
        order_by = ("-score", "review_date")
        empty_text = "No risks match these filters."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_score(self, record):
        label = record.band.label.split(" (")[0]
        if record.is_highlighted:
            return format_html("<strong>{}</strong> {}", record.score, tag(label, "red"))
        return format_html('{} <span class="govuk-body-s">{}</span>', record.score, label)

    def value_score(self, record):
        return record.score

    def render_likelihood(self, value):
        return value

    def render_impact(self, value):
        return value

    def render_owner(self, record):
        return record.owner.display_name

    def value_owner(self, record):
        return record.owner.display_name if record.owner else ""

    def render_themes(self, record):
        return format_html_join(mark_safe("<br>"), "{}", ((t.name,) for t in record.themes.all())) or "–"

    def value_themes(self, record):
        return "; ".join(t.name for t in record.themes.all())

    def render_indicators(self, record):
        return (
            format_html_join(", ", '<span class="app-code">{}</span>', ((i.code,) for i in record.indicators.all()))
            or "–"
        )

    def value_indicators(self, record):
        return "; ".join(i.code for i in record.indicators.all())

    def render_review_date(self, record, value):
        text = format_html("{}", f"{value:%-d %b %Y}")
        return (
            format_html("{} {}", text, tag("Due for review", "yellow"))
            if record.is_due_for_review(self.today)
            else text
        )

    def value_review_date(self, record, value):
        return f"{value:%Y-%m-%d}"

    def render_status(self, record):
        return record.get_status_display()
