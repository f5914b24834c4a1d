"""Indicators, targets and results through the API: each indicator's status, targets with their
monitoring levels, approved results only, and a query count that does not grow."""

from decimal import Decimal

import pytest

from indicators.models import AnnualTarget, Period, PeriodTarget
from indicators.periods import year_span

from ..builders import make_indicator, make_return

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


# --- indicators, targets, results -----------------------------------------------------------


@pytest.fixture
def on_target(tree_a):
    """A percentage indicator, higher is better: 85% in the latest quarter against a target of 80%."""
    fy = tree_a.quarter.financial_year
    return make_indicator(
        tree_a,
        "NI 50",
        unit="percentage",
        polarity="higher",
        title="Emotional health",
        is_laa=True,
        targets=[(fy, Decimal(80), Decimal(70))],
        results=[(tree_a.quarter, Decimal(85))],
    )


def test_the_indicator_list_shows_each_indicators_status(tree_a, officer, on_target):
    response = officer.get("/api/p/alpha/indicators/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    rows = {row["code"]: row for row in body["results"]}
    row = rows["NI 50"]
    assert row["title"] == "Emotional health" and row["unit"] == "percentage" and row["polarity"] == "higher"
    assert row["frequency"] == "quarterly" and row["accumulation"] == "snapshot" and row["is_ratio"] is False
    assert row["lead_theme"] == "well-being" and row["is_laa"] is True
    current = row["current"]
    assert current["status"] == "green" and current["status_meaning"] == "On target"
    assert current["period"] == {
        "label": tree_a.quarter.label,
        "kind": "quarter",
        "start": tree_a.quarter.start.isoformat(),
        "end": tree_a.quarter.end.isoformat(),
    }
    assert (
        Decimal(current["actual"]) == 85
        and Decimal(current["target"]) == 80
        and Decimal(current["annual_target"]) == 80
    )
    assert current["forecast"] in {"likely", "difficult", "unlikely", "unknown"}
    # no approved result yet: grey, and nothing to show for the latest period
    assert rows["NI 112"]["current"]["status"] == "grey"
    assert rows["NI 112"]["current"]["period"] is None and rows["NI 112"]["current"]["actual"] is None


def test_an_indicator_reads_the_same_on_its_own(officer, on_target):
    response = officer.get(f"/api/p/alpha/indicators/{on_target.pk}/")
    assert response.status_code == 200
    assert response.json()["code"] == "NI 50" and response.json()["current"]["status"] == "green"


def test_targets_come_with_monitoring_levels_and_periods(tree_a, officer, on_target):
    PeriodTarget.objects.create(indicator=on_target, period=Period.objects.for_span(tree_a.quarter), value=Decimal(78))
    body = officer.get(f"/api/p/alpha/indicators/{on_target.pk}/targets/").json()
    year = year_span(tree_a.quarter.financial_year)
    assert body["indicator"] == on_target.pk
    assert body["annual_targets"] == [
        {
            "period": {
                "label": year.label,
                "kind": "year",
                "start": year.start.isoformat(),
                "end": year.end.isoformat(),
            },
            "value": "80.0000",
            "monitoring_level": "70.0000",
            "agreement": "agreed",
            "proposed_by": None,
            "proposed_at": None,
            "agreed_by": None,
            "agreed_at": None,
        }
    ]
    assert [(t["period"]["label"], t["value"]) for t in body["period_targets"]] == [(tree_a.quarter.label, "78.0000")]
    assert AnnualTarget.objects.filter(indicator=on_target).count() == 1


def test_results_are_the_approved_figures_only(tree_a, officer, on_target):
    make_return(on_target, tree_a.quarter.previous(), value=Decimal(60))  # a draft: not a result
    body = officer.get(f"/api/p/alpha/indicators/{on_target.pk}/results/").json()
    assert body["count"] == 1
    result = body["results"][0]
    assert result["value"] == "85.0000" and result["period"]["label"] == tree_a.quarter.label
    assert (
        result["period"]["start"] == tree_a.quarter.start.isoformat()
        and result["period"]["end"] == tree_a.quarter.end.isoformat()
    )


def test_the_indicator_list_does_not_grow_queries_with_indicators(
    tree_a, officer, on_target, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert officer.get("/api/p/alpha/indicators/").status_code == 200
    fy = tree_a.quarter.financial_year
    for number in range(6):
        make_indicator(
            tree_a,
            f"L {number}",
            unit="count",
            accumulation="cumulative",
            targets=[(fy, 100, 90)],
            results=[(tree_a.quarter, 30), (tree_a.quarter.previous(), 20)],
        )
    with django_assert_max_num_queries(8):
        response = officer.get("/api/p/alpha/indicators/")
    assert response.json()["count"] == 8
