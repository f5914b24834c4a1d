"""Settings come from the environment: embedded defaults, PostgreSQL and Redis when configured,
and a production mode that passes Django's deployment checks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_PRODUCTION": "1",
    "SECRET_KEY": "x7#Kq2!vN9pL4zR8wT1yB6mC3sD0fG5hJ-production-test-only-k3y",
    "ALLOWED_HOSTS": "performance.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://performance.example.org",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
}
SETTING_NAMES = ["DEBUG", "CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL", "EMAIL_BACKEND", "SESSION_COOKIE_SECURE"]


def run(args, **env):
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "DJANGO_PRODUCTION",
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_DEBUG",
            "TRUSTED_PROXY_COUNT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean_env.update(env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=120)


def settings_under(**env):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SETTING_NAMES!r}}} | "
        f"{{'DB': s.DATABASES['default']['ENGINE'], 'NAME': str(s.DATABASES['default']['NAME'])}}))"
    )
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="config.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_defaults_need_nothing_installed():
    values = settings_under()
    assert values["DB"] == "django.db.backends.sqlite3"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True and values["CELERY_BROKER_URL"] == ""
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["DEBUG"] is False  # debug only when asked for (DJANGO_DEBUG=1): test_secure_defaults.py


def test_database_url_switches_to_postgresql_and_redis_url_to_a_real_broker():
    values = settings_under(
        DATABASE_URL="postgres://app:secret@db.internal:5432/partnership", REDIS_URL="redis://cache:6379/0"
    )
    assert values["DB"] == "django.db.backends.postgresql" and values["NAME"] == "partnership"
    assert values["CELERY_BROKER_URL"] == "redis://cache:6379/0"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False


def test_production_mode_passes_the_deployment_checks_with_no_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_mode_is_secure():
    values = settings_under(**PRODUCTION_ENV)
    assert values["DEBUG"] is False and values["SESSION_COOKIE_SECURE"] is True


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker (CI provides REDIS_URL)")
def test_celery_reaches_the_configured_broker():
    from config.celery import app

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=2)
        assert connection.connected


def test_models_and_migrations_agree(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
