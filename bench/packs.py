"""The 7-theme board pack: made once in a worker process of its own (timed, pages counted, memory
taken from the OS and sampled over its process tree), then asked for again through the product's
request path, where the unchanged inputs hash must find the finished pack."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from bench.memory import TIME_COMMAND, TreeSampler, max_rss_mb
from bench.stats import median, p95, repeat, timed
from partnership.models import Membership
from reporting.models import BoardPack
from reporting.packs.build import request_pack

WORKER = Path(__file__).resolve().parent / "pack_worker.py"
CACHE_REQUESTS = 20


def build_in_worker(meeting, username: str, database_url: str) -> dict:
    command = [*TIME_COMMAND, sys.executable, str(WORKER), str(meeting.pk), username]
    env = {"DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_DATABASE_URL": database_url}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env}
    )
    with TreeSampler(process.pid, skip_root=True) as sampler:
        out, err = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"The pack worker failed:\n{err[-3000:]}")
    figures = json.loads(out.strip().splitlines()[-1])
    figures.update(
        max_rss_mb=max_rss_mb(err),
        sampled_peak_process_mb=sampler.peak_single,
        sampled_peak_tree_mb=sampler.peak_sum,
        processes_seen=len(sampler.peak_each),
    )
    return figures


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
    built = build_in_worker(meeting, user.username, database_url)
    built["pages_per_s"] = built["pages"] / built["build_s"]
    built["cache"] = cached_request_figures(client, meeting, user)
    return built
