"""Shared by the money tests: the quarters of a year, signing in, the money pages' URLs, a spend
return's form data and approving a spend return."""

from django.urls import reverse

from indicators.models import SpendReturn
from indicators.periods import PeriodKind, spans_in_year
from indicators.services.returns import decide_return
from indicators.workflow import ReturnAction, ReturnState
from partnership.services.access import access_for

Q = PeriodKind.QUARTER


def quarters(fy):
    return spans_in_year(fy, Q)


def login(client, member):
    client.force_login(member.user)
    return client


MONEY_URLS = {
    "budget": "budget_edit",
    "create": "commission_create",
    "detail": "commission_detail",
    "edit": "commission_edit",
    "list": "commission_list",
    "spend": "spend_return_edit",
    "spend_decide": "spend_return_decide",
}


def url(name, tree, **kwargs):
    return reverse(f"indicators:{MONEY_URLS[name]}", kwargs={"partnership_slug": tree.partnership.slug, **kwargs})


def spend_url(tree, period=None):
    return url("spend", tree, commission_id=tree.commission.pk, period_id=(period or tree.period).pk)


def decide_url(tree, ret=None):
    return url("spend_decide", tree, spend_return_id=(ret or tree.spend_return).pk)


def spend_form(version, action="save_draft", **fields):
    data = {
        "action": action,
        "version": version,
        "actual_spend": "",
        "match_cash": "",
        "match_in_kind": "",
        "match_leverage": "",
        "commentary": "",
        "variance_reason": "",
        "action_taken": "",
        "sustainability": "",
        "partnership_working": "",
        "community_engagement": "",
    }
    data.update({name: str(value) for name, value in fields.items()})
    return data


def approve(tree, ret, coordinator):
    ret = SpendReturn.objects.get(pk=ret.pk)
    if ret.state != ReturnState.SUBMITTED:
        ret.state = ReturnState.SUBMITTED
        ret.save()
    return decide_return(ret, action=ReturnAction.APPROVE, user=coordinator.user, access=access_for(coordinator))
