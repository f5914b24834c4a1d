"""Escalation, action and risk lists: filters, CSV export, and query counts that do not grow."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from escalation.models import Action, Escalation, Risk
from escalation.services import decisions
from escalation.services.decisions import open_by_hand, set_route

from ..builders import make_indicator

pytestmark = pytest.mark.usefixtures("escalations_a")

TODAY = timezone.localdate()


def add_escalations(tree, count, start=0):
    """Escalations at stages 1-3, referred up the route, each with an action and a risk."""
    set_route(tree.partnership, ["Performance Board", "Scrutiny"])
    for n in range(start, start + count):
        indicator = make_indicator(tree, f"L {n:03}", outcome_lead=tree.members["outcome_lead"])
        escalation = open_by_hand(tree.partnership, indicator, stage=n % 3 + 1, evidence="x", user=None)
        decisions.refer_up(escalation, user=None)
        Action.objects.create(
            escalation=escalation,
            stage=1,
            lead=tree.members["officer"],
            due_date=TODAY - dt.timedelta(days=n % 2),
            description="a b c d e",
            measure="1",
            resources="r",
        )
        risk = Risk.objects.create(
            partnership=tree.partnership,
            title=f"Risk {n}",
            likelihood=n % 5 + 1,
            impact=5,
            owner=tree.members["officer"],
            mitigation="m",
            review_date=TODAY + dt.timedelta(days=n - 3),
        )
        risk.themes.add(tree.theme)
        risk.indicators.add(indicator)


def rows(response):
    return [row.record for row in response.context["table"].rows]


@pytest.mark.parametrize(
    "path",
    [
        "/p/alpha/escalation/",
        "/p/alpha/escalation/actions/",
        "/p/alpha/escalation/risks/",
        "/p/alpha/escalation/?export=csv",
        "/p/alpha/escalation/risks/?export=csv",
        "/p/alpha/escalation/route/",
        "/p/alpha/escalation/report/",
    ],
)
def test_query_counts_do_not_grow_with_rows(as_plain, tree_a, django_assert_max_num_queries, path):
    add_escalations(tree_a, 2)
    with CaptureQueriesContext(connection) as few:
        assert as_plain.get(path).status_code == 200
    add_escalations(tree_a, 12, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_plain.get(path)
    assert response.status_code == 200


def test_escalations_filter_by_stage_theme_owner_overdue_and_status(as_plain, tree_a):
    add_escalations(tree_a, 3)
    lead = tree_a.members["outcome_lead"]
    assert {e.stage for e in rows(as_plain.get("/p/alpha/escalation/", {"stage": 2}))} == {2}
    assert len(rows(as_plain.get("/p/alpha/escalation/", {"theme": tree_a.theme.pk}))) == 4
    assert rows(as_plain.get("/p/alpha/escalation/", {"theme": tree_a.other_theme.pk})) == []
    assert {e.owner_member for e in rows(as_plain.get("/p/alpha/escalation/", {"owner": lead.pk}))} == {lead}
    assert {
        e.owner_board for e in rows(as_plain.get("/p/alpha/escalation/", {"owner_board": tree_a.theme_board.pk}))
    } == {tree_a.theme_board}
    # overdue: a report-back date in the past
    Escalation.objects.filter(pk=tree_a.escalation.pk).update(report_due=TODAY - dt.timedelta(days=1))
    overdue = as_plain.get("/p/alpha/escalation/", {"overdue": "on"})
    assert [e.pk for e in rows(overdue)] == [tree_a.escalation.pk]
    assert "Overdue" in overdue.content.decode()
    decisions.close(tree_a.escalation, user=None, decision="Done")
    assert [e.pk for e in rows(as_plain.get("/p/alpha/escalation/", {"status": "closed"}))] == [tree_a.escalation.pk]
    assert [e.indicator.code for e in rows(as_plain.get("/p/alpha/escalation/", {"q": "L 001"}))] == ["L 001"]


def test_filter_choices_come_from_the_partnership_only(as_plain, tree_a, tree_b):
    response = as_plain.get("/p/alpha/escalation/", {"theme": tree_b.theme.pk})
    assert "Select a valid choice" in response.content.decode()
    form = as_plain.get("/p/alpha/escalation/risks/").context["filter"].form
    assert set(form.fields["theme"].queryset) == {tree_a.theme, tree_a.other_theme}


def test_the_escalations_csv_has_the_rows_in_words(as_plain, tree_a):
    add_escalations(tree_a, 2)
    response = as_plain.get("/p/alpha/escalation/", {"export": "csv", "stage": 1})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="alpha-escalations.csv"' in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0][:4] == ["Indicator", "Theme", "Stage", "Status"]
    assert sorted(row[0] for row in table[1:]) == ["L 000 Indicator L 000", "NI 112 Under 18 conception rate"]
    assert all(row[2] == "Stage 1" and row[3] == "Open" for row in table[1:])


def test_risks_filter_by_theme_band_owner_and_review(as_plain, tree_a):
    add_escalations(tree_a, 5)
    assert {r.score for r in rows(as_plain.get("/p/alpha/escalation/risks/", {"band": "very_high"}))} == {20, 25}
    assert {r.title for r in rows(as_plain.get("/p/alpha/escalation/risks/", {"band": "medium"}))} == {"Risk 0"}
    assert len(rows(as_plain.get("/p/alpha/escalation/risks/", {"theme": tree_a.theme.pk}))) == 5
    assert len(rows(as_plain.get("/p/alpha/escalation/risks/", {"owner": tree_a.members["officer"].pk}))) == 5
    due = rows(as_plain.get("/p/alpha/escalation/risks/", {"due_for_review": "on"}))
    assert {r.title for r in due} == {"Risk 0", "Risk 1", "Risk 2", "Risk 3"}


def test_the_risk_list_shows_the_heat_map_and_highlights_20_or_more(as_plain, tree_a):
    response = as_plain.get("/p/alpha/escalation/risks/")
    html = response.content.decode()
    assert 'class="app-heatmap"' in html and 'data-likelihood="4" data-impact="5" data-count="1"' in html
    assert "Very high" in html and "govuk-tag--red" in html
    csv_text = as_plain.get("/p/alpha/escalation/risks/", {"export": "csv"}).content.decode()
    assert "Grant reduced mid-year,20," in csv_text


def test_the_actions_list_flags_overdue_actions(as_plain, tree_a):
    Action.objects.filter(pk=tree_a.action.pk).update(due_date=TODAY - dt.timedelta(days=3))
    response = as_plain.get("/p/alpha/escalation/actions/", {"overdue": "on"})
    assert [a.pk for a in rows(response)] == [tree_a.action.pk]
    assert "Overdue" in response.content.decode()
    assert rows(as_plain.get("/p/alpha/escalation/actions/", {"lead": tree_a.members["admin"].pk})) == [tree_a.action]
    assert rows(as_plain.get("/p/alpha/escalation/actions/", {"status": "complete"})) == []
