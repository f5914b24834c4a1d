"""Uploading a returns spreadsheet: the figures come back through the same rules as the web form,
all or nothing, with a per-row report of what is wrong."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from indicators.models import IndicatorReturn
from indicators.services.returns import ReturnInput, save_return
from indicators.spreadsheets import cells, columns
from indicators.workflow import ReturnAction, ReturnState
from partnership.services.access import access_for

from ..builders import make_indicator
from .spreadsheet_helpers import ALL_YES, assert_nothing_saved, download, problems, upload

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


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
