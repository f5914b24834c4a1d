from django import template

register = template.Library()


@register.inclusion_tag("govuk/nav_item.html", takes_context=True)
def nav_item(context, href, label, section=""):
    return {"href": href, "label": label, "active": bool(section) and context.get("nav_section") == section}
