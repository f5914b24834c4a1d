"""For print templates: user text placed inside CSS (page-margin content) as a safely quoted string."""

from django import template
from django.utils.safestring import mark_safe

from partnership.pdf import css_string as quoted

register = template.Library()


@register.filter
def css_string(text):
    """`content: {{ partnership.name|css_string }};`: the text as a quoted CSS string, every
    character that could end the string or the stylesheet escaped (partnership.pdf.css_string)."""
    return mark_safe(quoted(text))  # every character that could break out is escaped
