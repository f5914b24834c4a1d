"""Set-up from spreadsheets: each template downloads filled in with what exists, and uploading it
unchanged changes nothing (no new rows, no new history); edits are applied and said."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import AnnualTarget, Indicator, PeriodTarget
from partnership.models import Board, Meeting, Membership, Organisation, RoleAssignment, Theme
from partnership.roles import Role

from ..builders import make_indicator
from .setup_spreadsheet_helpers import download, outcome, problems, upload, url

pytestmark = pytest.mark.django_db


def history_counts():
    return (
        Membership.history.count(),
        RoleAssignment.history.count(),
        AnnualTarget.history.count(),
        PeriodTarget.history.count(),
    )


def table_counts():
    return [m.objects.count() for m in (Board, Theme, Meeting, Organisation, Membership, RoleAssignment, Indicator)]


@pytest.mark.parametrize("template", ["boards", "people", "indicators"])
def test_uploading_a_download_unchanged_changes_nothing(as_admin, tree_a, template):
    # given what exists, with targets and a profile
    fy = tree_a.partnership.agreement_years(timezone.localdate())[0]
    make_indicator(
        tree_a,
        "L 01",
        title="Local count",
        unit="count",
        polarity="higher",
        accumulation="cumulative",
        targets=[(fy, 40, 30)],
    )
    before, history = table_counts(), history_counts()
    # when
    book = download(as_admin, tree_a.partnership, template)
    response = upload(as_admin, tree_a.partnership, template, book.as_upload())
    # then
    assert response.status_code == 200
    assert not response.context["form"].errors, problems(response)
    assert not response.context["outcome"].changed_anything
    assert table_counts() == before and history_counts() == history


def test_the_boards_template_holds_what_exists(as_admin, tree_a):
    book = download(as_admin, tree_a.partnership, "boards")
    boards = {row["Board"]: row for row in book.rows("Boards")}
    assert boards["Business Group"]["Kind"] == "Business group"
    assert boards["Business Group"]["Reports to"] == "Executive"
    themes = {row["Theme"]: row["Managed by board"] for row in book.rows("Themes")}
    assert themes == {"Well-Being": "Well-Being Board", "Enterprise": "Executive"}
    [meeting] = book.rows("Meetings")
    local = timezone.localtime(tree_a.meeting.starts_at)
    assert (meeting["Board"], meeting["Time"]) == ("Well-Being Board", f"{local:%H:%M}")
    assert meeting["Date"].date() == local.date()
    assert book.workbook["Boards"].protection.sheet and "Instructions" in book.workbook.sheetnames
    assert any(
        v.formula1.startswith('"Partnership board') for v in book.workbook["Boards"].data_validations.dataValidation
    )


def test_new_boards_themes_and_meetings_are_created(as_admin, tree_a):
    book = download(as_admin, tree_a.partnership, "boards")
    book.append("Boards", Board="Safer Communities Board", Kind="Theme board", Reports_to="Partnership Board")
    book.append("Boards", Board="ASB Sub-group", Kind="sub_group", Reports_to="Safer Communities Board")
    book.append("Themes", Theme="Safer Communities", Managed_by_board="Safer Communities Board")
    book.append("Meetings", Board="Safer Communities Board", Date=dt.datetime(2027, 7, 14), Time="18:30")
    book.append("Meetings", Board="ASB Sub-group", Date="15/07/2027", Time=dt.time(9, 0), Location="Civic Centre")
    response = upload(as_admin, tree_a.partnership, "boards", book.as_upload())
    assert outcome(response) == {"Boards": (2, 0, 4), "Themes": (1, 0, 2), "Meetings": (2, 0, 1)}
    board = Board.objects.for_partnership(tree_a.partnership).get(name="ASB Sub-group")
    assert board.parent.name == "Safer Communities Board" and board.kind == "sub_group"
    theme = Theme.objects.for_partnership(tree_a.partnership).get(name="Safer Communities")
    assert theme.slug == "safer-communities" and theme.board.parent == tree_a.top_board
    meeting = Meeting.objects.get(board=board)
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == dt.datetime(2027, 7, 15, 9, 0)
    assert meeting.location == "Civic Centre"


def test_a_blank_cell_changes_nothing_and_a_new_value_changes_only_it(as_admin, tree_a):
    tree_a.top_board.remit = "Sets the strategy"
    tree_a.top_board.save()
    book = download(as_admin, tree_a.partnership, "boards")
    row = 2 + [r["Board"] for r in book.rows("Boards")].index("Partnership Board")
    book.set("Boards", row, Remit=None, Short_name="LSP", Kind=None)
    response = upload(as_admin, tree_a.partnership, "boards", book.as_upload())
    assert outcome(response)["Boards"] == (0, 1, 3)
    tree_a.top_board.refresh_from_db()
    assert (tree_a.top_board.remit, tree_a.top_board.short_name) == ("Sets the strategy", "LSP")


def test_people_and_roles_are_created_with_history_and_no_usable_password(as_admin, tree_a):
    book = download(as_admin, tree_a.partnership, "people")
    emails = [row["Email"] for row in book.rows("People")]
    assert "officer_a@example.org" in emails
    book.append("Organisations", Organisation="Haringey Police", Kind="Police")
    book.append(
        "People",
        Email="New.Person@Example.org",
        First_name="Nia",
        Last_name="Okoro",
        Organisation="Haringey Police",
        Job_title="Analyst",
    )
    book.append("Roles", Email="new.person@example.org", Role="Lead Information Officer", Theme="Enterprise")
    book.append("Roles", Email="new.person@example.org", Role="Board member", Board="Executive")
    response = upload(as_admin, tree_a.partnership, "people", book.as_upload())
    assert not response.context["form"].errors, problems(response)
    assert outcome(response)["People"] == (1, 0, len(emails))
    member = Membership.objects.for_partnership(tree_a.partnership).get(user__email="new.person@example.org")
    assert (member.user.get_full_name(), member.organisation.name, member.job_title) == (
        "Nia Okoro",
        "Haringey Police",
        "Analyst",
    )
    assert not member.user.has_usable_password()
    assert {(r.role, str(r.theme or r.board)) for r in member.role_assignments.all()} == {
        (Role.LEAD_INFORMATION_OFFICER, "Enterprise"),
        (Role.BOARD_MEMBER, "Executive"),
    }
    assert member.history.count() == 1 and RoleAssignment.history.filter(membership_id=member.pk).count() == 2


def test_people_are_deactivated_and_roles_removed_through_the_services(as_admin, tree_a):
    book = download(as_admin, tree_a.partnership, "people")
    people = [row["Email"] for row in book.rows("People")]
    book.set("People", 2 + people.index("plain_a@example.org"), Active="No")
    roles = [(row["Email"], row["Role"]) for row in book.rows("Roles")]
    book.set("Roles", 2 + roles.index(("chair_a@example.org", "Board chair")), Remove="Yes")
    response = upload(as_admin, tree_a.partnership, "people", book.as_upload())
    assert not response.context["form"].errors, problems(response)
    assert not Membership.objects.get(pk=tree_a.members["plain"].pk).is_active
    assert not tree_a.members["chair"].role_assignments.exists()
    reasons = {r.history_change_reason for r in RoleAssignment.history.filter(membership_id=tree_a.members["chair"].pk)}
    assert "Removed by Admin_A Tester" in reasons


def test_indicators_are_adopted_with_targets_and_a_blank_target_wipes_nothing(as_admin, tree_a):
    from indicators.models import CatalogueIndicator

    national, _ = CatalogueIndicator.objects.get_or_create(code="NI 40", defaults={"number": 40, "title": "Drug users"})
    CatalogueIndicator.objects.filter(pk=national.pk).update(polarity="higher")
    fy = tree_a.partnership.agreement_years(timezone.localdate())[0]
    AnnualTarget.objects.create(
        indicator=tree_a.indicator, period=_year(fy), value=50, monitoring_level=55, agreement="agreed"
    )
    book = download(as_admin, tree_a.partnership, "indicators")
    book.append(
        "Indicators", Code="ni 40", Lead_theme="Well-Being", Outcome_Lead_email="lead_a@example.org", Unit="Count"
    )
    book.append("Targets", Code="NI 40", Year=f"{fy}/{(fy + 1) % 100:02d}", Target=400, Monitoring_level=350,
                Profile_Q1=100, Profile_Q2=200, Profile_Q3=300, Profile_Q4=400)  # fmt: skip
    targets = [(row["Code"], row["Year"]) for row in book.rows("Targets")]
    book.set("Targets", 2 + targets.index(("NI 112", f"{fy}/{(fy + 1) % 100:02d}")), Target=None, Monitoring_level=52)
    response = upload(as_admin, tree_a.partnership, "indicators", book.as_upload())
    assert not response.context["form"].errors, problems(response)
    adopted = Indicator.objects.for_partnership(tree_a.partnership).get(code="NI 40")
    assert (adopted.title, adopted.polarity, adopted.catalogue.code) == (national.title, "higher", "NI 40")
    assert adopted.outcome_lead == tree_a.members["outcome_lead"] and adopted.accumulation == "cumulative"
    assert [p.value for p in adopted.period_targets.all()] == [100, 200, 300, 400]
    kept = AnnualTarget.objects.get(indicator=tree_a.indicator)
    assert (kept.value, kept.monitoring_level) == (Decimal(50), Decimal(52))
    assert kept.history.count() == 2  # created, then the monitoring level changed


def _year(fy):
    from indicators.models import Period
    from indicators.periods import year_span

    return Period.objects.for_span(year_span(fy))


def test_the_setup_page_lists_the_three_templates_in_order(as_admin, tree_a):
    response = as_admin.get(url(tree_a.partnership, "boards", "download").replace("boards/download/", ""))
    content = response.content.decode()
    assert response.status_code == 200
    positions = [
        content.index(title) for title in ("Boards and meetings", "People and their roles", "Indicators and targets")
    ]
    assert positions == sorted(positions)
    overview = as_admin.get(tree_a.partnership.get_absolute_url()).content.decode()
    assert "Set up from spreadsheets" in overview
