"""The catalogue list and the adopt page say, field by field, what comes from the entry's source and
what is to be confirmed; the list filters on it and its query count does not grow."""

import csv
import io
import re

import pytest

from indicators.models import CatalogueIndicator

from ..builders import make_indicator

CATALOGUE = "/p/alpha/indicators/catalogue/"


def table_row(html: str, code: str) -> str:
    """The catalogue table's row for one code."""
    rows = re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S)
    [row] = [row for row in rows if f">{code}<" in row]
    return row


def summary_row(html: str, key: str) -> str:
    match = re.search(
        rf'<dt class="govuk-summary-list__key">{key}</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>',
        html,
        flags=re.S,
    )
    assert match, key
    return match.group(1)


# --- the list --------------------------------------------------------------------------------------


def test_the_list_shows_to_be_confirmed_where_the_source_gives_no_polarity(as_plain):
    html = as_plain.get(CATALOGUE, {"q": "Serious violent crime"}).content.decode()
    row = table_row(html, "NI 15")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
    code, title, polarity, unit, frequency, source = cells
    assert "To be confirmed" in polarity and "To be confirmed" in frequency and "To be confirmed" not in unit
    assert 'href="https://studylib.net/doc/18252260/' in source and "From source" in source


def test_the_list_shows_the_sourced_polarity_and_links_the_source(as_plain):
    entry = CatalogueIndicator.objects.get(code="NI 112")
    html = as_plain.get(CATALOGUE, {"q": "Under 18 conception"}).content.decode()
    row = table_row(html, "NI 112")
    assert "Lower is better" in row and f'href="{entry.source_url}"' in row
    assert "To be confirmed" in row  # its frequency: the source does not give one


def test_a_source_that_is_not_a_web_address_is_named_not_linked(as_plain):
    html = as_plain.get(CATALOGUE, {"q": "different backgrounds"}).content.decode()
    row = table_row(html, "NI 1")
    assert "ckanext-dgu cospread importer test" in row and "From source" not in row


def test_cut_titles_short_labels_and_withdrawn_entries_are_tagged(as_plain):
    html = as_plain.get(CATALOGUE, {"to_confirm": "title"}).content.decode()
    assert "Cut in the source</strong>" in table_row(html, "NI 18")
    assert "Short label</strong>" in table_row(html, "NI 125")
    html = as_plain.get(CATALOGUE, {"state": "withdrawn"}).content.decode()
    assert "Withdrawn</strong>" in table_row(html, "NI 31")


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"to_confirm": "polarity"}, CatalogueIndicator.objects.filter(polarity="")),
        ({"to_confirm": "unit"}, CatalogueIndicator.objects.filter(unit_description="")),
        ({"to_confirm": "frequency"}, CatalogueIndicator.objects.filter(frequency_description="")),
        ({"to_confirm": "title"}, CatalogueIndicator.objects.exclude(title_form="as_printed")),
        ({"state": "withdrawn"}, CatalogueIndicator.objects.filter(withdrawn=True)),
        ({"state": "live", "to_confirm": "polarity"}, CatalogueIndicator.objects.filter(withdrawn=False, polarity="")),
    ],
)
def test_the_list_filters_on_what_is_to_be_confirmed(as_plain, params, expected):
    response = as_plain.get(CATALOGUE, {**params, "per_page": 100})
    shown = {row.record.code for row in response.context["table"].paginated_rows}
    assert shown == set(expected.values_list("code", flat=True)) and shown


def test_the_counts_match_the_data(db):
    assert CatalogueIndicator.objects.filter(polarity="").count() == 57
    assert CatalogueIndicator.objects.exclude(title_form="as_printed").count() == 8


def test_a_filter_value_that_does_not_exist_is_explained_not_a_500(as_plain):
    response = as_plain.get(CATALOGUE, {"to_confirm": "colour", "q": "crime"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html and 'value="crime"' in html


def test_the_csv_says_to_be_confirmed_in_words(as_plain):
    response = as_plain.get(CATALOGUE, {"export": "csv", "q": "Serious violent crime"})
    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["Polarity"] == "To be confirmed" and "<" not in "".join(row.values())
    assert row["Source"].startswith("https://studylib.net/")


def test_the_list_query_count_does_not_grow_with_adoptions(as_admin, tree_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as first:
        assert as_admin.get(CATALOGUE, {"per_page": 100}).status_code == 200
    for entry in CatalogueIndicator.objects.filter(withdrawn=False)[:10]:
        make_indicator(tree_a, entry.code + "x", catalogue=entry)
    with django_assert_max_num_queries(len(first.captured_queries)):
        html = as_admin.get(CATALOGUE, {"per_page": 100}).content.decode()
    assert html.count(">Adopted<") == 10


# --- the adopt page --------------------------------------------------------------------------------


def test_the_adopt_page_says_polarity_is_to_be_confirmed_where_the_source_does_not_give_it(as_admin):
    entry = CatalogueIndicator.objects.get(code="NI 15")
    html = as_admin.get(f"/p/alpha/indicators/new/?catalogue={entry.pk}").content.decode()
    assert "To be confirmed" in summary_row(html, "Polarity")
    assert "To be confirmed" in summary_row(html, "Frequency")
    title = summary_row(html, "Title")
    assert (
        "Serious violent crime rate" in title
        and f'From source: <a class="govuk-link" href="{entry.source_url}"' in title
    )


def test_the_adopt_page_links_the_source_of_a_sourced_polarity(as_admin):
    entry = CatalogueIndicator.objects.get(code="NI 116")
    html = as_admin.get(f"/p/alpha/indicators/new/?catalogue={entry.pk}").content.decode()
    polarity = summary_row(html, "Polarity")
    assert "To be confirmed" not in polarity and "lower is better" in polarity
    assert f'href="{entry.source_url}"' in polarity


def test_the_adopt_page_says_a_short_label_is_not_the_full_title(as_admin):
    entry = CatalogueIndicator.objects.get(code="NI 125")
    response = as_admin.get(f"/p/alpha/indicators/new/?catalogue={entry.pk}")
    title = summary_row(response.content.decode(), "Title")
    assert "Short label" in title and "The full title is to be confirmed" in title
    assert response.context["form"].initial["title"] == "Intermediate Care"
