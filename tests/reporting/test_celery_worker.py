"""A real Celery worker, consuming from the real Redis broker, runs the timetable task against the
test database and its effect is checked there. Needs PostgreSQL (the worker is another process, so
it cannot see an in-memory SQLite database) and REDIS_URL: CI has both."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from reporting.models import ReportingCycle
from reporting.tasks import advance_partnership_timetable

ROOT = Path(__file__).resolve().parents[2]

# A real worker is another process on a real broker: PostgreSQL and Redis, as in CI.
REAL_WORKER = [
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="needs PostgreSQL (DATABASE_URL) and a Redis broker (REDIS_URL), as in CI",
    ),
]
pytestmark = REAL_WORKER


def real_worker(test):
    """REAL_WORKER's marks on one test of another module."""
    for mark in reversed(REAL_WORKER):
        test = mark(test)
    return test


def database_url():
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextmanager
def celery_worker(pool_options: list[str], env: dict | None = None):
    """A worker on a queue of its own, pointed at this test's database; yields the queue's name
    and prints the worker's output when it stops."""
    with celery_worker_process(pool_options, env) as (queue, _process):
        yield queue


@contextmanager
def celery_worker_process(pool_options: list[str], env: dict | None = None):
    """As celery_worker, yielding the queue's name and the worker's process."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "config.settings", **(env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            *pool_options,
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue, process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output)


@pytest.fixture
def worker():
    with celery_worker(["--pool=solo"]) as queue:
        yield queue


def test_a_worker_advances_a_partnership_through_redis(tree_a, worker):
    # when: the task goes through the broker to the worker
    # (only the board pack's chord keeps results: this test asks for one)
    result = advance_partnership_timetable.apply_async(
        args=[tree_a.partnership.pk, "2025-04-17"], queue=worker, ignore_result=False
    )
    done = result.get(timeout=90)
    # then: the worker opened the quarter's cycle in this database, and reports what it did
    cycle = ReportingCycle.objects.get(partnership=tree_a.partnership, period__start="2025-01-01")
    assert str(cycle.collation_deadline) == "2025-04-28"
    assert done["reminders"] == 1  # the officer of tree_a's theme, reminded of NI 112
    # and sending it again changes nothing (idempotent across processes too)
    again = advance_partnership_timetable.apply_async(
        args=[tree_a.partnership.pk, "2025-04-17"], queue=worker, ignore_result=False
    ).get(timeout=90)
    assert again == {
        "reminders": 0,
        "chasers": 0,
        "drafted": 0,
        "snapshots": 0,
        "sent_out": 0,
        "reports": 0,
        "escalation_steps": 0,
        "action_reminders": 0,
        "planning_reminders": 0,
        "calculated": 0,
    }
