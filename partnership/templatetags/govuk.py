from django import template

from partnership.throttling import duration_words

register = template.Library()


@register.inclusion_tag("govuk/nav_item.html", takes_context=True)
def nav_item(context, href, label, section=""):
    return {"href": href, "label": label, "active": bool(section) and context.get("nav_section") == section}


# "Try again in 1 hour" on the lockout page.
register.filter("duration_words", duration_words)
