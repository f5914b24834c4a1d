"""The board pack pages: progress then a download link, links from the board page, and who may
see, request and download a meeting's pack."""

import pytest

from reporting.packs.build import request_pack
from reporting.tasks import build_board_pack

from ...builders import make_member, make_user
from .helpers import built, meeting_of

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


# --- the pages ----------------------------------------------------------------------------------


def test_the_meeting_page_shows_progress_then_a_download_link(client, figures):
    client.force_login(figures.members["chair"].user)
    pack, _ = request_pack(figures.meeting, figures.members["chair"])  # queued: its task not run
    page = client.get(f"/p/alpha/packs/meeting/{figures.meeting.pk}/").content.decode()
    assert "Queued" in page and f'hx-get="/p/alpha/packs/{pack.pk}/status/"' in page and 'hx-trigger="every 2s"' in page

    build_board_pack.delay(pack.pk)
    status = client.get(f"/p/alpha/packs/{pack.pk}/status/").content.decode()
    assert "Ready" in status and "hx-trigger" not in status
    assert f'href="/p/alpha/packs/{pack.pk}/download/"' in status

    response = client.get(f"/p/alpha/packs/{pack.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="well-being-board-board-pack-' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_board_page_links_each_upcoming_meeting_to_its_pack(client, tree_a):
    url = f"/p/alpha/boards/{tree_a.theme_board.pk}/"
    link = f'href="/p/alpha/packs/meeting/{tree_a.meeting.pk}/"'
    client.force_login(tree_a.members["business"].user)
    assert link in client.get(url).content.decode()
    client.force_login(tree_a.members["plain"].user)
    assert link not in client.get(url).content.decode()


@pytest.mark.parametrize(
    "persona, allowed",
    [
        ("chair", True),  # a seat on the meeting's board
        ("business", True),  # the business group reads every board's papers
        ("admin", True),
        ("plain", False),
        ("officer", False),  # a theme role is not a seat on the board
    ],
)
def test_who_may_see_request_and_download_a_meeting_pack(client, tree_a, persona, allowed):
    pack = built(tree_a.meeting)
    client.force_login(tree_a.members[persona].user)
    expected = 200 if allowed else 403
    assert client.get(f"/p/alpha/packs/meeting/{tree_a.meeting.pk}/").status_code == expected
    assert client.get(f"/p/alpha/packs/{pack.pk}/status/").status_code == expected
    assert client.get(f"/p/alpha/packs/{pack.pk}/download/").status_code == expected
    assert client.post(f"/p/alpha/packs/meeting/{tree_a.meeting.pk}/request/").status_code == (302 if allowed else 403)


def test_a_board_chair_may_not_have_another_boards_pack(client, tree_a):
    client.force_login(tree_a.members["chair"].user)
    top = meeting_of(tree_a.top_board)
    assert client.get(f"/p/alpha/packs/meeting/{top.pk}/").status_code == 403


def test_methods_and_unfinished_packs(client, tree_a):
    client.force_login(tree_a.members["business"].user)
    assert client.get(f"/p/alpha/packs/meeting/{tree_a.meeting.pk}/request/").status_code == 405
    assert client.post(f"/p/alpha/packs/{tree_a.board_pack.pk}/download/").status_code == 405
    assert client.get(f"/p/alpha/packs/{tree_a.board_pack.pk}/download/").status_code == 404  # failed: no file


def test_another_partnerships_packs_are_not_found(client, tree_a, tree_b):
    pack_b = built(tree_b.meeting)
    client.force_login(tree_a.members["admin"].user)
    assert client.get(f"/p/alpha/packs/{pack_b.pk}/download/").status_code == 404
    assert client.get(f"/p/alpha/packs/{pack_b.pk}/status/").status_code == 404
    assert client.get(f"/p/alpha/packs/meeting/{tree_b.meeting.pk}/").status_code == 404
    assert client.post(f"/p/alpha/packs/meeting/{tree_b.meeting.pk}/request/").status_code == 404
    client.force_login(tree_b.members["admin"].user)
    assert client.get(f"/p/beta/packs/{pack_b.pk}/download/").status_code == 200
    # a member of both partnerships still cannot reach B's pack through A
    both = make_member(tree_b.partnership, make_user("both"))
    make_member(tree_a.partnership, both.user)
    client.force_login(both.user)
    assert client.get(f"/p/alpha/packs/{pack_b.pk}/download/").status_code == 404
