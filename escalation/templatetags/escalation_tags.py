from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def overdue(obj, today):
    """An escalation's report or an action, past its date (the models own the rule)."""
    return obj.is_overdue(today)


@register.filter
def due_for_review(risk, today):
    return risk.is_due_for_review(today)


@register.simple_tag
def stage_tag(stage):
    """The stage in words and a tag: colour is not the only signal."""
    colour = {1: "yellow", 2: "orange", 3: "red"}.get(stage, "red") if stage else "grey"
    return format_html('<strong class="govuk-tag govuk-tag--{}">Stage {}</strong>', colour, stage)


@register.simple_tag
def score_tag(risk):
    label = risk.band.label.split(" (")[0]
    if risk.is_highlighted:
        return format_html('<strong class="govuk-tag govuk-tag--red">{}: {}</strong>', risk.score, label)
    return format_html('<strong class="govuk-tag govuk-tag--grey">{}: {}</strong>', risk.score, label)
