"""A rating (red, amber, green: seed 002's GOL rating) is entered, stored, judged and shown as a rating."""

from decimal import Decimal

import pytest

from indicators.models import IndicatorReturn, Period
from indicators.spreadsheets.cells import CellProblem, parse_rating

from ..builders import make_indicator
from .return_helpers import ALL_SIX, as_member, post


@pytest.fixture
def gol(returns_a):
    fy = returns_a.quarter.financial_year
    return make_indicator(
        returns_a, "HSP S2", unit="rating", polarity="higher", title="GOL rating", targets=[(fy, 3, None)]
    )


def test_an_officer_chooses_the_rating_by_its_word(client, returns_a, gol):
    as_member(client, returns_a, "officer")
    page = client.get(f"/p/alpha/returns/{gol.pk}/{Period.objects.for_span(returns_a.quarter).pk}/").content.decode()
    assert 'type="radio"' in page and ">Amber</label>" in page
    post(client, returns_a, gol, value="2", action="save")
    assert IndicatorReturn.objects.get(indicator=gol).value == 2


def test_an_amber_rating_against_green_needs_its_reason_like_any_amber(client, returns_a, gol):
    as_member(client, returns_a, "officer")
    response = post(client, returns_a, gol, value="2", action="submit", **ALL_SIX)
    assert "Reason for variance" in response.content.decode()
    assert IndicatorReturn.objects.filter(indicator=gol, state="submitted").count() == 0


def test_a_rating_that_is_not_a_grade_is_refused(client, returns_a, gol):
    as_member(client, returns_a, "officer")
    response = post(client, returns_a, gol, value="7", action="save")
    assert response.status_code == 200
    assert not IndicatorReturn.objects.filter(indicator=gol).exists()


def test_the_targets_form_offers_the_grades(client, returns_a, gol):
    as_member(client, returns_a, "admin")
    page = client.get(f"/p/alpha/indicators/{gol.pk}/targets/").content.decode()
    assert "<select" in page and '<option value="3" selected>Green</option>' in page


@pytest.mark.parametrize(("cell", "grade"), [("Green", 3), ("amber", 2), (1, 1), ("", None), (None, None)])
def test_a_spreadsheet_cell_holds_the_word_or_the_grade(cell, grade):
    assert parse_rating(cell) == (Decimal(grade) if grade is not None else None)


def test_a_spreadsheet_cell_with_another_word_is_a_problem():
    with pytest.raises(CellProblem, match="Enter Red, Amber or Green"):
        parse_rating("Blue")


def test_the_indicator_page_shows_the_word(client, returns_a, gol):
    from indicators.models import Result

    Result.objects.create(indicator=gol, period=Period.objects.for_span(returns_a.quarter), value=2)
    as_member(client, returns_a, "plain")
    page = client.get(gol.get_absolute_url()).content.decode()
    assert "Amber" in page and "Green" in page
