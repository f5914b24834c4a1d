"""Journey 4: a member of another partnership tries the pages journeys 1-3 used in partnership A
and finds nothing there: every one is the 404 page, with none of A's data on it."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from indicators.return_rules import ATTESTATION_FIELDS
from indicators.services.returns import ReturnInput, save_return
from indicators.workflow import ReturnAction
from partnership.services.access import access_for
from reporting.models import BoardPack

from .helpers import sign_in

pytestmark = pytest.mark.usefixtures("returns_a")

NOT_FOUND_HEADING = "Page not found"


def journeys_urls(tree):
    """The pages of A that journeys 1-3 open, by what they are."""
    slug = tree.partnership.slug
    ret = tree.indicator_return
    return {
        "overview": f"/p/{slug}/",
        "my returns": f"/p/{slug}/returns/",
        "the return": f"/p/{slug}/returns/{ret.indicator_id}/{ret.period_id}/",
        "the theme": f"/p/{slug}/themes/{tree.theme.slug}/",
        "the theme dashboard": f"/p/{slug}/themes/{tree.theme.slug}/dashboard/",
        "the dashboard PDF": f"/p/{slug}/themes/{tree.theme.slug}/dashboard/pdf/",
        "the theme board": f"/p/{slug}/boards/{tree.theme_board.pk}/",
        "the meeting's board pack": f"/p/{slug}/packs/meeting/{tree.meeting.pk}/",
        "the board pack's status": f"/p/{slug}/packs/{tree.board_pack.pk}/status/",
        "the board pack download": f"/p/{slug}/packs/{tree.board_pack.pk}/download/",
    }


def submitted_return_with_ready_pack(tree):
    """A's return waiting for approval and a finished board pack, so each URL has something real
    behind it for A's members."""
    officer, ret = tree.members["officer"], tree.indicator_return
    save_return(
        indicator=ret.indicator,
        period=ret.period,
        action=ReturnAction.SUBMIT,
        user=officer.user,
        access=access_for(officer),
        expected_version=ret.version,
        data=ReturnInput(value=Decimal(41), attestations=dict.fromkeys(ATTESTATION_FIELDS, True)),
    )
    ret.refresh_from_db()
    pack = tree.board_pack
    pack.status, pack.page_count = BoardPack.Status.DONE, 1
    pack.file.save("alpha-board-pack.pdf", ContentFile(b"%PDF-1.4\n% Alpha Partnership board pack\n"), save=False)
    pack.save()


@pytest.fixture
def a_member_sees_each_page(client, tree_a):
    """The control: every URL is a working page for A's administrator, so the 404s below are
    about who is asking, not mistyped addresses."""

    def check(urls):
        client.force_login(tree_a.members["admin"].user)
        for what, url in urls.items():
            response = client.get(url)
            response.close()  # the downloads are streamed files
            assert response.status_code == 200, f"{what} ({url}) is {response.status_code} for A's administrator"
        client.logout()

    return check


def test_a_member_of_another_partnership_finds_none_of_a_pages(
    page, live_server, tree_a, tree_b, screenshot, console_watch, settings, tmp_path, a_member_sees_each_page
):
    # given: A's pages, each with something behind it
    settings.MEDIA_ROOT = tmp_path
    submitted_return_with_ready_pack(tree_a)
    urls = journeys_urls(tree_a)
    a_member_sees_each_page(urls)

    # when: B's administrator signs in and tries each of them
    sign_in(page, live_server, "admin_b")
    for what, url in urls.items():
        response = page.goto(live_server.url + url)

        # then: it is not found, and shows nothing of A
        assert response.status == 404, f"{what} ({url}) answered {response.status} to an outsider"
        expect(page.get_by_role("heading", level=1), f"{what} ({url})").to_have_text(NOT_FOUND_HEADING)
        shown = page.content()
        # (B's boards and themes have the same names as A's: only these are A's alone.)
        for secret in ("Alpha Partnership", tree_a.partnership.area_name, tree_a.indicator.title):
            assert secret not in shown, f"{what} ({url}) shows {secret!r} to an outsider"

    # when: they post the approval the report coordinator made in journey 2, with a valid CSRF token
    csrf_token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    ret = tree_a.indicator_return
    response = page.request.post(
        f"{live_server.url}/p/{tree_a.partnership.slug}/returns/r/{ret.pk}/decide/",
        form={"action": "approve", "version": str(ret.version), "reason": ""},
        headers={"X-CSRFToken": csrf_token},
    )

    # then: that is not found either, and the return is still waiting for approval
    assert response.status == 404
    assert NOT_FOUND_HEADING in response.text() and "Alpha Partnership" not in response.text()
    ret.refresh_from_db()
    assert ret.state == "submitted"
    console_watch.assert_clean()
    screenshot("journey-4-outsider-not-found")
