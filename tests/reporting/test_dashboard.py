"""The theme dashboard (HTML and one-page PDF from the same data), the project monitoring schedule
and the balanced scorecard."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from indicators.models import BudgetProfile, Commission, Period, SpendReturn
from partnership.models import Objective, Perspective

from ..builders import make_commission, make_indicator

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


def pdf_pages(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture
def busy_theme(tree_a):
    """40 indicators and 15 commissions: the most a theme's one-page dashboard must hold."""
    quarter = tree_a.quarter
    for i in range(1, 41):
        make_indicator(
            tree_a,
            f"X {i:02d}",
            title=f"Indicator number {i} with a fairly descriptive title",
            unit="percentage",
            polarity="higher",
            targets=[(quarter.financial_year, Decimal(60), Decimal(55))],
            results=[(quarter.previous(), Decimal(50 + i % 15)), (quarter, Decimal(45 + i % 20))],
        )
    for i in range(1, 16):
        commission = make_commission(tree_a, name=f"Commission {i:02d}", profile=[(quarter, Decimal(10000 * i))])
        SpendReturn.objects.create(
            commission=commission,
            period=Period.objects.for_span(quarter),
            actual_spend=Decimal(9000 * i),
            state="approved",
            version=1,
        )
    return tree_a


def test_the_dashboard_pdf_is_one_page_for_40_indicators_and_15_commissions(client, busy_theme):
    client.force_login(busy_theme.members["chair"].user)
    response = client.get("/p/alpha/themes/well-being/dashboard/pdf/")
    pages = pdf_pages(response)
    assert len(pages) == 1
    text = pages[0]
    assert "Well-Being: performance dashboard" in text
    assert "X 01" in text and "X 40" in text and "Commission 01" in text and "Commission 15" in text
    assert "Red" in text and "Green" in text  # status in words, not only colour
    assert "£150,000" in text and "£135,000" in text  # commission 15: profile and approved spend
    assert 'filename="alpha-well-being-dashboard-' in response["Content-Disposition"]


def test_the_dashboard_page_shows_the_same_figures(client, busy_theme, django_assert_max_num_queries):
    client.force_login(busy_theme.members["plain"].user)
    with django_assert_max_num_queries(26):  # computed here (cold), the commissions' indicators in one query
        response = client.get("/p/alpha/themes/well-being/dashboard/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "X 40" in html and "Below monitoring level" in html and "Commission 15" in html and "<svg" in html


def test_dashboard_queries_do_not_grow_with_indicators(client, tree_a, django_assert_max_num_queries):
    client.force_login(tree_a.members["plain"].user)
    with django_assert_max_num_queries(30) as few:
        client.get("/p/alpha/themes/well-being/dashboard/")
    for i in range(20):
        make_indicator(
            tree_a, f"Y {i}", targets=[(tree_a.quarter.financial_year, 10, 12)], results=[(tree_a.quarter, 11)]
        )
        make_commission(tree_a, name=f"C {i}", profile=[(tree_a.quarter, 100)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/p/alpha/themes/well-being/dashboard/")


def test_a_frozen_snapshot_is_shown_as_it_was(client, tree_a):
    from reporting.services.chain import draft_at_deadline
    from reporting.services.cycles import open_cycle

    cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    draft_at_deadline(cycle, today=cycle.exception_reports_due, now=timezone.now())
    snapshot = cycle.snapshots.get(theme=tree_a.theme)
    snapshot.data["indicators"] = [{**snapshot.data["indicators"][0], "actual_display": "FROZEN 12.3"}]
    snapshot.save()
    client.force_login(tree_a.members["plain"].user)
    html = client.get(f"/p/alpha/themes/well-being/dashboard/?snapshot={snapshot.pk}").content.decode()
    assert "FROZEN 12.3" in html and "frozen on" in html
    assert (
        "FROZEN 12.3" in pdf_pages(client.get(f"/p/alpha/themes/well-being/dashboard/pdf/?snapshot={snapshot.pk}"))[0]
    )


def test_another_partnerships_snapshot_is_404(client, tree_a, tree_b):
    from reporting.services.chain import draft_at_deadline
    from reporting.services.cycles import open_cycle

    cycle = open_cycle(tree_b.partnership, tree_b.quarter)
    draft_at_deadline(cycle, today=cycle.exception_reports_due, now=timezone.now())
    client.force_login(tree_a.members["plain"].user)
    snapshot = cycle.snapshots.first()
    assert client.get(f"/p/alpha/themes/well-being/dashboard/?snapshot={snapshot.pk}").status_code == 404


def test_the_project_schedule_lists_legacy_projects_only(client, tree_a):
    quarter = tree_a.quarter
    project = Commission.objects.create(theme=tree_a.theme, name="Neighbourhood Wardens (NRF)", kind="project")
    BudgetProfile.objects.create(commission=project, period=Period.objects.for_span(quarter), amount=Decimal(8000))
    SpendReturn.objects.create(
        commission=project,
        period=Period.objects.for_span(quarter),
        actual_spend=Decimal(6000),
        state="approved",
        version=1,
    )
    client.force_login(tree_a.members["plain"].user)
    html = client.get("/p/alpha/projects/").content.decode()
    assert "Neighbourhood Wardens (NRF)" in html and "£8,000 / £6,000" in html
    assert "Healthy Living Commission" not in html  # commissions belong on the dashboard
    text = pdf_pages(client.get("/p/alpha/projects/pdf/"))[0]
    assert "Neighbourhood Wardens (NRF)" in text
    dashboard = client.get("/p/alpha/themes/well-being/dashboard/").content.decode()
    assert "Neighbourhood Wardens" not in dashboard


def test_the_scorecard_groups_indicators_by_perspective_and_objective(client, tree_a):
    objective = Objective.objects.create(
        partnership=tree_a.partnership,
        perspective=Perspective.PEOPLE,
        title="Make up of the HSP is reflective of the community",
    )
    make_indicator(
        tree_a,
        "HSP P1",
        title="The % BME members in the HSP",
        unit="percentage",
        polarity="higher",
        objective=objective,
        baseline_note="Monitoring form to be completed",
    )
    client.force_login(tree_a.members["plain"].user)
    html = client.get("/p/alpha/scorecard/").content.decode()
    assert "People" in html and "Make up of the HSP is reflective of the community" in html
    assert "The % BME members in the HSP" in html and "Monitoring form to be completed" in html


def test_a_theme_beyond_the_one_page_design_loses_no_rows(client, busy_theme):
    for i in range(41, 61):
        make_indicator(busy_theme, f"X {i:02d}", title=f"Indicator number {i}", unit="count", polarity="higher")
    client.force_login(busy_theme.members["chair"].user)
    text = "".join(pdf_pages(client.get("/p/alpha/themes/well-being/dashboard/pdf/")))
    assert all(f"X {i:02d}" in text for i in range(1, 61))
