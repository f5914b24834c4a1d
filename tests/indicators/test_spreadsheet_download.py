"""Downloading a theme's returns as a spreadsheet: an XLSX of the round's due returns pre-filled,
and who may download it or reach the upload page."""

from decimal import Decimal

import pytest

from ..builders import make_indicator, make_return
from ..conftest import client_for
from .spreadsheet_helpers import Sheet, download, url

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


# --- download --------------------------------------------------------------------------------------


def test_the_download_is_an_xlsx_of_the_themes_due_returns_pre_filled(as_officer, tree_a, ratio):
    make_indicator(tree_a, "E 01", lead_theme=tree_a.other_theme)  # another theme's: not in this sheet
    make_indicator(tree_a, "A 01", frequency="annual")  # due only when the year ends (not a Q1-Q3 round)
    response = as_officer.get(url(tree_a, "download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    period = tree_a.quarter.label.replace(" ", "-").replace("/", "-")
    assert response["Content-Disposition"] == f'attachment; filename="alpha-well-being-{period}.xlsx"'

    sheet = Sheet(response.content)
    expected_headers = [
        "Code",
        "Indicator",
        "Period",
        "Unit",
        "Value",
        "Numerator",
        "Denominator",
        "Commentary",
        "Reason for variance",
        "ReturnAction being taken",
        "Accurate",
        "Valid",
        "Reliable",
        "Timely",
        "Relevant",
        "Complete",
        "State",
        "Version",
        "Indicator ID",
        "Period ID",
    ]
    assert [cell.value for cell in sheet.sheet[1]] == expected_headers
    expected_codes = ["L 50", "NI 112"] + (["A 01"] if tree_a.quarter.number == 4 else [])
    assert sorted(sheet.codes()) == sorted(expected_codes)
    # the current return's figures, its state, and the version it was read at
    assert sheet.get("NI 112", "Value") == 50
    assert sheet.get("NI 112", "Period") == tree_a.quarter.label
    assert sheet.get("NI 112", "State") == "In progress"
    assert sheet.get("NI 112", "Version") == 1
    assert sheet.get("NI 112", "Indicator ID") == tree_a.indicator.pk
    assert sheet.get("NI 112", "Period ID") == tree_a.period.pk
    assert sheet.get("NI 112", "Accurate") == "No"
    assert sheet.get("L 50", "State") == "Not started"
    assert sheet.get("L 50", "Version") == 0
    assert "numerator = n; denominator = d" in sheet.get("L 50", "Unit")
    # hidden and locked: the version and ids; the unused figure of each kind of indicator is grey
    for letter in ("R", "S", "T"):
        assert sheet.sheet.column_dimensions[letter].hidden
    assert sheet.sheet.protection.sheet
    value_cell = sheet.sheet.cell(sheet.row_of("L 50"), sheet.columns["Value"])
    assert value_cell.fill.fgColor.rgb.endswith("D9D9D9") and value_cell.protection.locked
    assert not sheet.sheet.cell(sheet.row_of("L 50"), sheet.columns["Numerator"]).protection.locked
    assert "Instructions" in sheet.workbook.sheetnames


def test_a_ratio_returns_figures_are_pre_filled_in_numerator_and_denominator(as_officer, tree_a, ratio):
    make_return(ratio, tree_a.quarter, numerator=Decimal("12.5"), denominator=40, dq_accurate=True)
    sheet = download(as_officer, tree_a)
    assert (sheet.get("L 50", "Value"), sheet.get("L 50", "Numerator"), sheet.get("L 50", "Denominator")) == (
        None,
        12.5,
        40,
    )
    assert sheet.get("L 50", "Accurate") == "Yes"


@pytest.mark.parametrize(
    "persona, status", [("officer", 200), ("admin", 200), ("plain", 403), ("chair", 403), ("outcome_lead", 403)]
)
def test_who_may_download(client, tree_a, persona, status):
    client_for(client, tree_a.members[persona])
    assert client.get(url(tree_a, "download")).status_code == status


def test_outsiders_get_404_and_another_partnerships_round_or_theme_is_404(client, tree_a, tree_b):
    client_for(client, tree_b.members["admin"])
    assert client.get(url(tree_a, "download")).status_code == 404
    assert client.get(url(tree_a, "upload")).status_code == 404
    # A's administrator, with B's round or B's theme under A's slug
    client_for(client, tree_a.members["admin"])
    b_round = f"/p/alpha/returns/spreadsheet/{tree_b.round.pk}/{tree_a.theme.slug}/download/"
    assert client.get(b_round).status_code == 404
    assert client.get(f"/p/alpha/returns/spreadsheet/{tree_a.round.pk}/no-such-theme/download/").status_code == 404


@pytest.mark.parametrize("persona, status", [("officer", 200), ("admin", 403), ("plain", 403)])
def test_only_the_themes_officers_may_upload(client, tree_a, persona, status):
    client_for(client, tree_a.members[persona])
    assert client.get(url(tree_a, "upload")).status_code == status
    assert client.post(url(tree_a, "upload")).status_code == status


def test_the_upload_page_links_to_the_download(as_officer, tree_a):
    response = as_officer.get(url(tree_a, "upload"))
    html = response.content.decode()
    assert url(tree_a, "download") in html
    assert 'type="file"' in html and "Save as drafts" in html and "Submit for approval" in html
