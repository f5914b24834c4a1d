"""Forms that change data: role checks (403), method checks (405), clear errors, nothing lost,
and no silent overwrite when two people edit a meeting at once."""

import datetime as dt

import pytest
from django.utils import timezone

from partnership.models import Meeting, RoleAssignment
from partnership.roles import Role


def future(days=40):
    return (timezone.localtime() + dt.timedelta(days=days)).replace(second=0, microsecond=0)


# --- scheduling meetings ---------------------------------------------------------------------


def test_a_chair_schedules_a_meeting_of_their_board(as_chair, tree_a):
    when = future()
    response = as_chair.post(
        f"/p/alpha/boards/{tree_a.theme_board.pk}/meetings/new/",
        {"title": "Q3 review", "starts_at": when.strftime("%Y-%m-%dT%H:%M"), "location": "Room 2"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Q3 review")
    assert meeting.board == tree_a.theme_board and meeting.starts_at == when


def test_a_chair_cannot_schedule_meetings_of_another_board(as_chair, tree_a):
    assert as_chair.get(f"/p/alpha/boards/{tree_a.top_board.pk}/meetings/new/").status_code == 403


@pytest.mark.parametrize("member", ["plain", "officer", "business"])
def test_members_without_the_role_get_403(client, tree_a, member):
    client.force_login(tree_a.members[member].user)
    assert client.get(f"/p/alpha/boards/{tree_a.theme_board.pk}/meetings/new/").status_code == 403
    assert client.get(f"/p/alpha/meetings/{tree_a.meeting.pk}/edit/").status_code == 403
    assert client.post(f"/p/alpha/meetings/{tree_a.meeting.pk}/edit/", {}).status_code == 403


def test_a_bad_date_gets_a_message_beside_the_field_and_keeps_what_was_typed(as_chair, tree_a):
    response = as_chair.post(
        f"/p/alpha/boards/{tree_a.theme_board.pk}/meetings/new/",
        {"title": "Budget challenge session", "starts_at": "31/02/2027 10:00", "location": "Room 9"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_starts_at"' in html  # the summary links to the field
    assert 'id="id_starts_at-error"' in html and "Enter a real date and time" in html
    assert 'value="Budget challenge session"' in html and 'value="Room 9"' in html
    assert 'value="31/02/2027 10:00"' in html
    assert "govuk-input--error" in html
    assert html.startswith("<!DOCTYPE html>") and "<title>Error:" in html
    assert not Meeting.objects.filter(title="Budget challenge session").exists()


def test_a_missing_date_is_named(as_chair, tree_a):
    response = as_chair.post(f"/p/alpha/boards/{tree_a.theme_board.pk}/meetings/new/", {"title": "x"})
    assert "Enter the date and time of the meeting." in response.content.decode()


def test_editing_a_meeting_saves_and_counts_versions(as_chair, tree_a):
    meeting = tree_a.meeting
    when = future(50)
    response = as_chair.post(
        f"/p/alpha/meetings/{meeting.pk}/edit/",
        {
            "title": "Moved",
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "location": "Annex",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.location, meeting.version) == ("Moved", "Annex", 2)


def test_two_people_editing_a_meeting_do_not_overwrite_each_other(client, tree_a):
    # given: the chair and the administrator both open the same meeting (version 1)
    meeting = tree_a.meeting
    client.force_login(tree_a.members["admin"].user)
    when = future(60).strftime("%Y-%m-%dT%H:%M")
    # when: the administrator saves first
    first = client.post(
        f"/p/alpha/meetings/{meeting.pk}/edit/", {"title": "Admin's title", "starts_at": when, "version": 1}
    )
    assert first.status_code == 302
    # and the chair saves their copy, still based on version 1
    client.force_login(tree_a.members["chair"].user)
    second = client.post(
        f"/p/alpha/meetings/{meeting.pk}/edit/",
        {"title": "Chair's title", "starts_at": when, "location": "Chair's room", "version": 1},
    )
    # then: the chair's save is refused with an explanation, showing both versions
    assert second.status_code == 200
    html = second.content.decode()
    assert "Someone else changed this meeting" in html
    assert "Admin&#x27;s title" in html and 'value="Chair&#x27;s title"' in html and 'value="Chair&#x27;s room"' in html
    meeting.refresh_from_db()
    assert meeting.title == "Admin's title" and meeting.version == 2
    # and the chair, having seen the other version, can save on top of it deliberately
    assert 'name="version" value="2"' in html
    third = client.post(
        f"/p/alpha/meetings/{meeting.pk}/edit/", {"title": "Chair's title", "starts_at": when, "version": 2}
    )
    assert third.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Chair's title" and meeting.version == 3


# --- roles and members ----------------------------------------------------------------------


def test_an_administrator_gives_a_role(as_admin, tree_a):
    plain = tree_a.members["plain"]
    response = as_admin.post(
        f"/p/alpha/people/{plain.pk}/roles/new/", {"role": Role.REPORT_COORDINATOR, "theme": tree_a.theme.pk}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(membership=plain, role=Role.REPORT_COORDINATOR, theme=tree_a.theme).exists()


def test_a_role_of_the_wrong_shape_is_explained_beside_the_field(as_admin, tree_a):
    plain = tree_a.members["plain"]
    response = as_admin.post(
        f"/p/alpha/people/{plain.pk}/roles/new/", {"role": Role.BOARD_CHAIR, "theme": tree_a.theme.pk}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Choose the board this board chair sits on." in errors["board"]
    assert "not held over a theme" in errors["theme"][0]
    # What was chosen is still chosen.
    assert response.context["form"]["role"].value() == Role.BOARD_CHAIR
    assert str(response.context["form"]["theme"].value()) == str(tree_a.theme.pk)


def test_a_duplicate_role_is_refused_with_a_message(as_admin, tree_a):
    officer = tree_a.members["officer"]
    response = as_admin.post(
        f"/p/alpha/people/{officer.pk}/roles/new/", {"role": Role.LEAD_INFORMATION_OFFICER, "theme": tree_a.theme.pk}
    )
    assert response.status_code == 200
    assert "already holds this role" in response.content.decode()


def test_a_role_cannot_point_at_another_partnerships_board(as_admin, tree_a, tree_b):
    plain = tree_a.members["plain"]
    response = as_admin.post(
        f"/p/alpha/people/{plain.pk}/roles/new/", {"role": Role.BOARD_CHAIR, "board": tree_b.top_board.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["board"][0]
    assert not plain.role_assignments.exists()


def test_only_administrators_give_and_remove_roles(client, tree_a):
    client.force_login(tree_a.members["chair"].user)
    officer = tree_a.members["officer"]
    assignment = officer.role_assignments.get()
    assert client.get(f"/p/alpha/people/{officer.pk}/roles/new/").status_code == 403
    assert client.post(f"/p/alpha/roles/{assignment.pk}/remove/").status_code == 403
    assert client.get(f"/p/alpha/people/{officer.pk}/edit/").status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_removing_a_role_is_confirmed_first(as_admin, tree_a):
    assignment = tree_a.members["officer"].role_assignments.get()
    asked = as_admin.get(f"/p/alpha/roles/{assignment.pk}/remove/")  # the confirmation, which changes nothing
    assert asked.status_code == 200 and "Remove the role" in asked.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    response = as_admin.post(f"/p/alpha/roles/{assignment.pk}/remove/")
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_administrator_edits_a_members_organisation_and_a_blank_form_deactivates_nobody(as_admin, tree_a):
    plain = tree_a.members["plain"]
    response = as_admin.post(
        f"/p/alpha/people/{plain.pk}/edit/", {"organisation": tree_a.organisation.pk, "job_title": "Analyst"}
    )
    assert response.status_code == 302
    plain.refresh_from_db()
    assert plain.organisation == tree_a.organisation and plain.job_title == "Analyst" and plain.is_active
    as_admin.post(f"/p/alpha/people/{plain.pk}/edit/", {})
    plain.refresh_from_db()
    assert plain.is_active


def test_a_member_cannot_be_given_another_partnerships_organisation(as_admin, tree_a, tree_b):
    plain = tree_a.members["plain"]
    response = as_admin.post(
        f"/p/alpha/people/{plain.pk}/edit/",
        {"organisation": tree_b.organisation.pk, "job_title": "Spy", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert 'value="Spy"' in response.content.decode()
