"""Settings for the benchmark only: the product's settings, pointed at the bench's own PostgreSQL
database, with the bare floor view mounted beside the product's URLs (bench/urls.py).

Nothing here changes what is measured: same apps, middleware, templates and Celery tasks. Only
what would make the figures lie or leak is changed: DEBUG off (DEBUG keeps every query in
memory), emails kept in memory (the timetable sends chasers), Celery eager (the job runs
in-process), files written under bench/.data/.
"""

import os
from pathlib import Path

import dj_database_url

from config.settings import *  # noqa: F401,F403
from config.settings import BASE_DIR, TEMPLATES

BENCH_DIR = Path(__file__).resolve().parent
BENCH_DATA = BENCH_DIR / ".data"
DEFAULT_BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/partnership_bench"
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_BENCH_DATABASE_URL)

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES = {"default": dj_database_url.parse(BENCH_DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = ""
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

MEDIA_ROOT = BENCH_DATA / "media"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Eager Celery still builds a (never used) broker connection, and kombu warns it has no host.
    "loggers": {
        "kombu.connection": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "weasyprint": {"level": "ERROR"},
    },
}
STATIC_ROOT = BASE_DIR / "staticfiles"
