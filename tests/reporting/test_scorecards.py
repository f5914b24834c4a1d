"""The scorecards' data (reporting.services.scorecards): grouping by perspective and objective, the
counts, owners and baselines; rows frozen with the quarter's snapshots against rows worked out live;
a target changed after the snapshot does not re-colour what the board was shown; a theme's
scorecard holds only the indicators it leads; a fixed number of queries."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from indicators.periods import PeriodKind, Span, latest_ended
from indicators.status import Forecast
from reporting.models import ThemeSnapshot
from reporting.services.scorecards import (
    OTHER_INDICATORS,
    partnership_scorecard,
    scorecard_quarters,
    theme_scorecard,
)

from ..builders import make_indicator
from .scorecard_tree import Q2, Q3, change_target, freeze, rows, with_scorecard


@pytest.fixture
def card(tree_a):
    return with_scorecard(tree_a)


def counts(green=0, amber=0, red=0, grey=0):
    return {"green": green, "amber": amber, "red": red, "grey": grey}


# --- grouping, counts, owners, baselines -----------------------------------------------------


def test_the_partnership_scorecard_groups_by_perspective_then_objective_with_counts(card):
    data = partnership_scorecard(card.partnership, Q3)

    assert [p["title"] for p in data["perspectives"]] == ["Resources", "People", "Service Development"]
    resources, people, service = data["perspectives"]
    assert [o["title"] for o in people["objectives"]] == ["Make up of the HSP is reflective of the community"]
    assert [r["code"] for r in people["objectives"][0]["rows"]] == ["HSP P1", "HSP P2"]
    assert resources["counts"] == counts(green=1) and resources["total"] == 1
    assert people["counts"] == people["objectives"][0]["counts"] == counts(amber=1, red=1)
    assert service["counts"] == counts(grey=1)
    assert data["counts"] == counts(green=1, amber=1, red=1, grey=1) and data["total"] == 4
    # the partnership's scorecard is its objectives' indicators: NI 112 has none
    assert "NI 112" not in rows(data) and data["other"] is None
    assert data["quarter"] == "Q3 2025/26" and data["as_of"] == "2026-01-01"
    assert data["title"] == "Partnership scorecard"


def test_each_row_has_its_owner_baseline_period_figures_status_direction_and_forecast(card):
    found = rows(partnership_scorecard(card.partnership, Q3))

    bme = found["HSP P1"]
    assert bme["owner"] == card.members["outcome_lead"].display_name  # the indicator's Outcome Lead
    assert bme["baseline"] == "18.0% (2006/07)"
    assert (bme["period"], bme["actual_display"], bme["target_display"]) == ("Q3 2025/26", "21.0%", "22.0%")
    assert (bme["status"], bme["status_label"], bme["status_meaning"]) == (
        "amber",
        "Amber",
        "Below target, within monitoring level",
    )
    assert bme["direction"] == "unchanged" and bme["direction_label"] == "No change"  # 21% in Q2 and Q3
    assert bme["forecast"] in Forecast.values and bme["forecast_label"] == Forecast(bme["forecast"]).label
    assert bme["source"] == "live" and bme["source_label"] == "Live"
    # no Outcome Lead: the objective's owner
    assert found["HSP P2"]["owner"] == card.members["chair"].display_name
    assert found["HSP R1"]["baseline"] == "Profiles to be established"
    grey = found["HSP S1"]
    assert (grey["status"], grey["period"], grey["actual_display"], grey["owner"]) == ("grey", "", "–", "")
    assert grey["baseline"] == "2/22"


def test_a_baseline_note_that_repeats_the_value_is_said_once(card):
    card.bme.baseline_note = "18.0%"
    card.bme.save()
    assert rows(partnership_scorecard(card.partnership, Q3))["HSP P1"]["baseline"] == "18.0% (2006/07)"
    card.bme.baseline_note = "From the 2006 monitoring form"
    card.bme.save()
    baseline = rows(partnership_scorecard(card.partnership, Q3))["HSP P1"]["baseline"]
    assert baseline == "18.0% (2006/07); From the 2006 monitoring form"


def test_the_data_is_plain_json(card):
    data = partnership_scorecard(card.partnership, Q3)
    assert json.loads(json.dumps(data)) == data


def test_a_theme_scorecard_holds_only_the_indicators_it_leads_with_the_rest_under_other(card):
    enterprise = theme_scorecard(card.other_theme, Q3)
    assert set(rows(enterprise)) == {"HSP P2", "HSP S1"}
    assert enterprise["title"] == "Enterprise scorecard" and enterprise["other"] is None

    well_being = theme_scorecard(card.theme, Q3)
    assert set(rows(well_being)) == {"HSP R1", "HSP P1", "NI 112"}
    assert [p["title"] for p in well_being["perspectives"]] == ["Resources", "People"]
    assert well_being["other"]["title"] == OTHER_INDICATORS
    assert [r["code"] for r in well_being["other"]["rows"]] == ["NI 112"]
    assert well_being["counts"] == counts(green=1, amber=1, grey=1)


def test_a_theme_that_leads_nothing_has_an_empty_scorecard(card):
    card.bme.lead_theme = card.spend.lead_theme = card.other_theme
    card.bme.save()
    card.spend.save()
    card.indicator.delete()
    data = theme_scorecard(card.theme, Q3)
    assert data["perspectives"] == [] and data["other"] is None and data["total"] == 0


# --- what a board was shown never changes ----------------------------------------------------


def test_a_frozen_quarter_takes_each_row_from_its_lead_themes_snapshot(card):
    freeze(card, Q3)
    data = partnership_scorecard(card.partnership, Q3)
    found = rows(data)
    assert {row["source"] for row in found.values()} == {"frozen"}
    assert data["frozen_rows"] == 4 and data["live_rows"] == 0 and data["frozen_on"]
    assert found["HSP P1"]["source_label"] == "As reported to the board"
    snapshot = ThemeSnapshot.objects.get(cycle__period__start=Q3.start, theme=card.theme)
    frozen = next(row for row in snapshot.data["indicators"] if row["code"] == "HSP P1")
    for key in ("status", "actual_display", "target_display", "period", "forecast", "direction"):
        assert found["HSP P1"][key] == frozen[key], key


def test_an_indicator_added_after_the_snapshot_is_worked_out_live(card):
    freeze(card, Q3)
    make_indicator(
        card,
        "HSP P3",
        title="The % female members in the HSP",
        unit="percentage",
        polarity="higher",
        objective=card.people,
        targets=[(2025, Decimal(50), Decimal(45))],
        results=[(Q3, Decimal(52))],
    )
    found = rows(partnership_scorecard(card.partnership, Q3))
    assert found["HSP P3"]["source"] == "live" and found["HSP P3"]["status"] == "green"
    assert found["HSP P1"]["source"] == "frozen"


def test_the_latest_version_of_each_snapshot_is_the_one_shown(card):
    cycle = freeze(card, Q3)
    first = ThemeSnapshot.objects.get(cycle=cycle, theme=card.theme)
    data = json.loads(json.dumps(first.data))
    for row in data["indicators"]:
        if row["code"] == "HSP P1":
            row.update(status="green", actual_display="99.0%")
    ThemeSnapshot.objects.create(cycle=cycle, theme=card.theme, version=2, reason="Late approval", data=data)
    bme = rows(partnership_scorecard(card.partnership, Q3))["HSP P1"]
    assert (bme["status"], bme["actual_display"], bme["snapshot_version"]) == ("green", "99.0%", 2)


def test_a_changed_target_does_not_recolour_a_frozen_quarter_but_an_unfrozen_one_follows_it(card):
    # given: Q3 frozen with HSP P1 at amber (21% against 22%, monitoring level 20%); Q2 never frozen
    freeze(card, Q3)
    assert rows(partnership_scorecard(card.partnership, Q3))["HSP P1"]["status"] == "amber"
    assert rows(partnership_scorecard(card.partnership, Q2))["HSP P1"]["status"] == "amber"

    # when: the year's target is raised to 30% (monitoring level 28%) after the snapshot
    change_target(card.bme, 30, 28)

    # then: Q3 shows what the board was shown; Q2, worked out live, is judged on the new target
    frozen = rows(partnership_scorecard(card.partnership, Q3))["HSP P1"]
    assert (frozen["status"], frozen["target_display"], frozen["source"]) == ("amber", "22.0%", "frozen")
    live = rows(partnership_scorecard(card.partnership, Q2))["HSP P1"]
    assert (live["status"], live["target_display"], live["source"]) == ("red", "30.0%", "live")
    # and the theme's scorecard agrees with the partnership's
    assert rows(theme_scorecard(card.theme, Q3))["HSP P1"]["status"] == "amber"
    assert rows(theme_scorecard(card.theme, Q2))["HSP P1"]["status"] == "red"


def test_a_result_changed_after_the_snapshot_does_not_change_the_frozen_figures(card):
    freeze(card, Q3)
    card.young.results.filter(period__start=Q3.start).update(value=Decimal(50))
    young = rows(partnership_scorecard(card.partnership, Q3))["HSP P2"]
    assert (young["status"], young["actual_display"]) == ("red", "5.0%")


def test_figures_are_as_at_the_quarters_end(card):
    # a result for the quarter after is not counted in Q3
    make_indicator(card, "HSP C1", title="Later", objective=card.people, results=[(Q3.next(), Decimal(1))])
    later = rows(partnership_scorecard(card.partnership, Q3))["HSP C1"]
    assert later["period"] == "" and later["status"] == "grey"


# --- queries ---------------------------------------------------------------------------------


def more_indicators(tree, start, count):
    for i in range(start, start + count):
        make_indicator(
            tree,
            f"HSP X{i:02d}",
            title=f"Extra {i}",
            unit="percentage",
            polarity="higher",
            objective=tree.people if i % 2 else tree.resources,
            lead_theme=tree.theme if i % 3 else tree.other_theme,
            targets=[(2025, Decimal(50), Decimal(45))],
            results=[(Q3, Decimal(40 + i))],
        )


@pytest.mark.parametrize("frozen", [False, True])
def test_a_fixed_number_of_queries_whatever_the_number_of_indicators(card, frozen, django_assert_max_num_queries):
    if frozen:
        freeze(card, Q3)
    more_indicators(card, 0, 2)  # some live rows in either case
    with django_assert_max_num_queries(12) as few:
        partnership_scorecard(card.partnership, Q3)
        theme_scorecard(card.theme, Q3)
    more_indicators(card, 10, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = partnership_scorecard(card.partnership, Q3)
        theme_scorecard(card.theme, Q3)
    assert data["total"] == 4 + 2 + 20


# --- which quarters --------------------------------------------------------------------------


def test_the_quarters_offered_are_those_with_results_or_cycles_and_the_latest_ended(card):
    today = dt.date(2026, 5, 20)
    latest = latest_ended(PeriodKind.QUARTER, today)
    freeze(card, Span(PeriodKind.QUARTER, dt.date(2024, 4, 1)))
    quarters = scorecard_quarters(card.partnership, today)
    assert quarters[0] == latest
    assert Q3 in quarters and Q2 in quarters and Span(PeriodKind.QUARTER, dt.date(2024, 4, 1)) in quarters
    assert quarters == sorted(quarters, reverse=True)
    # not a quarter that has not ended
    earlier = scorecard_quarters(card.partnership, Q3.end)
    assert Q3 not in earlier and earlier[0] == Q2 == latest_ended(PeriodKind.QUARTER, Q3.end)
