"""Setting how an indicator is calculated, and calculating it again by hand."""

import pytest
from django.urls import reverse

from indicators.calculations import CalculationKind
from indicators.models import CalculationSettings, ComputedValue, Indicator

from ..builders import make_indicator


def edit_url(tree, indicator):
    return reverse("indicators:calculation_edit", args=[tree.partnership.slug, indicator.pk])


def post(client, tree, indicator, **data):
    return client.post(edit_url(tree, indicator), {"indicator_set": "all", "risk_score": 20, **data})


@pytest.fixture
def total(tree_a):
    make_indicator(tree_a, "L 1", unit="count", polarity="higher", accumulation="cumulative")
    return make_indicator(tree_a, "L 3", unit="count", polarity="higher", accumulation="cumulative")


def test_an_administrator_makes_an_indicator_a_formula(client, tree_a, total):
    client.force_login(tree_a.members["admin"].user)
    response = post(client, tree_a, total, calculation="formula", formula="{L 1} + {NI 112}")
    assert response.status_code == 302
    total.refresh_from_db()
    assert total.calculation == CalculationKind.FORMULA
    assert total.calculation_settings.formula == "{L 1} + {NI 112}"
    page = client.get(total.get_absolute_url()).content.decode()
    assert "How it is calculated" in page and "The formula {L 1} + {NI 112}." in page


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("{L 3} + {L 1}", "The formula uses L 3 itself: an indicator cannot be calculated from its own value."),
        ("{L 1} + {NI 999}", "NI 999 is not an indicator of this partnership."),
        ("{L 1} ** 2", "Only + - * / and brackets may join the codes and numbers of a formula."),
    ],
)
def test_a_bad_formula_is_refused_with_a_clear_message_and_kept(client, tree_a, total, formula, message):
    client.force_login(tree_a.members["admin"].user)
    response = post(client, tree_a, total, calculation="formula", formula=formula)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and f'value="{formula}"' in html  # what they typed is still there
    total.refresh_from_db()
    assert total.calculation == CalculationKind.RETURNED


def test_a_formula_using_an_indicator_of_another_partnership_is_refused(client, tree_a, tree_b, total):
    make_indicator(tree_b, "B 7", unit="count", polarity="higher")
    client.force_login(tree_a.members["admin"].user)
    response = post(client, tree_a, total, calculation="formula", formula="{L 1} + {B 7}")
    assert "B 7 is not an indicator of this partnership." in response.content.decode()
    assert not CalculationSettings.objects.filter(indicator=total).exists()


def test_a_circle_of_formulas_is_refused(client, tree_a, total):
    other = Indicator.objects.get(code="L 1")
    other.calculation = CalculationKind.FORMULA
    other.save()
    CalculationSettings.objects.create(indicator=other, formula="{L 3} * 2")
    client.force_login(tree_a.members["admin"].user)
    response = post(client, tree_a, total, calculation="formula", formula="{L 1} + 1")
    assert "The formula goes round in a circle: L 3 → L 1 → L 3." in response.content.decode()


def test_another_partnerships_theme_cannot_be_chosen(client, tree_a, tree_b):
    share = make_indicator(tree_a, "HSP C2", unit="percentage", polarity="higher")
    client.force_login(tree_a.members["admin"].user)
    response = post(client, tree_a, share, calculation="share_green", theme=tree_b.theme.pk)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_the_kind_must_match_the_unit(client, tree_a):
    client.force_login(tree_a.members["admin"].user)
    response = post(client, tree_a, tree_a.indicator, calculation="risks")  # NI 112 is a rate
    assert "Number of risks on the register at or above a score is a count" in response.content.decode()


def test_a_calculated_indicator_takes_no_returns(client, tree_a):
    from indicators.services.returns import ReturnRefused, save_return

    tree_a.with_returns()
    tree_a.indicator_return.delete()
    measure = make_indicator(tree_a, "HSP S2", unit="count", polarity="lower", calculation="risks")
    with pytest.raises(ReturnRefused, match="calculated by the system"):
        save_return(
            indicator=measure,
            period=tree_a.period,
            data=None,
            action="save",
            user=None,
            access=None,
            expected_version=0,
        )


def test_calculating_again_by_hand_makes_a_version_only_when_something_changed(client, tree_a):
    measure = make_indicator(tree_a, "HSP S2", unit="count", polarity="lower", calculation="risks")
    CalculationSettings.objects.create(indicator=measure)
    url = reverse("reporting:calculate", args=[tree_a.partnership.slug, measure.pk])
    client.force_login(tree_a.members["admin"].user)
    first = client.post(url, follow=True).content.decode()
    assert "calculated again: version 1" in first and "0 of 0 open risks" in first
    again = client.post(url, follow=True).content.decode()
    assert "is unchanged: version 1 stands" in again
    assert ComputedValue.objects.filter(indicator=measure).count() == 1


def test_only_an_administrator_calculates_again(client, tree_a):
    measure = make_indicator(tree_a, "HSP S2", unit="count", polarity="lower", calculation="risks")
    client.force_login(tree_a.members["officer"].user)
    assert client.post(reverse("reporting:calculate", args=[tree_a.partnership.slug, measure.pk])).status_code == 403
    assert client.get(edit_url(tree_a, measure)).status_code == 403
