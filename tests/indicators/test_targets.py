"""Setting targets and monitoring levels: who may, the checks, nothing lost, no silent overwrite."""

from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import AnnualTarget, PeriodTarget
from indicators.services.targets import targets_fingerprint
from indicators.values import NUMBER_ERRORS

from ..builders import make_indicator


def years(tree):
    return tree.partnership.agreement_years(timezone.localdate())


def url(indicator):
    return f"/p/alpha/indicators/{indicator.pk}/targets/"


def post_data(indicator, tree, **values):
    data = {"fingerprint": targets_fingerprint(indicator)}
    data.update({key: str(value) for key, value in values.items()})
    return data


def test_the_outcome_lead_sets_a_three_year_trajectory_with_monitoring_levels(client, tree_a):
    # given: NI 112, a lower-is-better rate, and its Outcome Lead
    client.force_login(tree_a.members["outcome_lead"].user)
    y1, y2, y3 = years(tree_a)
    ind = tree_a.indicator
    # when
    response = client.post(
        url(ind),
        post_data(
            ind,
            tree_a,
            **{
                f"target_{y1}": "56",
                f"monitoring_{y1}": "60",
                f"target_{y2}": "52",
                f"monitoring_{y2}": "55",
                f"target_{y3}": "48",
                f"profile_{y2}_1": "54",
            },
        ),
    )
    # then
    assert response.status_code == 302
    saved = {
        t.period.span.financial_year: (t.value, t.monitoring_level) for t in ind.annual_targets.select_related("period")
    }
    assert saved == {y1: (Decimal(56), Decimal(60)), y2: (Decimal(52), Decimal(55)), y3: (Decimal(48), None)}
    assert [t.value for t in PeriodTarget.objects.filter(indicator=ind)] == [Decimal(54)]


def test_the_administrator_may_set_targets_too(as_admin, tree_a):
    assert as_admin.get(url(tree_a.indicator)).status_code == 200


@pytest.mark.parametrize("member", ["plain", "officer", "chair", "business"])
def test_others_may_not_set_targets(client, tree_a, member):
    client.force_login(tree_a.members[member].user)
    assert client.get(url(tree_a.indicator)).status_code == 403
    assert client.post(url(tree_a.indicator), {}).status_code == 403


def test_a_monitoring_level_on_the_wrong_side_is_explained_beside_it_and_nothing_typed_is_lost(as_admin, tree_a):
    y1 = years(tree_a)[0]
    ind = tree_a.indicator  # lower is better: the monitoring level must be at or above the target
    response = as_admin.post(url(ind), post_data(ind, tree_a, **{f"target_{y1}": "56", f"monitoring_{y1}": "50"}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[f"monitoring_{y1}"] == [
        "The monitoring level must be at or above the target, because lower is better for this indicator."
    ]
    html = response.content.decode()
    assert 'value="56"' in html and 'value="50"' in html and "There is a problem" in html
    assert f'href="#id_monitoring_{y1}"' in html
    assert not AnnualTarget.objects.filter(indicator=ind).exists()


def test_higher_is_better_wants_the_monitoring_level_below(as_admin, tree_a):
    y1 = years(tree_a)[0]
    ind = make_indicator(tree_a, "NI 151", unit="percentage", polarity="higher")
    response = as_admin.post(url(ind), post_data(ind, tree_a, **{f"target_{y1}": "66", f"monitoring_{y1}": "70"}))
    assert "at or below the target, because higher is better" in response.context["form"].errors[f"monitoring_{y1}"][0]


def test_numbers_and_units_are_checked(as_admin, tree_a):
    y1, y2, _ = years(tree_a)
    ind = make_indicator(tree_a, "NI 192", unit="percentage", polarity="higher")
    response = as_admin.post(
        url(ind),
        post_data(
            ind,
            tree_a,
            **{
                f"target_{y1}": "lots",
                f"target_{y2}": "140",
                f"monitoring_{y2}": "-3",
            },
        ),
    )
    errors = response.context["form"].errors
    assert errors[f"target_{y1}"] == [NUMBER_ERRORS["invalid"]]
    assert errors[f"target_{y2}"] == ["Enter a percentage between 0 and 100."]
    assert "Enter a value of 0 or more." in errors[f"monitoring_{y2}"]
    assert 'value="lots"' in response.content.decode()


def test_a_monitoring_level_or_profile_needs_a_target(as_admin, tree_a):
    y1 = years(tree_a)[0]
    ind = tree_a.indicator
    response = as_admin.post(url(ind), post_data(ind, tree_a, **{f"monitoring_{y1}": "60", f"profile_{y1}_2": "55"}))
    errors = response.context["form"].errors
    assert "before its monitoring level" in errors[f"monitoring_{y1}"][0]
    assert "before profiling it" in errors[f"profile_{y1}_2"][0]


def test_a_cumulative_profile_must_end_at_the_annual_target(as_admin, tree_a):
    y1 = years(tree_a)[0]
    ind = make_indicator(tree_a, "NI 154", unit="count", polarity="higher", accumulation="cumulative")
    response = as_admin.post(url(ind), post_data(ind, tree_a, **{f"target_{y1}": "600", f"profile_{y1}_4": "580"}))
    assert "make it 600" in response.context["form"].errors[f"profile_{y1}_4"][0]
    ok = as_admin.post(
        url(ind), post_data(ind, tree_a, **{f"target_{y1}": "600", f"profile_{y1}_1": "100", f"profile_{y1}_4": "600"})
    )
    assert ok.status_code == 302


def test_the_form_shows_the_default_profile(as_admin, tree_a):
    y1 = years(tree_a)[0]
    ind = make_indicator(
        tree_a, "NI 154", unit="count", polarity="higher", accumulation="cumulative", targets=[(y1, Decimal(600), None)]
    )
    html = as_admin.get(url(ind)).content.decode()
    assert 'placeholder="150.00"' in html and 'placeholder="600.00"' in html


def test_two_people_saving_targets_at_once_do_not_overwrite_each_other(client, tree_a):
    # given: the administrator and the Outcome Lead both open the targets form
    y1 = years(tree_a)[0]
    ind = tree_a.indicator
    opened = targets_fingerprint(ind)
    client.force_login(tree_a.members["admin"].user)
    first = client.post(url(ind), {"fingerprint": opened, f"target_{y1}": "56", f"monitoring_{y1}": "60"})
    assert first.status_code == 302
    # when: the Outcome Lead saves their copy, opened before the administrator's save
    client.force_login(tree_a.members["outcome_lead"].user)
    second = client.post(url(ind), {"fingerprint": opened, f"target_{y1}": "50", f"monitoring_{y1}": "58"})
    # then: refused, explained, with both versions on the page
    assert second.status_code == 200
    html = second.content.decode()
    assert "Someone else changed these targets" in html
    assert 'value="50"' in html and "Saved by someone else: target 56.0" in html
    assert AnnualTarget.objects.get(indicator=ind).value == Decimal(56)
    # and saving again, having seen the other version, goes through
    third = client.post(
        url(ind),
        {"fingerprint": second.context["form"].data["fingerprint"], f"target_{y1}": "50", f"monitoring_{y1}": "58"},
    )
    assert third.status_code == 302
    assert AnnualTarget.objects.get(indicator=ind).value == Decimal(50)


def test_every_change_is_kept_in_history_with_who_made_it(client, tree_a):
    y1 = years(tree_a)[0]
    ind = tree_a.indicator
    client.force_login(tree_a.members["admin"].user)
    client.post(url(ind), post_data(ind, tree_a, **{f"target_{y1}": "56"}))
    client.post(url(ind), post_data(ind, tree_a, **{f"target_{y1}": "54"}))
    # clearing the target asks first, keeping the saved target until the removal is confirmed
    asked = client.post(url(ind), post_data(ind, tree_a))
    assert asked.status_code == 200 and "target: 54.0 per 1,000" in asked.content.decode()
    assert AnnualTarget.objects.filter(indicator=ind).count() == 1
    client.post(url(ind), {**post_data(ind, tree_a), "confirm_removal": "yes"})
    history = list(AnnualTarget.history.filter(indicator_id=ind.pk).order_by("history_date"))
    assert [(h.history_type, h.value) for h in history] == [("+", Decimal(56)), ("~", Decimal(54)), ("-", Decimal(54))]
    assert {h.history_user.username for h in history} == {"admin_a"}
    html = client.get(f"/p/alpha/indicators/{ind.pk}/").content.decode()
    assert "Recent changes to targets" in html and "Deleted" in html


def test_saving_unchanged_targets_records_no_change(client, tree_a):
    y1 = years(tree_a)[0]
    ind = tree_a.indicator
    client.force_login(tree_a.members["admin"].user)
    client.post(url(ind), post_data(ind, tree_a, **{f"target_{y1}": "56"}))
    client.post(url(ind), post_data(ind, tree_a, **{f"target_{y1}": "56.0000"}))
    assert AnnualTarget.history.filter(indicator_id=ind.pk).count() == 1


def test_blanking_the_whole_form_removes_nothing_without_a_confirmation(client, tree_a):
    # given: three years of targets and monitoring levels
    ind = tree_a.indicator
    client.force_login(tree_a.members["admin"].user)
    filled = {f"target_{fy}": "50" for fy in years(tree_a)} | {f"monitoring_{fy}": "55" for fy in years(tree_a)}
    client.post(url(ind), post_data(ind, tree_a, **filled))
    assert AnnualTarget.objects.filter(indicator=ind).count() == 3
    # when: someone submits the form with every field blank
    response = client.post(url(ind), post_data(ind, tree_a))
    # then: nothing is removed; the page lists what would go and asks
    page = response.content.decode()
    assert response.status_code == 200 and "Saving will remove these saved figures" in page
    assert page.count("target: 50.0 per 1,000") == 3 and page.count("monitoring level: 55.0 per 1,000") == 3
    assert AnnualTarget.objects.filter(indicator=ind, monitoring_level=55).count() == 3
