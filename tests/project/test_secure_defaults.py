"""Secure by default: debug only when asked for, no published secret key, a plain error page that
shows nothing of the settings; sign-in throttling that sees each client behind a trusted proxy and
no forged X-Forwarded-For; a strict Permissions-Policy on every response.

(Settings are loaded fresh in a subprocess, as in test_settings.py.)"""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client

from ..builders import PASSWORD, post_sign_in

ROOT = Path(__file__).resolve().parents[2]
CONFIGURATION = {
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "DJANGO_PRODUCTION",
    "DJANGO_DEBUG",
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "TRUSTED_PROXY_COUNT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
DB_PASSWORD = "Pg-pa55word-never-shown-7c1e"
ERROR_PAGE_TITLE = "Sorry, there is a problem with the service"


def python(code: str, **env) -> dict:
    """Run `code` with Django set up from a fresh settings module and only `env` configured; it
    prints one JSON line."""
    clean = {k: v for k, v in os.environ.items() if k not in CONFIGURATION}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    setup = "import django, json; django.setup(); from django.conf import settings; "
    result = subprocess.run(
        [sys.executable, "-c", setup + code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def loaded(*names, **env) -> dict:
    return python(f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))", **env)


def tracked_files_containing(text: str) -> list[str]:
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    found = []
    for name in filter(None, names):
        path = ROOT / name.decode()
        if path.is_file() and text.encode() in path.read_bytes():
            found.append(name.decode())
    return found


# --- debug and the secret key --------------------------------------------------------------------


def test_debug_is_off_unless_asked_for_and_never_in_production():
    assert loaded("DEBUG")["DEBUG"] is False
    assert loaded("DEBUG", DEBUG="1")["DEBUG"] is False  # only the project's own variable turns it on
    assert loaded("DEBUG", DJANGO_DEBUG="1")["DEBUG"] is True
    production = {"DJANGO_PRODUCTION": "1", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "performance.example.org"}
    assert loaded("DEBUG", DJANGO_DEBUG="1", **production)["DEBUG"] is False


def test_without_a_secret_key_each_checkout_makes_its_own_and_keeps_it_private(tmp_path):
    key_file = tmp_path / "keys" / "secret"
    first = loaded("SECRET_KEY", "DEBUG", SECRET_KEY_FILE=str(key_file))
    assert first["DEBUG"] is False
    key = first["SECRET_KEY"]
    assert len(key) >= 50 and key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert tracked_files_containing(key) == []  # not a string anyone can read in the repository
    # kept: the next process (and the next deploy of this checkout) signs with the same key
    assert loaded("SECRET_KEY", SECRET_KEY_FILE=str(key_file))["SECRET_KEY"] == key
    assert list(key_file.parent.iterdir()) == [key_file]  # no drafts left behind
    # another checkout gets another key; one in the environment wins
    assert loaded("SECRET_KEY", SECRET_KEY_FILE=str(tmp_path / "other"))["SECRET_KEY"] != key
    assert loaded("SECRET_KEY", SECRET_KEY="from-the-environment" * 3)["SECRET_KEY"] == "from-the-environment" * 3


def test_the_default_key_file_is_ignored_by_git_and_left_out_of_the_docker_image():
    key = loaded("SECRET_KEY")["SECRET_KEY"]
    assert (ROOT / ".secret_key").read_text().strip() == key
    assert tracked_files_containing(key) == []
    assert subprocess.run(["git", "check-ignore", "-q", ".secret_key"], cwd=ROOT).returncode == 0
    assert ".secret_key*" in (ROOT / ".dockerignore").read_text().splitlines()


def test_a_corrupt_key_file_stops_the_start_rather_than_sign_with_a_guessable_key(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text("short\n")
    clean = {k: v for k, v in os.environ.items() if k not in CONFIGURATION}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "SECRET_KEY_FILE": str(key_file)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


# --- the error page ------------------------------------------------------------------------------


def test_an_error_shows_the_plain_page_and_nothing_of_the_settings():
    """Settings as loaded, debug not asked for; the database is unreachable, so signing in fails
    with a database error."""
    seen = python(
        "from django.test import Client; "
        "response = Client(raise_request_exception=False).post("
        "'/accounts/login/', {'username': 'officer_a', 'password': 'guess'}, REMOTE_ADDR='203.0.113.5'); "
        "print(json.dumps({'status': response.status_code, 'body': response.content.decode(), "
        "'password': settings.DATABASES['default']['PASSWORD'], 'key': settings.SECRET_KEY}))",
        DATABASE_URL=f"postgres://partnership:{DB_PASSWORD}@127.0.0.1:1/partnership",
    )
    assert seen["password"] == DB_PASSWORD  # the settings did hold it
    assert seen["status"] == 500
    body = seen["body"]
    assert ERROR_PAGE_TITLE in body
    for secret in (DB_PASSWORD, seen["key"], "DATABASES", "SECRET_KEY", "Traceback", "OperationalError", "settings"):
        assert secret not in body, secret


def test_the_error_page_needs_no_database_and_no_request():
    """The error may be in the database, the session or a context processor: 500.html stands alone
    (no database access is allowed in this test)."""
    html = render_to_string("500.html")
    assert ERROR_PAGE_TITLE in html and "/static/build/main.css" in html


# --- sign-in throttling behind a proxy -----------------------------------------------------------

PROXY = "10.0.0.2"  # the TLS-terminating proxy, as the app sees it


def sign_in_behind_proxy(forwarded_for, password="wrong-guess"):
    return Client().post(
        "/accounts/login/",
        {"username": "officer_a", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def one_trusted_proxy(settings):
    """The settings TRUSTED_PROXY_COUNT=1 gives, loaded fresh."""
    names = ["AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT", "AXES_IPWARE_PROXY_ORDER", "IPWARE_STRICT"]
    for name, value in loaded(*names, TRUSTED_PROXY_COUNT="1").items():
        setattr(settings, name, value)


def test_no_trusted_proxy_is_the_default():
    values = loaded("TRUSTED_PROXY_COUNT", "AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT")
    assert values == {
        "TRUSTED_PROXY_COUNT": 0,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
        "AXES_IPWARE_PROXY_COUNT": None,
    }


@pytest.mark.usefixtures("one_trusted_proxy")
def test_behind_one_trusted_proxy_each_client_is_throttled_at_its_own_address(tree_a):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_behind_proxy("198.51.100.7")
    assert sign_in_behind_proxy("198.51.100.7", PASSWORD).status_code == 429
    # a colleague behind the same proxy, from another address, is not locked out with them
    assert sign_in_behind_proxy("198.51.100.8", PASSWORD).status_code == 302
    # and the proxy's own entry counts, not one the locked-out client wrote in front of it
    assert sign_in_behind_proxy("198.51.100.8, 198.51.100.7", PASSWORD).status_code == 429


def test_without_a_trusted_proxy_a_forged_x_forwarded_for_is_ignored(tree_a):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in_behind_proxy(f"203.0.113.{attempt + 1}")
        assert response.status_code in (200, 429)
    # a new forged address each time did not escape the lock on the connection's own address
    assert sign_in_behind_proxy("203.0.113.99", PASSWORD).status_code == 429
    assert post_sign_in(Client(), "officer_a", PASSWORD, address="192.0.2.44").status_code == 302


# --- Permissions-Policy --------------------------------------------------------------------------

DENIED = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "bluetooth", "display-capture"]


def permissions(response) -> dict[str, str]:
    header = response["Permissions-Policy"]
    return dict(part.strip().split("=", 1) for part in header.split(","))


def test_every_response_denies_the_browser_features_the_product_does_not_use(client, as_plain):
    for response in (
        as_plain.get("/p/alpha/"),
        client.get("/accounts/login/"),
        client.get("/no-such-page/"),
        client.get("/api/p/alpha/indicators/"),
        Client(raise_request_exception=False).post("/accounts/login/", {}),
    ):
        policy = permissions(response)
        for feature in DENIED:
            assert policy[feature] == "()", (response.request["PATH_INFO"], feature)
        assert all(allowed == "()" for allowed in policy.values()), policy  # nothing allowed, not even self
