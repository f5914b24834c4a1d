"""The quarterly finance report (seed 003 §3: financial performance monitored quarterly, under
either cadence): budget against approved spend for the quarter and the year to date, per theme and
commission, ABG apart from other streams (legacy projects in the ABG total), match funding."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from indicators.models import Commission
from indicators.periods import PeriodKind, Span
from reporting.services.cycles import open_cycle, settings_for
from reporting.services.finance_reports import finance_figures, finance_report

from ..builders import make_commission, make_spend

D = Decimal
Q1 = Span(PeriodKind.QUARTER, dt.date(2025, 4, 1))
Q2 = Q1.next()


def test_the_figures_are_computed_from_plain_values():
    commissions = [
        {"id": 1, "name": "A", "theme": "T", "kind": "commission", "funding": "abg", "funding_label": "ABG"},
        {"id": 2, "name": "B", "theme": "T", "kind": "project", "funding": "abg", "funding_label": "ABG"},
        {"id": 3, "name": "C", "theme": "U", "kind": "commission", "funding": "mainstream", "funding_label": "Main"},
    ]
    money = {"match_cash": D(0), "match_in_kind": D(0), "match_leverage": D(0)}
    profiles = {1: {Q1: D(1000), Q2: D(1000)}, 2: {Q2: D(500)}, 3: {Q2: D(200)}}
    spend = {
        1: {Q1: {**money, "actual_spend": D(1000)}, Q2: {**money, "actual_spend": D(700), "match_cash": D(50)}},
        3: {Q2: {**money, "actual_spend": D(260)}},
    }
    data = finance_figures(Q2, commissions, profiles, spend)
    a, b = data["themes"][0]["rows"]
    assert (a["quarter_profile"], a["quarter_spend"], a["quarter_variance"]) == (D(1000), D(700), D(-30))
    assert (a["year_profile"], a["year_spend"], a["year_variance_words"]) == (D(2000), D(1700), "15.0% under profile")
    assert a["quarter_difference"] == D(-300) and a["match_cash"] == D(50) and a["match_total"] == D(50)
    assert b["returned"] is False and b["quarter_spend"] == D(0)
    abg, mainstream = data["streams"]
    assert abg["stream"] == "abg" and (abg["commissions"], abg["projects"]) == (1, 1)
    assert abg["total"]["quarter_profile"] == D(1500)  # the legacy project is in the ABG total
    assert mainstream["total"]["quarter_variance_words"] == "30.0% over profile"
    assert data["total"]["year_spend"] == D(1960)


@pytest.fixture
def money(tree_a):
    """Well-Being: an ABG commission profiled in Q1 and Q2 with approved spend for both (match
    funding in Q2), an ABG legacy project, and a mainstream commission whose Q2 return is a draft."""
    tree = tree_a
    tree.abg = make_commission(tree, "Stop Smoking Service", profile=[(Q1, 10000), (Q2, 10000)])
    make_spend(tree.abg, Q1, 10000)
    ret = make_spend(tree.abg, Q2, 7000)
    ret.match_cash, ret.match_in_kind, ret.match_leverage = D(1000), D(500), D(250)
    ret.save()
    tree.project = make_commission(tree, "Neighbourhood Wardens (NRF)", profile=[(Q2, 4000)])
    Commission.objects.filter(pk=tree.project.pk).update(kind=Commission.Kind.PROJECT)
    make_spend(tree.project, Q2, 4400)
    tree.mainstream = make_commission(tree, "Leisure Passes", profile=[(Q2, 3000)])
    Commission.objects.filter(pk=tree.mainstream.pk).update(funding=Commission.Funding.MAINSTREAM)
    make_spend(tree.mainstream, Q2, 9999, state="draft")  # not approved: it does not count
    tree.cycle = open_cycle(tree.partnership, Q2)
    return tree


def test_only_approved_spend_counts_and_abg_stands_apart(money, django_assert_num_queries):
    with django_assert_num_queries(3):
        data = finance_report(money.cycle)
    [theme] = data["themes"]
    rows = {row["name"]: row for row in theme["rows"]}
    assert rows["Leisure Passes"]["quarter_spend"] == D(0) and rows["Leisure Passes"]["returned"] is False
    assert rows["Stop Smoking Service"]["year_spend"] == D(17000)
    assert rows["Stop Smoking Service"]["year_variance_words"] == "15.0% under profile"
    assert rows["Stop Smoking Service"]["match_total"] == D(1750)
    abg = data["streams"][0]
    assert abg["label"] == "Area Based Grant" and abg["total"]["quarter_spend"] == D(11400)
    assert [s["label"] for s in data["streams"]] == ["Area Based Grant", "Mainstream budget"]


def url(tree, pdf=False):
    return f"/p/{tree.partnership.slug}/reports/finance/{tree.cycle.pk}/" + ("pdf/" if pdf else "")


def test_the_page_shows_the_quarter_and_the_year_to_date(client, money, django_assert_max_num_queries):
    client.force_login(money.members["plain"].user)
    with django_assert_max_num_queries(20):
        response = client.get(url(money))
    html = response.content.decode()
    assert response.status_code == 200 and "Financial report" in html
    assert "Stop Smoking Service" in html and "−£3,000: 30.0% under profile" in html
    assert "£17,000" in html and "15.0% under profile" in html
    assert "£1,750" in html  # match funding to date
    assert "No approved return" in html  # the mainstream draft
    assert url(money, pdf=True) in html


def test_the_pdf_is_tagged_and_says_the_same(client, money):
    client.force_login(money.members["chair"].user)
    response = client.get(url(money, pdf=True))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Financial report: Q2 2025/26" in text and "Stop Smoking Service" in text
    assert "−£3,000: 30.0% under profile" in text and "Area Based Grant" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged


def test_every_quarter_has_its_finance_report_under_either_cadence(client, money):
    settings = settings_for(money.partnership)
    settings.cadence = "six_monthly"
    settings.save()
    june = open_cycle(money.partnership, Span(PeriodKind.QUARTER, dt.date(2026, 4, 1)))  # finance only
    assert june.kind == "finance_only"
    client.force_login(money.members["admin"].user)
    html = client.get(f"/p/{money.partnership.slug}/timetable/?cycle={june.pk}").content.decode()
    assert f"/reports/finance/{june.pk}/" in html
    assert client.get(f"/p/{money.partnership.slug}/reports/finance/{june.pk}/").status_code == 200


def test_another_partnerships_member_gets_404(client, money, tree_b):
    client.force_login(tree_b.members["admin"].user)
    assert client.get(url(money)).status_code == 404
    assert client.get(url(money, pdf=True)).status_code == 404
