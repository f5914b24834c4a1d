"""Shared by the returns tests: the six attestations, a return's URL, signing in as a persona,
posting the form, submitting a return and deciding one."""

from indicators.models import IndicatorReturn, Period

ALL_SIX = {f"dq_{name}": "on" for name in ("accurate", "valid", "reliable", "timely", "relevant", "complete")}


def url(tree, indicator, span=None):
    period = Period.objects.for_span(span or tree.quarter)
    return f"/p/alpha/returns/{indicator.pk}/{period.pk}/"


def as_member(client, tree, name):
    client.force_login(tree.members[name].user)
    return client


def post(client, tree, indicator, **data):
    data.setdefault("version", "0")
    return client.post(url(tree, indicator), data)


def submitted(tree, homes, client):
    post(as_member(client, tree, "officer"), tree, homes, value="120", action="submit", **ALL_SIX)
    return IndicatorReturn.objects.get(indicator=homes)


def decide(client, ret, action, reason="", version=None):
    return client.post(
        f"/p/alpha/returns/r/{ret.pk}/decide/", {"action": action, "reason": reason, "version": version or ret.version}
    )
