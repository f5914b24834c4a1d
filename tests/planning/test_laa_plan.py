"""The plans list and the partnership's LAA action plan, assembled from approved plans only."""

import io

from django.urls import reverse
from pypdf import PdfReader

from planning.models import PlanState
from planning.services.laa_plan import laa_plan_data
from tests.builders import make_indicator, make_plan


def test_the_laa_plan_holds_only_approved_theme_plans(boards_a):
    approved = make_plan(boards_a, state=PlanState.APPROVED, items=2)
    data = laa_plan_data(boards_a.partnership, approved.financial_year)
    assert [theme["theme"] for theme in data["themes"]] == ["Well-Being"] and data["targets"] == 2
    assert data["waiting"] == [{"theme": "Enterprise", "state": "Not started"}]
    approved.state = PlanState.RECOMMENDED
    approved.save()
    data = laa_plan_data(boards_a.partnership, approved.financial_year)
    waiting = {row["theme"]: row["state"] for row in data["waiting"]}
    assert data["themes"] == [] and waiting["Well-Being"] == "Recommended to the partnership board"


def test_the_laa_plan_names_the_designated_indicators_no_approved_plan_covers(boards_a):
    # given: A's NI 112 designated and in Well-Being's approved plan, NI 116 designated and in no plan
    boards_a.indicator.is_laa = True
    boards_a.indicator.save()
    make_indicator(boards_a, "NI 116", is_laa=True, title="Children in poverty", lead_theme=boards_a.other_theme)
    make_indicator(boards_a, "L 1", title="Not designated", lead_theme=boards_a.other_theme)
    plan = make_plan(boards_a, state=PlanState.APPROVED)
    # when / then: only NI 116 is missing from the plan
    designated = laa_plan_data(boards_a.partnership, plan.financial_year)["designated"]
    assert designated == {
        "count": 2,
        "uncovered": [{"code": "NI 116", "title": "Children in poverty", "theme": "Enterprise"}],
    }


def test_the_plans_list_and_the_laa_plan_take_a_fixed_number_of_queries(
    client, boards_a, django_assert_max_num_queries
):
    for fy in (2026, 2027, 2028):
        make_plan(boards_a, state=PlanState.APPROVED, financial_year=fy, items=3)
    client.force_login(boards_a.members["board"].user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("planning:plans", args=["alpha"])).status_code == 200
    with django_assert_max_num_queries(12):
        page = client.get(reverse("planning:laa_plan", args=["alpha", 2027]))
    assert page.status_code == 200 and b"Run weekly drop-in sessions" in page.content


def test_the_laa_plan_pdf_is_tagged_and_carries_the_items(client, boards_a):
    plan = make_plan(boards_a, state=PlanState.APPROVED)
    client.force_login(boards_a.members["plain"].user)
    response = client.get(reverse("planning:laa_plan_pdf", args=["alpha", plan.financial_year]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert "Run weekly drop-in" in reader.pages[0].extract_text()
