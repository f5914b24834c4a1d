"""Browser tests: Playwright drives Debian's Chromium (playwright cannot download a browser here)
against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

# The live server runs in a thread beside Playwright's event loop; the ORM calls the tests make
# to set up and check data are synchronous and safe. Set at load time because Django's test
# database is created after Playwright's loop has started. (tests/project/test_settings.py strips it
# from the production-mode subprocesses it runs.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed: sudo apt-get install chromium"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot(page, request):
    """Save the journey's last page as a test artifact."""

    def take(name):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def console_watch(page):
    """Content-Security-Policy violations and uncaught script errors on `page`: journeys call
    `console_watch.assert_clean()` at their end."""
    from .helpers import ConsoleWatch

    return ConsoleWatch(page)
