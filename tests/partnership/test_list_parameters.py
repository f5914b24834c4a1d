"""A list page given nonsense in its query string shows the list (never a 500): `?per_page=` out of
bounds is clamped, and `?export=` in a format other than CSV or XLSX is ignored."""

import pytest

from partnership.views.lists import MAX_PER_PAGE, ScopedListView

LISTS = ["/p/alpha/indicators/", "/p/alpha/people/"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "per_page, size",
    [
        ("-1", ScopedListView.paginate_by),
        ("0", ScopedListView.paginate_by),
        ("abc", ScopedListView.paginate_by),
        ("", ScopedListView.paginate_by),
        ("10", 10),
        ("100000", MAX_PER_PAGE),
        (str(10**30), MAX_PER_PAGE),  # past what the database takes in a LIMIT
    ],
)
def test_a_page_size_out_of_bounds_is_clamped(as_plain, path, per_page, size):
    response = as_plain.get(path, {"per_page": per_page})
    assert response.status_code == 200
    table = response.context["table"]
    assert table.paginator.per_page == size
    assert len(table.page.object_list) >= 1


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("export", ["ods", "xls", "tsv", "json", "yaml", "latex", "html", "CSV", ""])
def test_an_export_format_other_than_csv_or_xlsx_shows_the_page(as_plain, path, export):
    response = as_plain.get(path, {"export": export})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "export, content_type",
    [("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")],
)
def test_csv_and_xlsx_download_even_with_a_silly_page_size(as_plain, path, export, content_type):
    response = as_plain.get(path, {"export": export, "per_page": "-1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].endswith(f'.{export}"')


def test_a_list_with_its_own_page_size_falls_back_to_it(as_admin):
    response = as_admin.get("/p/alpha/indicators/catalogue/", {"per_page": "-5"})
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == 50
