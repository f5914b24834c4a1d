"""The 7-theme board pack: made by real Celery workers with one pool process and with two (bench/
pack_worker.py, a process of its own: timed, pages counted, the pool processes' memory sampled,
and the cost of tagging), then asked for again through the product's request path, where the
unchanged inputs hash must find the finished pack."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from bench.events import DEFAULT_REDIS_URL, redis_problem
from bench.stats import median, p95, repeat, timed
from partnership.models import Membership
from reporting.models import BoardPack
from reporting.packs.build import request_pack

WORKER = Path(__file__).resolve().parent / "pack_worker.py"
CACHE_REQUESTS = 20


def build_on_workers(meeting, username: str, database_url: str) -> dict:
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    if problem := redis_problem(redis_url):
        raise RuntimeError(f"The board pack is made by Celery workers: {problem}")
    command = [sys.executable, str(WORKER), str(meeting.pk), username]
    env = {**os.environ, "BENCH_DATABASE_URL": database_url, "BENCH_REDIS_URL": redis_url}
    process = subprocess.run(command, capture_output=True, text=True, env=env)
    if process.returncode != 0:
        raise RuntimeError(f"The pack bench failed:\n{process.stderr[-3000:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


def cached_request_figures(client, meeting, user) -> dict:
    """The same pack asked for again: RequestPackView (POST, as the button does) and, beneath it,
    request_pack on its own. Both must find the finished pack and make nothing."""
    url = f"/p/{meeting.board.partnership.slug}/packs/meeting/{meeting.pk}/request/"
    before = BoardPack.objects.filter(meeting=meeting).count()

    def post():
        response = client.post(url)
        if response.status_code != 302:
            raise RuntimeError(f"POST {url} answered {response.status_code}")

    post()  # warm
    view = repeat(post, CACHE_REQUESTS)
    membership = Membership.objects.get(partnership=meeting.board.partnership, user=user)
    (pack, enqueue), _ = timed(request_pack, meeting, membership)
    function = repeat(lambda: request_pack(meeting, membership), CACHE_REQUESTS)
    if enqueue or not pack.is_ready or BoardPack.objects.filter(meeting=meeting).count() != before:
        raise RuntimeError("Asking again for an unchanged pack did not find the finished one.")
    return {
        "view_median_ms": median(view) * 1000,
        "view_p95_ms": p95(view) * 1000,
        "function_median_ms": median(function) * 1000,
        "requests": CACHE_REQUESTS,
    }


def pack_figures(client, meeting, user, database_url: str) -> dict:
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    built = build_on_workers(meeting, user.username, database_url)
    one, two = built["workers"]
    built["scaling"] = two["pages_per_s"] / one["pages_per_s"]
    built["cache"] = cached_request_figures(client, meeting, user)
    return built
