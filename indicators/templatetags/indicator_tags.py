from django import template
from django.utils.html import format_html

from indicators.charts import sparkline_svg
from indicators.status import STATUS_MEANING, Direction

register = template.Library()

ARROWS = {Direction.IMPROVING: "↑", Direction.WORSENING: "↓", Direction.UNCHANGED: "→", Direction.UNKNOWN: ""}


@register.simple_tag
def status_tag(status):
    """The status colour with its name and meaning in words (colour is never the only signal)."""
    return format_html(
        '<strong class="govuk-tag app-status app-status--{}">{}</strong> <span class="app-status__meaning">{}</span>',
        status,
        status.label,
        STATUS_MEANING[status],
    )


@register.simple_tag
def judged_then(indicator, note):
    """A period judged against a target or monitoring level that has changed since its returns
    were collated (indicators.services.thresholds.ThresholdNote)."""
    return note.sentence(indicator.format) + "."


@register.simple_tag
def direction(direction_value):
    if direction_value == Direction.UNKNOWN:
        return format_html('<span class="app-direction app-direction--unknown">{}</span>', direction_value.label)
    return format_html(
        '<span class="app-direction app-direction--{}"><span aria-hidden="true">{}</span> {}</span>',
        direction_value,
        ARROWS[direction_value],
        direction_value.label,
    )


@register.simple_tag
def value(indicator, amount):
    return indicator.format(amount)


@register.simple_tag
def sparkline(indicator, summary):
    target = summary.latest.assessment.target if summary.latest else None
    return sparkline_svg(summary.trend, label=f"Recent results for {indicator.code}", target=target)


@register.filter
def field(form, name):
    """A bound field by a computed name (the targets form's fields are made per year)."""
    return form[name]


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
