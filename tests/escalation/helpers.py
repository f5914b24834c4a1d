"""Shared by the escalation page tests: an escalation page's URL and a date some days ahead."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone


def url(tree, name, **kwargs):
    return reverse(f"escalation:{name}", kwargs={"partnership_slug": tree.partnership.slug, **kwargs})


def later(days=30):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()
