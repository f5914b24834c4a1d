"""A commission's budget split by funding stream (seed 003: ABG, mainstream, other grant): the shares
add up to 100%, the largest is its main stream, and every total by stream shares its money out the
same way, so the ABG total holds the ABG part of a jointly funded commission and nothing more."""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.models import Commission
from indicators.money import shared_out, split_problems, stream_fractions
from indicators.periods import PeriodKind, Span
from indicators.services.money import spend_by_stream
from reporting.services.finance_reports import finance_figures

from ..builders import make_commission, make_spend
from .money_helpers import login, url

D = Decimal
Q1 = Span(PeriodKind.QUARTER, dt.date(2025, 4, 1))
LABELS = dict(Commission.Funding.choices)


def test_with_no_shares_the_whole_budget_is_the_main_streams():
    assert stream_fractions("mainstream", {"abg": None, "mainstream": None, "other_grant": None}) == {
        "mainstream": D(1)
    }
    assert stream_fractions("abg", {"abg": D(40), "mainstream": D(60), "other_grant": None}) == {
        "mainstream": D("0.6"),
        "abg": D("0.4"),
    }


@pytest.mark.parametrize(
    "shares, problems",
    [
        ({"abg": D(60), "mainstream": D(30)}, {"abg": "The shares add up to 90%: they must add up to 100%."}),
        ({"abg": D("62.5"), "other_grant": D(40)}, {"abg": "The shares add up to 102.5%: they must add up to 100%."}),
        ({"abg": D(120)}, {"abg": "Enter Area Based Grant's share as a percentage from 0 to 100."}),
        ({"abg": D(70), "mainstream": D(30)}, {}),
        ({"abg": None, "mainstream": None}, {}),
    ],
)
def test_the_shares_must_add_up_to_a_hundred(shares, problems):
    assert split_problems(shares, LABELS) == problems


def test_money_is_shared_out_to_the_penny():
    parts = shared_out(D("1000.01"), {"abg": D(1) / 3, "mainstream": D(2) / 3})
    assert sum(parts.values()) == D("1000.01") and parts == {"abg": D("333.34"), "mainstream": D("666.67")}


def form(tree, **fields):
    return {"name": tree.commission.name, "theme": tree.theme.pk, "kind": "commission", "funding": "abg", **fields}


def test_the_administrator_splits_a_budget_and_a_split_that_does_not_add_up_is_refused_beside_it(
    client, tree_a, returns_a
):
    login(client, tree_a.members["admin"])
    edit = url("edit", tree_a, commission_id=tree_a.commission.pk)
    assert "Area Based Grant share (%, optional)" in client.get(edit).content.decode()
    refused = client.post(edit, form(tree_a, abg_share="60", mainstream_share="30"))
    assert refused.status_code == 200
    assert refused.context["form"].errors["abg_share"] == ["The shares add up to 90%: they must add up to 100%."]
    assert 'value="30"' in refused.content.decode()  # what was typed is kept
    tree_a.commission.refresh_from_db()
    assert tree_a.commission.abg_share is None
    # a split that adds up is saved; the largest share becomes its main stream, and the change is kept
    assert client.post(edit, form(tree_a, abg_share="40", mainstream_share="60")).status_code == 302
    tree_a.commission.refresh_from_db()
    assert tree_a.commission.funding == Commission.Funding.MAINSTREAM
    assert tree_a.commission.funding_display == "Mainstream budget 60%, Area Based Grant 40%"
    assert tree_a.commission.history.count() == 2
    page = client.get(url("detail", tree_a, commission_id=tree_a.commission.pk)).content.decode()
    assert "Mainstream budget 60%, Area Based Grant 40%" in page


def test_every_total_by_stream_takes_its_share_of_a_split_commission(tree_a):
    joint = make_commission(tree_a, "Joint Stop Smoking Service", profile=[(Q1, 10000)])
    Commission.objects.filter(pk=joint.pk).update(abg_share=40, mainstream_share=60, funding="mainstream")
    make_spend(joint, Q1, 8000)
    abg_only = make_commission(tree_a, "Leisure Passes", profile=[(Q1, 1000)])
    make_spend(abg_only, Q1, 1000)
    streams = {row["stream"]: row for row in spend_by_stream(tree_a.partnership, Q1)}
    assert (streams["abg"]["profile_to_date"], streams["abg"]["spend_to_date"]) == (5000.0, 4200.0)
    assert (streams["mainstream"]["profile_to_date"], streams["mainstream"]["spend_to_date"]) == (6000.0, 4800.0)
    assert (streams["abg"]["commissions"], streams["mainstream"]["commissions"]) == (2, 1)
    # and the finance report, from plain values
    zero = {"match_cash": D(0), "match_in_kind": D(0), "match_leverage": D(0)}
    data = finance_figures(
        Q1,
        [
            {
                "id": 1,
                "name": "Joint",
                "theme": "T",
                "kind": "commission",
                "funding": "mainstream",
                "funding_label": "Mainstream budget 60%, Area Based Grant 40%",
                "fractions": {"mainstream": D("0.6"), "abg": D("0.4")},
            }
        ],
        {1: {Q1: D(10000)}},
        {1: {Q1: {**zero, "actual_spend": D(8000), "match_cash": D(100)}}},
    )
    abg, mainstream = data["streams"]
    assert abg["stream"] == "abg" and abg["total"]["quarter_spend"] == D(3200) and abg["total"]["match_cash"] == D(40)
    assert mainstream["total"]["quarter_profile"] == D(6000) and data["total"]["quarter_spend"] == D(8000)
