"""Journey: a business group member asks for a theme board meeting's pack, waits for it to be made
and downloads the PDF."""

import re

from playwright.sync_api import expect

from .helpers import sign_in


def test_business_group_member_requests_waits_for_and_downloads_a_board_pack(
    page, live_server, tree_a, screenshot, settings, tmp_path, console_watch
):
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, live_server, "business_a")

    # when: they open the theme board and its upcoming meeting's board pack
    page.goto(f"{live_server.url}/p/alpha/boards/{tree_a.theme_board.pk}/")
    page.get_by_role("link", name="Board pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board pack")
    expect(page.locator("main")).to_contain_text("Well-Being: performance dashboard")

    # and request it
    page.get_by_role("button", name="Request the board pack").click()

    # then: once made (the task runs in-process here: tests set task_always_eager), a download link appears
    download_link = page.get_by_role("link", name=re.compile(r"Download the board pack \(PDF, \d+ pages\)"))
    expect(download_link).to_be_visible(timeout=30_000)
    expect(page.locator("#pack-status")).to_contain_text("Ready")

    # and it downloads a PDF
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("well-being-board-board-pack-")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    console_watch.assert_clean()
    screenshot("journey-board-pack-downloaded")
