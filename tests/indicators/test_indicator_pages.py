"""Indicator list, detail, catalogue and indicator forms: they work, are scoped, check roles,
explain bad input, and the list's query count does not grow with indicators."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import Indicator
from indicators.periods import PeriodKind, latest_ended, span_containing
from partnership.models import Objective, Perspective
from partnership.roles import Role

from ..builders import make_indicator, make_member, make_user


def this_fy():
    today = timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


@pytest.fixture
def reported(tree_a):
    """A quarterly rate (lower is better) with this year's target and last quarter's result off target."""
    quarter = latest_ended(PeriodKind.QUARTER, timezone.localdate())
    return make_indicator(
        tree_a,
        "L 01",
        title="Repeat victimisation",
        polarity="lower",
        unit="percentage",
        is_laa=True,
        targets=[(quarter.financial_year, Decimal("20"), Decimal("24"))],
        results=[(quarter.previous(), Decimal("21")), (quarter, Decimal("26"))],
    )


def rows(response):
    return [row.record.code for row in response.context["table"].rows]


def test_the_list_shows_latest_actual_target_status_and_forecast(as_plain, reported):
    response = as_plain.get("/p/alpha/indicators/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Repeat victimisation",
        "26.0%",
        "20.0%",
        "Red",
        "Below monitoring level",
        "Worsening",
        "Achievement unlikely",
        "<svg",
    ]:
        assert text in html, text
    assert set(rows(response)) == {"NI 112", "L 01"}


def test_the_list_filters_by_status_theme_laa_frequency_lead_and_perspective(as_plain, tree_a, reported):
    objective = Objective.objects.create(
        partnership=tree_a.partnership, perspective=Perspective.RESOURCES, title="Spend well"
    )
    reported.objective = objective
    reported.save()
    assert rows(as_plain.get("/p/alpha/indicators/", {"status": "red"})) == ["L 01"]
    assert rows(as_plain.get("/p/alpha/indicators/", {"status": "grey"})) == ["NI 112"]
    assert rows(as_plain.get("/p/alpha/indicators/", {"laa_only": "on"})) == ["L 01"]
    assert rows(as_plain.get("/p/alpha/indicators/", {"perspective": Perspective.RESOURCES})) == ["L 01"]
    assert rows(as_plain.get("/p/alpha/indicators/", {"outcome_lead": tree_a.members["outcome_lead"].pk})) == ["NI 112"]
    assert rows(as_plain.get("/p/alpha/indicators/", {"frequency": "annual"})) == []
    assert rows(as_plain.get("/p/alpha/indicators/", {"theme": tree_a.other_theme.pk})) == []
    reported.contributing_themes.add(tree_a.other_theme)
    assert rows(as_plain.get("/p/alpha/indicators/", {"theme": tree_a.other_theme.pk})) == ["L 01"]
    assert rows(as_plain.get("/p/alpha/indicators/", {"q": "victim"})) == ["L 01"]


def test_the_list_sorts_by_status(as_plain, reported):
    worst_first = rows(as_plain.get("/p/alpha/indicators/", {"sort": "status"}))
    assert worst_first == ["NI 112", "L 01"]  # grey ranks below red so it is never hidden among greens
    assert rows(as_plain.get("/p/alpha/indicators/", {"sort": "-status"})) == ["L 01", "NI 112"]


def test_the_list_exports_csv_with_words_not_markup(as_plain, reported):
    response = as_plain.get("/p/alpha/indicators/", {"export": "csv"})
    data = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(r for r in data if r["Code"] == "L 01")
    assert row["Status"] == "Red: Below monitoring level"
    assert row["Year-end forecast"] == "Achievement unlikely"
    assert "Trend" not in row


def test_filter_choices_are_scoped(as_plain, tree_b):
    html = as_plain.get("/p/alpha/indicators/").content.decode()
    assert "Beta" not in html
    response = as_plain.get("/p/alpha/indicators/", {"theme": tree_b.theme.pk})
    assert "Select a valid choice" in response.content.decode()


def test_the_list_query_count_does_not_grow_with_indicators(as_plain, tree_a, django_assert_max_num_queries):
    quarter = latest_ended(PeriodKind.QUARTER, timezone.localdate())
    make_indicator(tree_a, "X 0", targets=[(quarter.financial_year, 10, 12)], results=[(quarter, 11)])
    with django_assert_max_num_queries(20) as few:
        as_plain.get("/p/alpha/indicators/")
    for i in range(1, 25):
        indicator = make_indicator(
            tree_a, f"X {i}", targets=[(quarter.financial_year, 10, 12)], results=[(quarter, 11)]
        )
        indicator.contributing_themes.add(tree_a.other_theme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_plain.get("/p/alpha/indicators/")
    assert len(response.context["table"].rows) == 26


def test_the_detail_page_shows_targets_results_history_and_chart(as_plain, reported):
    response = as_plain.get(f"/p/alpha/indicators/{reported.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    quarter = latest_ended(PeriodKind.QUARTER, timezone.localdate())
    assert quarter.label in html and "26.0%" in html and "24.0%" in html  # result and monitoring level
    assert 'role="img"' in html and "results against target" in html
    assert "Status history" in html and "Below monitoring level" in html
    assert response.context["can_set_targets"] is False


def test_the_detail_page_tells_the_outcome_lead_they_can_set_targets(client, tree_a):
    client.force_login(tree_a.members["outcome_lead"].user)
    response = client.get(f"/p/alpha/indicators/{tree_a.indicator.pk}/")
    assert response.context["can_set_targets"] is True
    assert "Set targets and monitoring levels" in response.content.decode()


def test_a_bad_indicator_id_is_404(as_plain):
    assert as_plain.get("/p/alpha/indicators/999999/").status_code == 404


# --- indicator forms ---------------------------------------------------------------------------


def indicator_post(tree, **overrides):
    data = {
        "code": "L 99",
        "title": "Residents satisfied with their area",
        "lead_theme": tree.theme.pk,
        "unit": "percentage",
        "rate_per": "1000",
        "polarity": "higher",
        "frequency": "annual",
        "accumulation": "",
    }
    data.update(overrides)
    return data


def test_an_administrator_adds_a_local_indicator_with_the_units_usual_accumulation(as_admin, tree_a):
    response = as_admin.post("/p/alpha/indicators/new/", indicator_post(tree_a, unit="count", code="L 98"))
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="L 98")
    assert (
        indicator.partnership == tree_a.partnership
        and indicator.accumulation == "cumulative"
        and indicator.catalogue is None
    )


@pytest.mark.parametrize("member", ["plain", "officer", "outcome_lead", "chair"])
def test_only_administrators_add_and_edit_indicators(client, tree_a, member):
    client.force_login(tree_a.members[member].user)
    assert client.get("/p/alpha/indicators/new/").status_code == 403
    assert client.post("/p/alpha/indicators/new/", indicator_post(tree_a)).status_code == 403
    assert client.get(f"/p/alpha/indicators/{tree_a.indicator.pk}/edit/").status_code == 403


def test_adopting_from_the_catalogue_prefills_the_form(as_admin, db):
    from indicators.models import CatalogueIndicator

    entry = CatalogueIndicator.objects.get(code="NI 192")
    response = as_admin.get(f"/p/alpha/indicators/new/?catalogue={entry.pk}")
    form = response.context["form"]
    assert (
        form.initial["code"] == "NI 192"
        and form.initial["polarity"] == "higher"
        and form.initial["unit"] == "percentage"
    )
    assert "From the national indicator set" in response.content.decode()


def test_adopting_records_the_catalogue_entry(as_admin, tree_a):
    from indicators.models import CatalogueIndicator

    entry = CatalogueIndicator.objects.get(code="NI 192")
    response = as_admin.post("/p/alpha/indicators/new/", indicator_post(tree_a, code="NI 192", catalogue=entry.pk))
    assert response.status_code == 302
    assert Indicator.objects.get(partnership=tree_a.partnership, code="NI 192").catalogue == entry


def test_indicator_form_errors_are_clear_and_keep_what_was_typed(as_admin, tree_a):
    response = as_admin.post(
        "/p/alpha/indicators/new/",
        indicator_post(tree_a, code="ni 112", baseline_value="140", contributing_themes=[tree_a.theme.pk], polarity=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["code"] == ["This partnership already has an indicator with this code."]
    assert errors["baseline_value"] == ["Enter a percentage between 0 and 100."]
    assert errors["contributing_themes"] == ["The lead theme cannot also be a contributing theme."]
    assert errors["polarity"] == ["Say whether higher or lower is better."]
    html = response.content.decode()
    assert 'value="Residents satisfied with their area"' in html and 'value="140"' in html
    assert "There is a problem" in html


def test_an_indicator_cannot_point_at_another_partnerships_theme(as_admin, tree_a, tree_b):
    response = as_admin.post("/p/alpha/indicators/new/", indicator_post(tree_a, lead_theme=tree_b.theme.pk))
    assert "Select a valid choice" in response.context["form"].errors["lead_theme"][0]


def test_editing_an_indicator(as_admin, tree_a):
    data = indicator_post(
        tree_a,
        code="NI 112",
        title="Under 18 conceptions",
        unit="rate",
        polarity="lower",
        frequency="quarterly",
        baseline_year=str(this_fy() - 3),
        baseline_value="64.7",
    )
    response = as_admin.post(f"/p/alpha/indicators/{tree_a.indicator.pk}/edit/", data)
    assert response.status_code == 302
    tree_a.indicator.refresh_from_db()
    assert tree_a.indicator.title == "Under 18 conceptions"
    assert tree_a.indicator.baseline_period.span.financial_year == this_fy() - 3


def test_the_catalogue_lists_the_national_set_and_marks_adoptions(as_admin, tree_a):
    from indicators.models import CatalogueIndicator

    tree_a.indicator.catalogue = CatalogueIndicator.objects.get(code="NI 112")
    tree_a.indicator.save()
    response = as_admin.get("/p/alpha/indicators/catalogue/", {"q": "NI 11"})
    html = response.content.decode()
    assert response.status_code == 200 and "Under 18 conception rate" in html and "Adopted" in html
    assert "?catalogue=" in html


def test_plain_members_see_the_catalogue_without_adopt_links(as_plain):
    # NI 192 is on the second page of the 77 entries: search for it.
    html = as_plain.get("/p/alpha/indicators/catalogue/", {"q": "NI 192"}).content.decode()
    assert "NI 192" in html and "?catalogue=" not in html


# --- partnership settings ------------------------------------------------------------------------


def test_an_administrator_sets_tolerance_and_agreement_years(as_admin, tree_a):
    response = as_admin.post(
        "/p/alpha/settings/",
        {
            "description": "",
            "agreement_start_year": "2025",
            "tolerance_percent": "7.5",
            "monitoring_minimum_count": "5",
        },
    )
    assert response.status_code == 302
    tree_a.partnership.refresh_from_db()
    assert tree_a.partnership.tolerance_percent == Decimal("7.5")
    assert tree_a.partnership.agreement_years(dt.date(2026, 11, 1)) == [2025, 2026, 2027]


def test_settings_explain_bad_input_and_need_the_administrator(client, tree_a):
    client.force_login(tree_a.members["admin"].user)
    response = client.post("/p/alpha/settings/", {"agreement_start_year": "twenty", "tolerance_percent": "150"})
    errors = response.context["form"].errors
    assert errors["agreement_start_year"] == ["Enter a year, like 2025."]
    assert "less than or equal to 100" in errors["tolerance_percent"][0]
    client.force_login(tree_a.members["plain"].user)
    assert client.get("/p/alpha/settings/").status_code == 403


def test_agreement_years_default_to_last_this_and_next(tree_a):
    assert tree_a.partnership.agreement_years(dt.date(2026, 11, 22)) == [2025, 2026, 2027]
    assert tree_a.partnership.agreement_years(dt.date(2027, 2, 1)) == [2025, 2026, 2027]
    assert span_containing(PeriodKind.YEAR, dt.date(2027, 2, 1)).financial_year == 2026


def test_outcome_lead_of_another_theme_is_just_a_member(client, tree_a):
    other_lead = make_member(tree_a.partnership, make_user("other_lead"), [(Role.OUTCOME_LEAD, tree_a.other_theme)])
    client.force_login(other_lead.user)
    assert client.get(f"/p/alpha/indicators/{tree_a.indicator.pk}/targets/").status_code == 403
