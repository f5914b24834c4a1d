"""Money tied to outcomes: a commission names the indicators it delivers (seed 003: funded
initiatives are linked to the LAA outcomes they deliver), and they are shown beside its spend on
the dashboard, its own page, the money list, and on each indicator's page."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from indicators.models import Commission

from ..builders import make_commission, make_indicator, make_spend
from .money_helpers import login, url

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


def commission_form(tree, **fields):
    return {"name": tree.commission.name, "theme": tree.theme.pk, "kind": "commission", **fields}


def test_an_administrator_links_a_commission_to_the_indicators_it_delivers(client, tree_a):
    second = make_indicator(tree_a, "NI 113", title="Prevalence of chlamydia in under 25 year olds")
    login(client, tree_a.members["admin"])
    edit = url("edit", tree_a, commission_id=tree_a.commission.pk)
    page = client.get(edit).content.decode()
    assert "Indicators it delivers (optional)" in page and f"{second.code} {second.title}" in page
    response = client.post(edit, commission_form(tree_a, indicators=[tree_a.indicator.pk, second.pk]))
    assert response.status_code == 302
    assert set(tree_a.commission.indicators.all()) == {tree_a.indicator, second}
    # unticking one keeps the other
    client.post(edit, commission_form(tree_a, indicators=[second.pk]))
    assert list(tree_a.commission.indicators.all()) == [second]


def test_an_indicator_of_another_partnership_is_refused_in_words_and_nothing_changes(client, tree_a, tree_b):
    tree_a.commission.indicators.add(tree_a.indicator)
    login(client, tree_a.members["admin"])
    edit = url("edit", tree_a, commission_id=tree_a.commission.pk)
    response = client.post(edit, commission_form(tree_a, name="Renamed", indicators=[tree_b.indicator.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["indicators"] == [
        f"Choose indicators of this partnership: {tree_b.indicator.pk} is not one of them."
    ]
    assert 'value="Renamed"' in response.content.decode()  # what was typed is kept
    tree_a.commission.refresh_from_db()
    assert tree_a.commission.name != "Renamed" and list(tree_a.commission.indicators.all()) == [tree_a.indicator]
    assert tree_b.indicator.title not in client.get(edit).content.decode()


def test_the_commission_page_shows_where_each_outcome_stands_and_the_indicator_names_its_funding(client, tree_a):
    tree_a.commission.indicators.add(tree_a.indicator)
    login(client, tree_a.members["plain"])
    page = client.get(url("detail", tree_a, commission_id=tree_a.commission.pk)).content.decode()
    assert "Outcomes it delivers" in page and f"{tree_a.indicator.code} {tree_a.indicator.title}" in page
    assert f"/indicators/{tree_a.indicator.pk}/" in page
    indicator_page = client.get(f"/p/alpha/indicators/{tree_a.indicator.pk}/").content.decode()
    assert "Funded through" in indicator_page and tree_a.commission.name in indicator_page
    unlinked = make_commission(tree_a, name="Unlinked Commission")
    page = client.get(url("detail", tree_a, commission_id=unlinked.pk)).content.decode()
    assert "None linked yet" in page


def test_the_money_list_names_each_commissions_outcomes_without_a_query_per_row(
    client, tree_a, django_assert_max_num_queries
):
    login(client, tree_a.members["plain"])
    tree_a.commission.indicators.add(tree_a.indicator)
    with django_assert_max_num_queries(40) as one:
        client.get(url("list", tree_a))
    for i in range(5):
        make_commission(tree_a, name=f"Commission {i}").indicators.add(make_indicator(tree_a, f"Z {i}"))
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(url("list", tree_a)).content.decode()
    assert "Outcomes it delivers" in html and "Z 4" in html and tree_a.indicator.code in html


def test_a_commissions_linked_indicators_appear_beside_its_spend_on_the_dashboard(client, tree_a):
    quarter = tree_a.quarter
    commission = make_commission(tree_a, name="Teenage Pregnancy Prevention", profile=[(quarter, Decimal(40000))])
    make_spend(commission, quarter, Decimal(38000))
    commission.indicators.add(tree_a.indicator, make_indicator(tree_a, "NI 113"))
    login(client, tree_a.members["chair"])
    html = client.get("/p/alpha/themes/well-being/dashboard/").content.decode()
    row = html[html.index("Teenage Pregnancy Prevention") :].split("</tr>")[0]
    assert f"Delivers NI 113, {tree_a.indicator.code}" in row or f"Delivers {tree_a.indicator.code}, NI 113" in row
    assert "£38,000" in row
    pdf = client.get("/p/alpha/themes/well-being/dashboard/pdf/").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Delivers" in text and "NI 113" in text and "£38,000" in text
    # unlinking one shows at once (the theme's stored dashboard is worked out again)
    commission.indicators.remove(tree_a.indicator)
    html = client.get("/p/alpha/themes/well-being/dashboard/").content.decode()
    row = html[html.index("Teenage Pregnancy Prevention") :].split("</tr>")[0]
    assert "Delivers NI 113<" in row


def test_a_commissions_funding_stream_is_chosen_kept_listed_and_filtered(client, tree_a):
    login(client, tree_a.members["admin"])
    edit = url("edit", tree_a, commission_id=tree_a.commission.pk)
    assert "Funded from" in client.get(edit).content.decode()
    client.post(edit, commission_form(tree_a, funding="mainstream"))
    tree_a.commission.refresh_from_db()
    assert tree_a.commission.funding == Commission.Funding.MAINSTREAM
    client.post(edit, commission_form(tree_a))  # a page without the field keeps the stream
    tree_a.commission.refresh_from_db()
    assert tree_a.commission.funding == Commission.Funding.MAINSTREAM
    make_commission(tree_a, name="Grant Funded Wardens")
    listed = client.get(url("list", tree_a) + "?funding=mainstream").content.decode()
    assert tree_a.commission.name in listed and "Mainstream budget" in listed and "Grant Funded Wardens" not in listed
    page = client.get(url("detail", tree_a, commission_id=tree_a.commission.pk)).content.decode()
    assert "Mainstream budget" in page


def test_the_dashboard_pdf_says_each_commissions_stream_only_when_there_is_more_than_one(client, tree_a):
    quarter = tree_a.quarter
    for name in ("Alpha Wardens", "Beta Wardens"):
        make_spend(make_commission(tree_a, name=name, profile=[(quarter, Decimal(1000))]), quarter, Decimal(900))
    login(client, tree_a.members["chair"])

    def pdf_words():
        pdf = client.get("/p/alpha/themes/well-being/dashboard/pdf/").content
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())

    one_stream = pdf_words()
    assert "Funded from Area Based Grant." in one_stream
    beta = Commission.objects.get(name="Beta Wardens")
    beta.funding = Commission.Funding.OTHER_GRANT
    beta.save()  # as the form saves it: the theme's dashboard is worked out again
    two_streams = pdf_words()
    assert "Funded from Area Based Grant." not in two_streams and "Other grant" in two_streams
