"""A theme's spend returns for a quarter as a spreadsheet and back: the same round trip as the
returns spreadsheet (all or nothing, per-row problems, formulas refused, conflicts), through the
spend page's rules and history; an empty cell keeps what is saved."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from indicators.models import SpendReturn
from indicators.services.money import SpendInput, save_spend_return
from indicators.workflow import ReturnAction, ReturnState
from partnership.services.access import access_for

from ..builders import make_commission
from .spreadsheet_helpers import Sheet

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")

HEALTHY, YOUTH = "Healthy Living Commission", "Youth Commission"
ACTUAL, CASH = "Actual spend (£)", "Match funding: cash (£)"
SUSTAINABILITY = "Progress towards sustainability / mainstreaming"


@pytest.fixture
def youth(tree_a):
    """A second commission of the theme, its spend not started."""
    return make_commission(tree_a, YOUTH, profile=[(tree_a.quarter, 500)])


def sheet_url(tree, name):
    kwargs = {"partnership_slug": tree.partnership.slug, "round_id": tree.round.pk, "theme_slug": tree.theme.slug}
    return reverse(f"indicators:spend_spreadsheet_{name}", kwargs=kwargs)


def download(client, tree):
    response = client.get(sheet_url(tree, "download"))
    assert response.status_code == 200, response.status_code
    return Sheet(response.content, name="Spend", key="Commission")


def fill(sheet, commission, **cells):
    """Type into a commission's row: {column header: value} (None empties the cell)."""
    for header, value in cells.items():
        sheet.sheet.cell(sheet.row_of(commission), sheet.columns[header]).value = value


def upload(client, tree, sheet, action=ReturnAction.SAVE_DRAFT):
    return client.post(sheet_url(tree, "upload"), {"file": sheet.as_upload("spend.xlsx"), "action": action})


def problems(response):
    assert response.status_code == 200
    return [(e.row, e.code, e.field, e.message) for e in response.context["row_errors"]]


def assert_nothing_saved(tree):
    ret = SpendReturn.objects.get(pk=tree.spend_return.pk)
    assert (ret.actual_spend, ret.version, ret.state, ret.sustainability) == (Decimal("9000"), 1, "draft", "")
    assert not SpendReturn.objects.filter(commission__name=YOUTH).exists()


# --- the download ---------------------------------------------------------------------------------


def test_the_download_has_a_row_for_each_of_the_themes_commissions_with_its_profile(as_officer, tree_a, youth):
    make_commission(tree_a, "Enterprise Commission", theme=tree_a.other_theme)
    sheet = download(as_officer, tree_a)
    assert sheet.codes() == [HEALTHY, YOUTH]
    assert [sheet.get(HEALTHY, h) for h in ("Stream", "Quarter", "Profiled budget (£)", ACTUAL, "State")] == [
        "Area Based Grant",
        tree_a.quarter.label,
        10000,
        9000,
        "In progress",
    ]
    assert sheet.get(YOUTH, ACTUAL) is None and sheet.get(YOUTH, "Version") == 0
    assert sheet.sheet.cell(2, sheet.columns["Profiled budget (£)"]).protection.locked  # to read, not to type
    assert not sheet.sheet.cell(2, sheet.columns[SUSTAINABILITY]).protection.locked


# --- the round trip -------------------------------------------------------------------------------


def test_a_round_trip_changes_the_right_spend_returns_and_keeps_their_history(as_officer, tree_a, tree_b, youth):
    sheet = download(as_officer, tree_a)
    fill(sheet, HEALTHY, **{ACTUAL: 9500, SUSTAINABILITY: "Mainstreamed from April"})
    fill(sheet, YOUTH, **{ACTUAL: "£400.50", CASH: 100, "Community engagement": "Young people chose it"})
    response = upload(as_officer, tree_a, sheet)
    assert response.status_code == 302
    assert response["Location"] == "/p/alpha/money/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"2 spend returns for Well-Being, {tree_a.quarter.label}, saved as drafts."
    ]
    healthy = SpendReturn.objects.get(pk=tree_a.spend_return.pk)
    assert (healthy.actual_spend, healthy.version, healthy.sustainability) == (
        Decimal("9500"),
        2,
        "Mainstreamed from April",
    )
    new = SpendReturn.objects.get(commission=youth)
    assert (new.actual_spend, new.match_cash, new.community_engagement, new.version, new.state) == (
        Decimal("400.50"),
        Decimal("100"),
        "Young people chose it",
        1,
        ReturnState.DRAFT,
    )
    officer = tree_a.members["officer"].user
    assert [(h.history_user, h.history_change_reason) for h in healthy.history.all()[:1]] == [(officer, "Draft saved")]
    assert healthy.history.count() == 2  # the old version is kept
    theirs = SpendReturn.objects.get(pk=tree_b.spend_return.pk)
    assert (theirs.actual_spend, theirs.version) == (Decimal("9000"), 1)


def test_one_bad_row_means_nothing_is_saved_and_every_problem_is_listed(as_officer, tree_a, youth):
    sheet = download(as_officer, tree_a)
    fill(sheet, HEALTHY, **{ACTUAL: 9500, SUSTAINABILITY: "Fine on its own"})
    fill(sheet, YOUTH, **{ACTUAL: "lots", CASH: -5})
    response = upload(as_officer, tree_a, sheet)
    row = sheet.row_of(YOUTH)
    assert problems(response) == [
        (row, YOUTH, ACTUAL, "Enter an amount in pounds, like 1250.50."),
        (row, YOUTH, CASH, "Enter an amount of £0 or more."),
    ]
    page = response.content.decode()
    assert "Nothing has been saved" in page and '<th scope="col" class="govuk-table__header">Commission</th>' in page
    assert_nothing_saved(tree_a)


def test_a_rule_of_the_spend_page_broken_on_submission_saves_nothing(as_officer, tree_a, youth):
    sheet = download(as_officer, tree_a)
    fill(sheet, HEALTHY, **{"Reason for variance": "n/a"})  # 9,000 against 10,000: within 10%
    fill(sheet, YOUTH, **{ACTUAL: 900})  # 80% over its 500 profile, with no reason
    response = upload(as_officer, tree_a, sheet, action=ReturnAction.SUBMIT)
    found = problems(response)
    assert [(r, c, f) for r, c, f, _ in found] == [
        (sheet.row_of(YOUTH), YOUTH, "Reason for variance"),
        (sheet.row_of(YOUTH), YOUTH, "Action being taken"),
    ]
    assert "80.0% over profile" in found[0][3]
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).state == ReturnState.DRAFT
    assert_nothing_saved(tree_a)


def test_a_formula_is_refused_rather_than_read(as_officer, tree_a, youth):
    sheet = download(as_officer, tree_a)
    fill(sheet, HEALTHY, **{ACTUAL: "=9000+500"})
    fill(sheet, YOUTH, **{ACTUAL: 400, "Partnership working": "=A1"})
    response = upload(as_officer, tree_a, sheet)
    assert problems(response) == [
        (sheet.row_of(HEALTHY), HEALTHY, ACTUAL, "This cell holds a formula (=9000+500): type the figure itself."),
        (
            sheet.row_of(YOUTH),
            YOUTH,
            "Partnership working",
            "This cell holds a formula (=A1): type the words themselves.",
        ),
    ]
    assert_nothing_saved(tree_a)


def test_an_empty_cell_keeps_what_is_saved(as_officer, tree_a):
    SpendReturn.objects.filter(pk=tree_a.spend_return.pk).update(match_cash=250, sustainability="Saved words")
    sheet = download(as_officer, tree_a)
    fill(sheet, HEALTHY, **{ACTUAL: None, CASH: None, SUSTAINABILITY: None, "Commentary": "New words"})
    assert upload(as_officer, tree_a, sheet).status_code == 302
    ret = SpendReturn.objects.get(pk=tree_a.spend_return.pk)
    assert (ret.actual_spend, ret.match_cash, ret.sustainability, ret.commentary, ret.version) == (
        Decimal("9000"),
        Decimal("250"),
        "Saved words",
        "New words",
        2,
    )


def test_only_returns_in_progress_change_and_a_stale_row_is_a_conflict(as_officer, tree_a, youth):
    SpendReturn.objects.filter(pk=tree_a.spend_return.pk).update(state=ReturnState.SUBMITTED)
    sheet = download(as_officer, tree_a)
    fill(sheet, YOUTH, **{ACTUAL: 400})
    assert upload(as_officer, tree_a, sheet).status_code == 302  # the submitted row, unchanged, is skipped
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).version == 1

    sheet = download(as_officer, tree_a)
    fill(sheet, HEALTHY, **{ACTUAL: 1})
    fill(sheet, YOUTH, **{ACTUAL: 450})
    # meanwhile, someone saves Youth's on the website
    officer = tree_a.members["officer"]
    save_spend_return(
        commission=youth,
        period=tree_a.period,
        data=SpendInput(actual_spend=Decimal("410")),
        action=ReturnAction.SAVE_DRAFT,
        user=officer.user,
        access=access_for(officer),
        expected_version=1,
    )
    found = problems(upload(as_officer, tree_a, sheet))
    assert [(r, c, f) for r, c, f, _ in found] == [
        (sheet.row_of(HEALTHY), HEALTHY, ""),
        (sheet.row_of(YOUTH), YOUTH, ""),
    ]
    assert found[0][3] == "A return that is submitted cannot be saved as a draft."
    assert "Someone changed this return on the website" in found[1][3] and "version 2" in found[1][3]
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).actual_spend == Decimal("9000")
    assert SpendReturn.objects.get(commission=youth).actual_spend == Decimal("410")


def test_rows_of_another_themes_or_partnerships_commissions_are_rejected(as_officer, tree_a, tree_b):
    enterprise = make_commission(tree_a, "Enterprise Commission", theme=tree_a.other_theme)
    sheet = download(as_officer, tree_a)
    last, cols = sheet.sheet.max_row, sheet.columns
    for offset, (name, commission_id) in enumerate(
        [(enterprise.name, enterprise.pk), (HEALTHY, tree_b.commission.pk), ("Nobody's Commission", None)], start=1
    ):
        cells = {"Commission": name, ACTUAL: 5, "Commission ID": commission_id, "Period ID": tree_a.period.pk}
        for header, value in cells.items():
            sheet.sheet.cell(last + offset, cols[header]).value = value
    found = problems(upload(as_officer, tree_a, sheet))
    assert [message for *_, message in found] == [
        "Enterprise Commission is funded by the Enterprise theme: upload it with that theme's spreadsheet.",
        f"This row is not one of the Well-Being spend returns for {tree_a.quarter.label}: it comes from another "
        "spreadsheet. Download a fresh copy of the spend spreadsheet and enter the figures in it.",
        "There is no commission or project called “Nobody's Commission” in the Well-Being theme.",
    ]
    assert "Beta" not in upload(as_officer, tree_a, sheet).content.decode()
    assert SpendReturn.objects.get(pk=tree_b.spend_return.pk).actual_spend == Decimal("9000")


# --- who may ----------------------------------------------------------------------------------------


def test_an_outsider_gets_404_and_a_member_without_the_role_403(client, tree_a, tree_b):
    client.force_login(tree_b.members["admin"].user)
    for name in ("download", "upload"):
        assert client.get(sheet_url(tree_a, name)).status_code == 404
        assert client.post(sheet_url(tree_a, name)).status_code in (404, 405)
    client.force_login(tree_a.members["plain"].user)
    assert client.get(sheet_url(tree_a, "download")).status_code == 403
    assert client.get(sheet_url(tree_a, "upload")).status_code == 403


def test_the_money_page_links_the_spreadsheets_to_those_who_enter_spend(client, as_officer, tree_a):
    page = as_officer.get("/p/alpha/money/").content.decode()
    assert sheet_url(tree_a, "download") in page and sheet_url(tree_a, "upload") in page
    client.force_login(tree_a.members["plain"].user)
    assert sheet_url(tree_a, "download") not in client.get("/p/alpha/money/").content.decode()


def test_the_upload_page_speaks_of_spend_and_names_the_download(as_officer, tree_a):
    page = as_officer.get(sheet_url(tree_a, "upload")).content.decode()
    label = tree_a.quarter.label.replace(" ", "-").replace("/", "-")
    assert "Upload spend returns from a spreadsheet" in page and "Back to commissions and projects" in page
    assert f"alpha-well-being-spend-{label}.xlsx" in page
    response = as_officer.get(sheet_url(tree_a, "download"))
    assert response["Content-Disposition"] == f'attachment; filename="alpha-well-being-spend-{label}.xlsx"'
    assert response["Cache-Control"] == "private, no-store"
