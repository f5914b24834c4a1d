"""A set-up upload with any bad row changes nothing and lists every problem as "Row N, column X";
only administrators may download or upload (others 403, another partnership 404)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from indicators.models import AnnualTarget, Indicator
from partnership.models import Board, Meeting, Membership, RoleAssignment

from ..conftest import client_for
from .setup_spreadsheet_helpers import download, problems, upload, url

pytestmark = pytest.mark.django_db


def snapshot():
    return [m.objects.count() for m in (Board, Meeting, Membership, RoleAssignment, Indicator, AnnualTarget)] + [
        Membership.history.count(),
        RoleAssignment.history.count(),
        AnnualTarget.history.count(),
    ]


def refused(client, tree, template, book, *expected):
    before = snapshot()
    response = upload(client, tree.partnership, template, book.as_upload("mine.xlsx"))
    assert response.status_code == 200
    found = problems(response)
    for message in expected:
        assert message in found, found
    assert snapshot() == before
    content = response.content.decode()
    assert "govuk-error-summary" in content and "mine.xlsx" in content
    return found


def test_an_unknown_board_a_bad_date_and_another_partnerships_board_are_refused(as_admin, tree_a, tree_b):
    Board.objects.create(partnership=tree_b.partnership, name="Beta Only Board", kind="theme_board")
    book = download(as_admin, tree_a.partnership, "boards")
    good = book.append("Boards", Board="New Board", Kind="Theme board")  # a good row is not applied either
    book.append("Meetings", Board="Beta Only Board", Date="14/07/2027", Time="18:30")
    book.append("Meetings", Board="New Board", Date="31/02/2027", Time="18:30")
    book.append("Themes", Theme="Orphan", Managed_by_board="Nowhere Board")
    assert good == 6
    refused(
        as_admin,
        tree_a,
        "boards",
        book,
        "Meetings sheet, Row 3, column Board: There is no board called “Beta Only Board” in this partnership or on "
        "the Boards sheet.",
        "Meetings sheet, Row 4, column Date: Enter a real date, like 14/07/2027.",
        "Themes sheet, Row 4, column Managed by board: There is no board called “Nowhere Board” in this partnership "
        "or on the Boards sheet.",
    )
    assert not Board.objects.for_partnership(tree_a.partnership).filter(name="New Board").exists()


def test_a_loop_of_boards_and_an_unknown_kind_are_refused(as_admin, tree_a):
    book = download(as_admin, tree_a.partnership, "boards")
    names = [row["Board"] for row in book.rows("Boards")]
    book.set("Boards", 2 + names.index("Partnership Board"), Reports_to="Business Group")
    book.append("Boards", Board="Odd", Kind="Committee of the whole")
    found = refused(as_admin, tree_a, "boards", book)
    assert (
        "Boards sheet, Row 4, column Reports to: Partnership Board would report to one of its own sub-boards." in found
    )
    assert any(f.startswith("Boards sheet, Row 6, column Kind: “Committee of the whole” is not a kind") for f in found)


def test_people_refusals(as_admin, tree_a):
    book = download(as_admin, tree_a.partnership, "people")
    book.append("People", Email="officer_a@example.org", Job_title="Twice")
    book.append("Roles", Email="nobody@example.org", Role="Board member", Board="Executive")
    book.append("Roles", Email="plain_a@example.org", Role="Lead Information Officer", Board="Executive")
    book.append("Roles", Email="plain_a@example.org", Role="Report Coordinator", Theme="Beta Theme")
    book.append("Roles", Email="plain_a@example.org", Role="Business group member", Board="Executive")
    rows = len(book.rows("Roles")) + 1
    found = refused(
        as_admin,
        tree_a,
        "people",
        book,
        "Roles sheet, Row %d, column Email: There is no one with the email nobody@example.org on the People sheet or "
        "in this partnership." % (rows - 3),
        "Roles sheet, Row %d, column Theme: Choose the theme this Lead Information Officer works for." % (rows - 2),
        "Roles sheet, Row %d, column Theme: There is no theme called “Beta Theme” in this partnership: add it with "
        "the boards and meetings template first." % (rows - 1),
        "Roles sheet, Row %d, column Board: A business group member sits on a business group: choose one." % rows,
    )
    assert any("People sheet" in f and "officer_a@example.org is already on row" in f for f in found)


def test_the_last_administrator_cannot_be_deactivated_nor_lose_the_role(as_admin, tree_a):
    book = download(as_admin, tree_a.partnership, "people")
    roles = [(row["Email"], row["Role"]) for row in book.rows("Roles")]
    book.set("Roles", 2 + roles.index(("admin_a@example.org", "Partnership administrator")), Remove="Yes")
    book.append("People", Email="extra@example.org", First_name="Ex", Last_name="Tra")
    found = refused(as_admin, tree_a, "people", book)
    assert any("only active administrator" in f and f.startswith("Roles sheet") for f in found), found
    assert not Membership.objects.filter(user__email="extra@example.org").exists()


def test_indicator_refusals(as_admin, tree_a):
    fy = tree_a.partnership.agreement_years(timezone.localdate())[0]
    year = f"{fy}/{(fy + 1) % 100:02d}"
    book = download(as_admin, tree_a.partnership, "indicators")
    book.append("Indicators", Code="NI 999", Lead_theme="Well-Being", Unit="Count", Polarity="Higher is better")
    book.append("Indicators", Code="L 9", Title="Local", Lead_theme="Nowhere", Unit="Count", Polarity="Lower is better")
    targets = [(row["Code"], row["Year"]) for row in book.rows("Targets")]
    row = 2 + targets.index(("NI 112", year))
    book.set("Targets", row, Target="forty", Monitoring_level=None)
    book.set("Targets", row + 1, Target=50, Monitoring_level=40)  # NI 112: lower is better
    book.set("Targets", row + 2, Target="=40+2")
    refused(
        as_admin,
        tree_a,
        "indicators",
        book,
        "Indicators sheet, Row 3, column Code: There is no NI 999 in the national indicator set: check the code.",
        "Indicators sheet, Row 4, column Lead theme: There is no theme called “Nowhere” in this partnership.",
        f"Targets sheet, Row {row}, column Target: Enter a number, like 42.5 (no commas, % or £ signs).",
        f"Targets sheet, Row {row + 1}, column Monitoring level: The monitoring level must be at or above the target, "
        "because lower is better for this indicator.",
        f"Targets sheet, Row {row + 2}, column Target: This cell holds a formula (=40+2): type the value itself.",
    )


def test_a_file_that_is_not_xlsx_or_too_big_is_refused(as_admin, tree_a):
    for name, content, message in [
        ("people.csv", b"Email\n", "The file must be an Excel spreadsheet (.xlsx)."),
        ("people.xlsx", b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024), "The file must be smaller than 2 MB"),
        ("people.xlsx", b"not a zip at all", "The file is not an Excel spreadsheet (.xlsx)."),
    ]:
        response = upload(as_admin, tree_a.partnership, "people", SimpleUploadedFile(name, content))
        errors = response.context["form"].errors["file"]
        assert any(e.startswith(message) for e in errors), errors


def test_another_templates_file_is_refused_as_a_whole(as_admin, tree_a):
    book = download(as_admin, tree_a.partnership, "boards")
    response = upload(as_admin, tree_a.partnership, "people", book.as_upload())
    assert response.context["form"].errors["file"] == [
        "The spreadsheet has no Organisations sheet, so it is not a people and roles template. Download a fresh copy "
        "of the template and fill it in."
    ]


@pytest.mark.parametrize("template", ["boards", "people", "indicators"])
@pytest.mark.parametrize("which", ["download", "upload"])
def test_only_administrators_may_use_the_templates(client, tree_a, tree_b, template, which):
    address = url(tree_a.partnership, template, which)
    for persona in ("officer", "chair", "plain"):
        assert client_for(client, tree_a.members[persona]).get(address).status_code == 403
        assert client.post(address, {}).status_code == 403
    assert client_for(client, tree_b.members["admin"]).get(address).status_code == 404
    setup_page = address.split("setup/")[0] + "setup/"
    assert client.get(setup_page).status_code == 404
    assert client_for(client, tree_a.members["officer"]).get(setup_page).status_code == 403
