"""The API never answers 5xx: absurd page sizes, ids, dates, figures and bodies of the wrong JSON
type are refused (or made harmless) in words, and nothing is saved or made for them. Each test
tries many values on one partnership tree (a tree per value would make the suite slow)."""

import json
from decimal import Decimal

import pytest

from indicators.models import IndicatorReturn, Period, PeriodTarget
from indicators.periods import PeriodKind, spans_in_year
from indicators.services.rounds import open_round

from ..builders import make_indicator
from .helpers import ALL_ATTESTED, entry

pytestmark = pytest.mark.usefixtures("returns_a")

HUGE = 10**24


def post_json(client, url, body):
    """`body` as the JSON text given (so NaN, 1e400, lists and bare strings go as sent)."""
    text = body if isinstance(body, str) else json.dumps(body)
    return client.generic("POST", url, text, content_type="application/json")


def refused(response, *fields):
    """A 400 in the API's shape, naming exactly `fields`."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] and set(body["errors"]) == set(fields), body
    return body


# --- pagination ----------------------------------------------------------------------------------


def test_a_huge_limit_is_cut_to_the_largest_page(tree_a, officer):
    for url in (f"/api/p/alpha/indicators/?limit={HUGE}", f"/api/p/alpha/indicators/{tree_a.indicator.pk}/results/"):
        response = officer.get(url)
        assert response.status_code == 200, url
    response = officer.get(f"/api/p/alpha/returns/?limit={HUGE}&offset=1")
    assert response.status_code == 200 and response.json()["count"] == 1 and response.json()["results"] == []
    assert "limit=500" in response.json()["previous"]


def test_garbled_limits_and_offsets_give_the_first_page(officer):
    for query in ("limit=-5", "limit=0", "limit=abc", "offset=-3", "offset=x", "limit=1e3&offset=1.5", "limit="):
        response = officer.get(f"/api/p/alpha/indicators/?{query}")
        assert response.status_code == 200, query
        assert response.json()["count"] == 1 and len(response.json()["results"]) == 1, query
    response = officer.get(f"/api/p/alpha/indicators/?offset={HUGE}")
    assert response.status_code == 200 and response.json()["results"] == []


# --- ids -----------------------------------------------------------------------------------------


def test_an_indicator_filter_beyond_any_id_is_a_400(officer):
    refused(officer.get(f"/api/p/alpha/returns/?indicator={HUGE}"), "indicator")
    refused(officer.get("/api/p/alpha/returns/?indicator=-1"), "indicator")


def test_an_indicator_id_that_is_not_one_is_a_400(tree_a, officer):
    before = IndicatorReturn.objects.count()
    for indicator in (1.5, "abc", HUGE, -1, 0, None, [1], {"id": 1}, True):
        body = {**entry(tree_a.indicator, tree_a.quarter, version=1), "indicator": indicator}
        refused(post_json(officer, "/api/p/alpha/returns/", body), "indicator")
    assert IndicatorReturn.objects.count() == before


def test_an_address_under_the_api_that_is_no_route_is_a_json_404(officer):
    for path in ("indicators/-1/", "returns/abc/", "indicators/1/nothing/", "nothing/", "returns/1/decide/x/"):
        for response in (officer.get(f"/api/p/alpha/{path}"), post_json(officer, f"/api/p/alpha/{path}", {})):
            assert response.status_code == 404, path
            assert response["Content-Type"] == "application/json"
            assert "nothing at this address" in response.json()["detail"]


def test_an_address_missing_its_final_slash_is_still_redirected(officer):
    response = officer.get("/api/p/alpha/indicators?limit=5")
    assert response.status_code == 301 and response["Location"] == "/api/p/alpha/indicators/?limit=5"
    assert officer.get("/api/p/alpha/nothing").status_code == 404


# --- dates: returns only for periods a round has opened -----------------------------------------


def test_an_absurd_period_start_is_a_400_and_makes_no_period(tree_a, officer):
    indicators = [
        make_indicator(tree_a, f"L {frequency}", unit="count", frequency=frequency, accumulation="cumulative")
        for frequency in ("monthly", "six_monthly", "annual")
    ]
    periods = Period.objects.count()
    for indicator in [tree_a.indicator, *indicators]:
        for day in ("9999-10-01", "9999-04-01", "9999-01-01", "9999-12-01", "0001-01-01", "0001-04-01"):
            body = {**entry(indicator, tree_a.quarter), "period_start": day}
            message = refused(post_json(officer, "/api/p/alpha/returns/", body), "period_start")["errors"]
            assert "are not open" in message["period_start"] or "does not start" in message["period_start"]
    assert Period.objects.count() == periods
    assert IndicatorReturn.objects.count() == 1


def test_the_period_filter_takes_any_date(officer):
    periods = Period.objects.count()
    for day in ("9999-10-01", "0001-01-01", "9999-12-31"):
        response = officer.get(f"/api/p/alpha/returns/?period={day}")
        assert response.status_code == 200 and response.json()["count"] == 0
    assert Period.objects.count() == periods


def test_a_date_that_is_no_date_is_a_400(tree_a, officer):
    for day in ("10000-01-01", "2026-02-30", "0000-01-01", "yesterday", "2026-13-01"):
        refused(officer.get(f"/api/p/alpha/returns/?period={day}"), "period")
        body = {**entry(tree_a.indicator, tree_a.quarter), "period_start": day}
        refused(post_json(officer, "/api/p/alpha/returns/", body), "period_start")


# --- figures ---------------------------------------------------------------------------------


def test_a_figure_that_is_no_finite_number_is_refused(tree_a, officer):
    for value in ('"NaN"', '"Infinity"', '"-Infinity"', '"sNaN"', '"1e400"', "1e400", "-1e400", '"1e-400"', "[]"):
        body = json.dumps(entry(tree_a.indicator, tree_a.quarter, version=1)).replace('"42"', value)
        refused(post_json(officer, "/api/p/alpha/returns/", body), "value")
    for constant in ("NaN", "Infinity", "-Infinity"):  # not JSON at all
        body = json.dumps(entry(tree_a.indicator, tree_a.quarter, version=1)).replace('"42"', constant)
        errors = refused(post_json(officer, "/api/p/alpha/returns/", body), "non_field_errors")["errors"]
        assert "JSON parse error" in errors["non_field_errors"]
    tree_a.indicator_return.refresh_from_db()
    assert tree_a.indicator_return.value == 50 and tree_a.indicator_return.version == 1


def test_a_projection_of_extreme_figures_is_shown_not_a_500(tree_a, officer):
    """projected = year to date x annual target / profiled target so far: here 4x10^10 x 10^10 /
    10^-4, more digits (to 4 places) than decimal's default context rounds in."""
    fy = tree_a.quarter.financial_year - 1  # a whole year of results, whatever the date today
    big = Decimal("9999999999")
    quarters = spans_in_year(fy, PeriodKind.QUARTER)
    indicator = make_indicator(
        tree_a,
        "L 99",
        unit="count",
        polarity="higher",
        accumulation="cumulative",
        targets=[(fy, big, None)],
        results=[(quarter, big) for quarter in quarters],
    )
    PeriodTarget.objects.create(indicator=indicator, period=Period.objects.for_span(quarters[-1]), value="0.0001")
    response = officer.get(f"/api/p/alpha/indicators/{indicator.pk}/")
    assert response.status_code == 200
    assert Decimal(response.json()["current"]["projected"]) > 10**24
    assert officer.get("/api/p/alpha/indicators/").status_code == 200


# --- bodies of the wrong JSON type ---------------------------------------------------------------


def test_a_body_that_is_not_an_object_is_a_400(tree_a, officer, coordinator):
    decide = f"/api/p/alpha/returns/{tree_a.indicator_return.pk}/decide/"
    for body in ("[1, 2]", '"a string"', "7", "null", "true", "[]"):
        refused(post_json(officer, "/api/p/alpha/returns/", body), "non_field_errors")
        refused(post_json(coordinator, decide, body), "non_field_errors")


def test_the_token_endpoint_takes_a_body_of_any_type_without_failing(client, tree_a):
    for body in ("[1, 2]", '"a string"', "7", "null", '{"username": ["officer_a"], "password": 1}'):
        response = client.generic("POST", "/api/token/", body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["detail"] and response.json()["errors"]


def test_attestations_of_the_wrong_type_are_a_400(tree_a, officer):
    for attestations in ([True] * 6, "all", {"accurate": "maybe"}, {"accurate": None}, {"accurate": [True]}):
        body = entry(tree_a.indicator, tree_a.quarter, version=1, action="submit", attestations=attestations)
        response = post_json(officer, "/api/p/alpha/returns/", body)
        assert response.status_code == 400, attestations
        errors = response.json()["errors"]
        assert errors and all(name.startswith("attestations.") for name in errors), errors
    tree_a.indicator_return.refresh_from_db()
    assert tree_a.indicator_return.state == "draft"


def test_attestations_may_be_given_as_the_words_true_and_false(tree_a, officer):
    attestations = {name: "true" for name in ALL_ATTESTED}
    body = entry(tree_a.indicator, tree_a.quarter, version=1, action="submit", attestations=attestations)
    response = post_json(officer, "/api/p/alpha/returns/", body)
    assert response.status_code == 200 and response.json()["attestations"] == ALL_ATTESTED


def test_other_fields_of_the_wrong_type_or_size_are_a_400(tree_a, officer, coordinator):
    for change in ({"version": HUGE}, {"version": -1}, {"commentary": {"a": 1}}, {"commentary": "\x00"}):
        refused(
            post_json(officer, "/api/p/alpha/returns/", {**entry(tree_a.indicator, tree_a.quarter), **change}), *change
        )
    decide = f"/api/p/alpha/returns/{tree_a.indicator_return.pk}/decide/"
    for change in ({"version": HUGE}, {"version": -1}, {"reason": ["x"]}, {"action": 1}):
        refused(post_json(coordinator, decide, {"action": "approve", **change}), *change)
    tree_a.indicator_return.refresh_from_db()
    assert tree_a.indicator_return.version == 1


def test_a_body_that_is_not_json_or_a_form_is_a_415(tree_a, officer):
    open_round(tree_a.partnership, tree_a.quarter.previous())
    for content_type in ("text/plain", "application/xml"):
        response = officer.generic("POST", "/api/p/alpha/returns/", "indicator=1", content_type=content_type)
        assert response.status_code == 415
        assert set(response.json()) == {"detail"} and "Unsupported media type" in response.json()["detail"]
    assert not IndicatorReturn.objects.filter(period__start=tree_a.quarter.previous().start).exists()
