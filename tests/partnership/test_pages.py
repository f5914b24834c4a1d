"""Overview, boards, themes and people pages: they work, they are read-only to plain members,
their lists filter, sort, export and don't grow queries with rows."""

import csv
import io

import pytest

from partnership.models import Board, BoardKind
from partnership.roles import Role

from ..builders import make_member, make_user


def test_overview_shows_the_governance_tree_themes_and_my_roles(client, tree_a):
    client.force_login(tree_a.members["officer"].user)
    response = client.get("/p/alpha/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Alpha Partnership",
        "Partnership Board",
        "Business Group",
        "Well-Being",
        "Enterprise",
        "Lead Information Officer – Well-Being",
        "Q2 review",
    ]:
        assert text in html, text
    # The tree nests: the business group sits under the executive.
    assert html.index("Executive") < html.index("Business Group")


def test_board_list_filters_sorts_and_exports(as_plain, tree_a):
    response = as_plain.get("/p/alpha/boards/", {"kind": BoardKind.THEME_BOARD})
    assert response.status_code == 200
    rows = response.context["table"].rows
    assert [row.record.name for row in rows] == ["Well-Being Board"]

    response = as_plain.get("/p/alpha/boards/", {"sort": "-name"})
    names = [row.record.name for row in response.context["table"].rows]
    assert names == sorted(names, reverse=True)

    response = as_plain.get("/p/alpha/boards/", {"q": "business", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="alpha-boards.csv"' in response["Content-Disposition"]
    data = list(csv.reader(io.StringIO(response.content.decode())))
    assert data[0][0] == "Name" and [row[0] for row in data[1:]] == ["Business Group"]


def test_board_list_rejects_an_unknown_kind_with_a_message(as_plain):
    response = as_plain.get("/p/alpha/boards/", {"kind": "cabinet"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_board_list_query_count_does_not_grow_with_boards(as_plain, tree_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        as_plain.get("/p/alpha/boards/")
    for i in range(20):
        Board.objects.create(
            partnership=tree_a.partnership,
            name=f"Area committee {i}",
            kind=BoardKind.AREA_COMMITTEE,
            parent=tree_a.top_board,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_plain.get("/p/alpha/boards/")
    assert len(response.context["table"].rows) == 24


def test_people_list_filters_by_role_theme_and_organisation(as_plain, tree_a):
    response = as_plain.get("/p/alpha/people/", {"role": Role.LEAD_INFORMATION_OFFICER})
    assert [row.record.user.username for row in response.context["table"].rows] == ["officer_a"]
    response = as_plain.get("/p/alpha/people/", {"theme": tree_a.theme.pk})
    assert [row.record.user.username for row in response.context["table"].rows] == ["lead_a", "officer_a"]
    response = as_plain.get("/p/alpha/people/", {"organisation": tree_a.organisation.pk})
    assert [row.record.user.username for row in response.context["table"].rows] == ["officer_a"]
    response = as_plain.get("/p/alpha/people/", {"q": "chair_a"})
    assert response.status_code == 200


def test_people_filter_choices_are_scoped_to_the_partnership(as_plain, tree_a, tree_b):
    html = as_plain.get("/p/alpha/people/").content.decode()
    assert "Alpha Council" in html
    assert "Beta Council" not in html
    # Choosing another partnership's theme is refused, not silently applied.
    response = as_plain.get("/p/alpha/people/", {"theme": tree_b.theme.pk})
    assert "Select a valid choice" in response.content.decode()


def test_people_list_query_count_does_not_grow_with_people(as_plain, tree_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        as_plain.get("/p/alpha/people/")
    for i in range(15):
        make_member(
            tree_a.partnership,
            make_user(f"extra{i}"),
            [(Role.OUTCOME_LEAD, tree_a.theme), (Role.BOARD_MEMBER, tree_a.top_board)],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_plain.get("/p/alpha/people/")
    assert len(response.context["table"].rows) == 21


def test_people_export_includes_roles(as_plain):
    response = as_plain.get("/p/alpha/people/", {"export": "csv"})
    text = response.content.decode()
    assert "Lead Information Officer – Well-Being" in text


def test_theme_page_lists_its_officers_by_role(client, tree_a):
    client.force_login(tree_a.members["officer"].user)
    response = client.get("/p/alpha/themes/well-being/")
    assert response.status_code == 200
    officers = dict(response.context["officers"])
    assert [m.user.username for m in officers["Lead Information Officer"]] == ["officer_a"]
    assert response.context["can_enter_returns"] is True
    assert client.get("/p/alpha/themes/no-such-theme/").status_code == 404


def test_board_page_shows_members_and_meetings(as_chair, tree_a):
    response = as_chair.get(f"/p/alpha/boards/{tree_a.theme_board.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chair_A Tester" in html and "Q2 review" in html
    assert response.context["can_manage_meetings"] is True
    assert "Schedule a meeting" in html


def test_board_page_hides_meeting_controls_from_plain_members(as_plain, tree_a):
    response = as_plain.get(f"/p/alpha/boards/{tree_a.theme_board.pk}/")
    assert response.context["can_manage_meetings"] is False
    assert "Schedule a meeting" not in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/p/alpha/boards/999999/", "/p/alpha/people/999999/", "/p/alpha/meetings/999999/edit/"]
)
def test_a_bad_id_is_404(as_admin, url):
    assert as_admin.get(url).status_code == 404


def test_member_page_shows_roles_and_admin_controls_only_to_admins(client, tree_a):
    officer = tree_a.members["officer"]
    client.force_login(tree_a.members["plain"].user)
    html = client.get(f"/p/alpha/people/{officer.pk}/").content.decode()
    assert "Lead Information Officer" in html and "Give a role" not in html
    client.force_login(tree_a.members["admin"].user)
    html = client.get(f"/p/alpha/people/{officer.pk}/").content.decode()
    assert "Give a role" in html and "Remove" in html
