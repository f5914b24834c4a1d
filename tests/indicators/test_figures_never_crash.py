"""Whatever is typed as a figure gets a message beside the field, never a 500: NaN, infinity and
numbers too big for the column included (the message holds a %, which Django's own check would
try to use as a format string)."""

import pytest

from indicators.values import NUMBER_ERRORS

pytestmark = pytest.mark.usefixtures("returns_a")

NOT_NUMBERS = ["NaN", "nan", "sNaN", "Infinity", "-inf", "1e400"]


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_a_return_value_that_is_not_a_number_is_explained(client, tree_a, typed):
    client.force_login(tree_a.members["officer"].user)
    url = f"/p/alpha/returns/{tree_a.indicator.pk}/{tree_a.period.pk}/"
    response = client.post(url, {"action": "save_draft", "version": 1, "value": typed, "commentary": "Kept"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["value"][0] in (NUMBER_ERRORS["invalid"], NUMBER_ERRORS["max_digits"])
    assert "Kept" in response.content.decode()
    assert client.post(f"{url}preview/", {"value": typed}).status_code == 200


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_an_indicators_baseline_that_is_not_a_number_is_explained(client, tree_a, typed):
    client.force_login(tree_a.members["admin"].user)
    response = client.post(f"/p/alpha/indicators/{tree_a.indicator.pk}/edit/", {"baseline_value": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["baseline_value"][0] in (
        NUMBER_ERRORS["invalid"],
        NUMBER_ERRORS["max_digits"],
    )


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_a_target_that_is_not_a_number_is_explained(client, tree_a, typed):
    client.force_login(tree_a.members["admin"].user)
    fy = tree_a.quarter.financial_year
    response = client.post(f"/p/alpha/indicators/{tree_a.indicator.pk}/targets/", {f"target_{fy}": typed})
    assert response.status_code == 200
    assert response.context["form"].errors[f"target_{fy}"][0] in (NUMBER_ERRORS["invalid"], NUMBER_ERRORS["max_digits"])
