"""Settings for the event-latency bench (bench/events.py) and the real Celery worker it starts: the
bench's settings (bench/settings.py), with Celery no longer eager but sending through Redis.

The bench uses a Redis database and a queue of its own (BENCH_REDIS_URL, default
redis://127.0.0.1:6379/14; queue `bench-events`), so it neither takes another worker's tasks nor
leaves its own for one. Only the board pack's chord stores results (its parts', as in production);
the bench watches the database, not the tasks.
"""

import os

from bench.events import DEFAULT_REDIS_URL
from bench.settings import *  # noqa: F401,F403
from bench.worker import QUEUE

BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
BENCH_QUEUE = QUEUE

CELERY_BROKER_URL = BENCH_REDIS_URL
CELERY_RESULT_BACKEND = BENCH_REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = BENCH_QUEUE
