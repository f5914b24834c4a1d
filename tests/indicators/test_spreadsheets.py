"""Returns by spreadsheet: a theme's returns download pre-filled, come back through the same rules
as the web form, and an upload is all-or-nothing with a per-row report of what is wrong."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators.models import IndicatorReturn
from indicators.services.returns import ReturnInput, save_return
from indicators.spreadsheets import cells, columns
from indicators.spreadsheets.cells import CellProblem, parse_number, parse_yes_no
from indicators.workflow import ReturnAction, ReturnState
from partnership.services.access import access_for

from ..builders import make_indicator, make_return
from ..conftest import client_for

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")

ALL_YES = {"Accurate": "Yes", "Valid": "Yes", "Reliable": "Yes", "Timely": "Yes", "Relevant": "Yes", "Complete": "Yes"}


def url(tree, name, theme=None):
    return reverse(
        f"indicators:spreadsheet_{name}",
        kwargs={
            "partnership_slug": tree.partnership.slug,
            "round_id": tree.round.pk,
            "theme_slug": (theme or tree.theme).slug,
        },
    )


@pytest.fixture
def as_officer(client, tree_a):
    return client_for(client, tree_a.members["officer"])


@pytest.fixture
def ratio(tree_a):
    """A percentage worked out from a numerator and a denominator, higher is better, not started."""
    return make_indicator(
        tree_a, "L 50", unit="percentage", polarity="higher", is_ratio=True, numerator_label="n", denominator_label="d"
    )


class Sheet:
    """The Returns sheet of a downloaded workbook, addressed by indicator code and column header."""

    def __init__(self, content: bytes):
        self.workbook = load_workbook(io.BytesIO(content))
        self.sheet = self.workbook["Returns"]
        self.columns = {cell.value: cell.column for cell in self.sheet[1]}

    def row_of(self, code):
        return next(
            row for row in range(2, self.sheet.max_row + 1) if self.sheet.cell(row, self.columns["Code"]).value == code
        )

    def get(self, code, header):
        return self.sheet.cell(self.row_of(code), self.columns[header]).value

    def set(self, code, **cells):
        row = self.row_of(code)
        for header, value in cells.items():
            self.sheet.cell(row, self.columns[header.replace("_", " ")], value)

    def codes(self):
        return [self.sheet.cell(row, self.columns["Code"]).value for row in range(2, self.sheet.max_row + 1)]

    def as_upload(self, name="returns.xlsx"):
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return SimpleUploadedFile(name, buffer.getvalue(), content_type=columns.XLSX_CONTENT_TYPE)


def download(client, tree):
    response = client.get(url(tree, "download"))
    assert response.status_code == 200
    return Sheet(response.content)


def upload(client, tree, file, action=ReturnAction.SAVE_DRAFT):
    return client.post(url(tree, "upload"), {"file": file, "action": action})


def problems(response):
    return [(e.row, e.code, e.field, e.message) for e in response.context["row_errors"]]


def assert_nothing_saved(tree, *codes_not_started):
    ret = IndicatorReturn.objects.get(pk=tree.indicator_return.pk)
    assert (ret.value, ret.version, ret.state) == (Decimal("50"), 1, ReturnState.DRAFT)
    assert not IndicatorReturn.objects.filter(
        indicator__code__in=codes_not_started, indicator__partnership=tree.partnership
    ).exists()


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


# --- upload ----------------------------------------------------------------------------------------


def test_round_trip_saves_the_edited_figures_and_bumps_the_version(as_officer, tree_a, ratio):
    sheet = download(as_officer, tree_a)
    sheet.set("NI 112", Value=42.5, Commentary="Fewer than last quarter")
    sheet.set("L 50", Numerator=30, Denominator="120")  # a number typed as text is fine
    response = upload(as_officer, tree_a, sheet.as_upload())
    assert response.status_code == 302
    assert response["Location"] == "/p/alpha/returns/"
    ret = IndicatorReturn.objects.get(pk=tree_a.indicator_return.pk)
    assert (ret.value, ret.version, ret.state, ret.commentary) == (
        Decimal("42.5"),
        2,
        ReturnState.DRAFT,
        "Fewer than last quarter",
    )
    new = IndicatorReturn.objects.get(indicator=ratio)
    assert (new.numerator, new.denominator, new.value, new.version) == (Decimal("30"), Decimal("120"), None, 1)
    assert ret.history.first().history_user == tree_a.members["officer"].user
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"2 returns for Well-Being, {tree_a.quarter.label}, saved as drafts."
    ]


def test_blank_and_unchanged_rows_are_skipped(as_officer, tree_a, ratio):
    sheet = download(as_officer, tree_a)  # L 50 blank, NI 112 as saved
    response = upload(as_officer, tree_a, sheet.as_upload())
    assert response.status_code == 200
    assert "no new figures to save" in response.context["form"].errors["file"][0]
    assert_nothing_saved(tree_a, "L 50")


def test_one_bad_row_means_nothing_is_saved_and_the_row_is_reported(as_officer, tree_a, ratio):
    sheet = download(as_officer, tree_a)
    sheet.set("NI 112", Value=60)  # fine on its own
    sheet.set("L 50", Numerator=140, Denominator=100)
    response = upload(as_officer, tree_a, sheet.as_upload())
    assert response.status_code == 200
    row = sheet.row_of("L 50")
    assert problems(response) == [
        (row, "L 50", "Numerator", "The numerator cannot be more than the denominator for a percentage.")
    ]
    html = response.content.decode()
    assert "Nothing has been saved" in html and "The numerator cannot be more than the denominator" in html
    assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{row}</td>' in html
    assert_nothing_saved(tree_a, "L 50")


def test_words_and_percent_signs_are_not_numbers(as_officer, tree_a, ratio):
    sheet = download(as_officer, tree_a)
    sheet.set("NI 112", Value="lots", Accurate="Maybe")
    sheet.set("L 50", Numerator="12%", Denominator=100)
    response = upload(as_officer, tree_a, sheet.as_upload())
    ni, l50 = sheet.row_of("NI 112"), sheet.row_of("L 50")
    assert set(problems(response)) == {
        (ni, "NI 112", "Value", cells.NUMBER_MESSAGE),
        (ni, "NI 112", "Accurate", "Enter Yes or No."),
        (l50, "L 50", "Numerator", cells.NUMBER_MESSAGE),
    }
    assert "Enter a number, like 42.5" in response.content.decode()
    assert_nothing_saved(tree_a, "L 50")


def test_a_percentage_typed_into_excel_is_refused_rather_than_read_as_a_fraction(as_officer, tree_a):
    # Excel stores "12%" typed into a cell as 0.12 with a percentage format
    sheet = download(as_officer, tree_a)
    sheet.set("NI 112", Value=0.12)
    sheet.sheet.cell(sheet.row_of("NI 112"), sheet.columns["Value"]).number_format = "0%"
    response = upload(as_officer, tree_a, sheet.as_upload())
    assert problems(response) == [(sheet.row_of("NI 112"), "NI 112", "Value", cells.PERCENT_CELL_MESSAGE)]


def test_a_figure_in_the_grey_column_is_refused_rather_than_dropped(as_officer, tree_a, ratio):
    sheet = download(as_officer, tree_a)
    sheet.set("L 50", Value=25)
    response = upload(as_officer, tree_a, sheet.as_upload())
    assert problems(response) == [
        (sheet.row_of("L 50"), "L 50", "Value", "L 50 is entered as the numerator and denominator: leave Value empty.")
    ]


def test_a_stale_version_is_a_conflict_for_that_row_and_nothing_is_saved(as_officer, tree_a, ratio):
    sheet = download(as_officer, tree_a)
    # meanwhile, someone saves NI 112 on the website
    officer = tree_a.members["officer"]
    save_return(
        indicator=tree_a.indicator,
        period=tree_a.period,
        data=ReturnInput(value=Decimal("55")),
        action=ReturnAction.SAVE_DRAFT,
        user=officer.user,
        access=access_for(officer),
        expected_version=1,
    )
    sheet.set("NI 112", Value=60)
    sheet.set("L 50", Numerator=10, Denominator=100)
    response = upload(as_officer, tree_a, sheet.as_upload())
    [(row, code, field, message)] = problems(response)
    assert (row, code, field) == (sheet.row_of("NI 112"), "NI 112", "")
    assert "Someone changed this return on the website" in message and "version 2" in message
    ret = IndicatorReturn.objects.get(pk=tree_a.indicator_return.pk)
    assert (ret.value, ret.version) == (Decimal("55"), 2)
    assert not IndicatorReturn.objects.filter(indicator=ratio).exists()  # the good row was rolled back


def test_rows_for_another_themes_or_partnerships_indicators_are_rejected(as_officer, tree_a, tree_b, ratio):
    enterprise = make_indicator(tree_a, "E 01", lead_theme=tree_a.other_theme)
    sheet = download(as_officer, tree_a)
    sheet.set("L 50", Numerator=10, Denominator=100)
    last = sheet.sheet.max_row
    cols = sheet.columns
    # a row copied from the Enterprise theme's sheet, and one from partnership B's (its ids)
    for offset, (code, indicator_id, period_id) in enumerate(
        [("E 01", enterprise.pk, tree_a.period.pk), ("NI 112", tree_b.indicator.pk, tree_b.period.pk)], start=1
    ):
        row = last + offset
        for header, value in {
            "Code": code,
            "Value": 5,
            "Indicator ID": indicator_id,
            "Period ID": period_id,
            "Version": 1,
        }.items():
            sheet.sheet.cell(row, cols[header], value)
    response = upload(as_officer, tree_a, sheet.as_upload())
    assert problems(response) == [
        (last + 1, "E 01", "", "E 01 is led by the Enterprise theme: upload it with that theme's spreadsheet."),
        (
            last + 2,
            "NI 112",
            "",
            f"This row is not one of the Well-Being returns for {tree_a.quarter.label}: it comes from "
            "another spreadsheet. " + columns.FRESH_COPY,
        ),
    ]
    assert "Beta" not in response.content.decode()
    assert not IndicatorReturn.objects.filter(indicator__in=[enterprise, ratio]).exists()
    assert IndicatorReturn.objects.get(pk=tree_b.indicator_return.pk).value == Decimal("50")
    assert IndicatorReturn.objects.get(pk=tree_b.indicator_return.pk).version == 1


def test_an_unknown_code_and_a_changed_code_are_rejected(as_officer, tree_a):
    sheet = download(as_officer, tree_a)
    sheet.set("NI 112", Code="NI 999", Value=60)
    row = sheet.sheet.max_row + 1
    sheet.sheet.cell(row, sheet.columns["Code"], "ZZ 1")
    sheet.sheet.cell(row, sheet.columns["Value"], 3)
    response = upload(as_officer, tree_a, sheet.as_upload())
    found = problems(response)
    assert found[0][:3] == (2, "NI 999", "Code") and "its code has been changed" in found[0][3]
    assert found[1] == (row, "ZZ 1", "Code", "There is no indicator with the code “ZZ 1” in the Well-Being theme.")
    assert_nothing_saved(tree_a)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("returns.csv", b"Code,Value\nNI 112,5\n", "must be an Excel spreadsheet (.xlsx)"),
        ("returns.xlsx", b"Code,Value\nNI 112,5\n", "is not an Excel spreadsheet"),
        ("returns.xlsx", b"PK\x03\x04 not really a zip", "could not be read as an Excel spreadsheet"),
        ("returns.xlsx", b"PK\x03\x04" + b"0" * (2 * 1024 * 1024), "must be smaller than 2 MB"),
    ],
)
def test_a_file_that_is_not_a_usable_xlsx_is_an_error_beside_the_field(as_officer, tree_a, name, content, message):
    response = upload(as_officer, tree_a, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert message in error
    html = response.content.decode()
    assert 'id="id_file-error"' in html and "govuk-file-upload--error" in html and 'href="#id_file"' in html
    assert_nothing_saved(tree_a)


def test_an_xlsx_that_is_not_a_returns_spreadsheet_is_an_error_beside_the_field(as_officer, tree_a):
    workbook = Workbook()
    workbook.active.append(["Code", "Value"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(as_officer, tree_a, SimpleUploadedFile("mine.xlsx", buffer.getvalue()))
    assert "missing these columns: Numerator, Denominator" in response.context["form"].errors["file"][0]


def test_a_zip_bomb_is_refused_before_it_is_opened(as_officer, tree_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"\0" * (columns.UNZIPPED_MAX_BYTES + 1))
    response = upload(as_officer, tree_a, SimpleUploadedFile("bomb.xlsx", buffer.getvalue()))
    assert "too much data" in response.context["form"].errors["file"][0]


def test_submitting_applies_the_submission_rules_to_every_row(as_officer, tree_a, ratio):
    sheet = download(as_officer, tree_a)
    sheet.set("NI 112", **ALL_YES)
    sheet.set("L 50", Numerator=10, Denominator=100, Accurate="Yes")  # five standards not confirmed
    response = upload(as_officer, tree_a, sheet.as_upload(), action=ReturnAction.SUBMIT)
    [(row, code, field, message)] = problems(response)
    assert (row, code, field) == (sheet.row_of("L 50"), "L 50", "Data quality (Accurate to Complete)")
    assert message.startswith("Confirm the data meets all six data-quality standards")
    assert_nothing_saved(tree_a, "L 50")

    sheet.set("L 50", **ALL_YES)
    response = upload(as_officer, tree_a, sheet.as_upload(), action=ReturnAction.SUBMIT)
    assert response.status_code == 302
    ret = IndicatorReturn.objects.get(pk=tree_a.indicator_return.pk)
    assert (ret.state, ret.version, ret.submitted_by) == (ReturnState.SUBMITTED, 2, tree_a.members["officer"].user)
    assert IndicatorReturn.objects.get(indicator=ratio).state == ReturnState.SUBMITTED
    assert "2 returns for Well-Being" in str(list(get_messages(response.wsgi_request))[0])


def test_a_submitted_return_is_left_alone_unless_changed_and_then_refused(as_officer, tree_a, ratio):
    IndicatorReturn.objects.filter(pk=tree_a.indicator_return.pk).update(state=ReturnState.SUBMITTED)
    sheet = download(as_officer, tree_a)
    sheet.set("L 50", Numerator=10, Denominator=100)
    assert upload(as_officer, tree_a, sheet.as_upload()).status_code == 302  # NI 112 unchanged: skipped
    assert IndicatorReturn.objects.get(pk=tree_a.indicator_return.pk).version == 1

    sheet = download(as_officer, tree_a)
    sheet.set("NI 112", Value=70)
    response = upload(as_officer, tree_a, sheet.as_upload())
    [(row, code, field, message)] = problems(response)
    assert (row, code, field) == (sheet.row_of("NI 112"), "NI 112", "")
    assert message.startswith("A return that is submitted cannot be")  # save_return's refusal, word for word
    assert IndicatorReturn.objects.get(pk=tree_a.indicator_return.pk).value == Decimal("50")


def test_an_upload_without_a_file_or_choice_says_so(as_officer, tree_a):
    response = as_officer.post(url(tree_a, "upload"), {})
    errors = response.context["form"].errors
    assert errors["file"] == ["Choose the spreadsheet to upload."]
    assert errors["action"] == ["Choose whether to save the returns as drafts or submit them."]


# --- reading cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        (None, None),
        ("", None),
        ("  ", None),
        (42, Decimal(42)),
        (42.5, Decimal("42.5")),
        (" 42.5 ", Decimal("42.5")),
        (0.1 + 0.2, Decimal("0.3")),
        ("-3", Decimal(-3)),
    ],
)
def test_parse_number_accepts(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize(
    "cell, message",
    [
        ("lots", cells.NUMBER_MESSAGE),
        ("12%", cells.NUMBER_MESSAGE),
        ("1,000", cells.NUMBER_MESSAGE),
        ("£5", cells.NUMBER_MESSAGE),
        ("NaN", cells.NUMBER_MESSAGE),
        (True, cells.NUMBER_MESSAGE),
        ("1.23456", cells.PLACES_MESSAGE),
        ("12345678901", cells.DIGITS_MESSAGE),
    ],
)
def test_parse_number_refuses(cell, message):
    with pytest.raises(CellProblem, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_number(cell)


def test_a_cell_excel_turned_into_a_percentage_is_refused():
    with pytest.raises(CellProblem, match="formatted as a percentage"):
        parse_number(0.12, percent_formatted=True)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Yes", True),
        ("y", True),
        (" YES ", True),
        (True, True),
        (1, True),
        ("No", False),
        ("", False),
        (None, False),
        (False, False),
        (0, False),
    ],
)
def test_parse_yes_no(cell, expected):
    assert parse_yes_no(cell) is expected


def test_parse_yes_no_refuses_anything_else():
    with pytest.raises(CellProblem):
        parse_yes_no("Maybe")
