"""The 7-theme board pack made by real Celery workers, as production makes it: a prefork worker
with one pool process, then with two, each taking the pack's parts (a chord: reporting.tasks) from
Redis. Run by bench/packs.py as a process of its own, with bench/settings_events.py (Celery sends
through Redis, a queue and a Redis database of the bench's own). For each worker: one pack to warm
it (fonts and templates loaded once per pool process, as in a running worker), then the measured
one, from the request (request_pack, as the button does) to the pack stored; the pool processes'
memory is sampled from /proc all along. Then, in this process, the tagging's cost: the pack's
sections laid out and written tagged (PDF/UA-1) and untagged. Prints one JSON line.

Usage: python bench/pack_worker.py <meeting id> <username>
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_events"
os.environ.setdefault("BOARD_PACK_PARTS", "4")

CONCURRENCIES = (1, 2)
TAGGING_RUNS = 3
TIMEOUT_S = 600


def make_pack(meeting, membership, queue: str) -> dict:
    """One pack from the request to the file, on the workers: seconds, pages, sections, bytes."""
    from reporting.models import BoardPack
    from reporting.packs.build import request_pack
    from reporting.tasks import build_board_pack

    BoardPack.objects.filter(meeting=meeting).delete()
    started = time.perf_counter()
    pack, enqueue = request_pack(meeting, membership)
    requested = time.perf_counter() - started
    if not enqueue:
        raise SystemExit(f"Pack {pack.pk} was already made: the bench deletes the meeting's packs first.")
    build_board_pack.apply_async(args=[pack.pk], queue=queue)
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        pack.refresh_from_db()
        if not pack.is_active:
            break
        time.sleep(0.05)
    built = time.perf_counter() - started
    if pack.status != BoardPack.Status.DONE:
        raise SystemExit(f"The pack was not made: {pack.status} {pack.message} {pack.error}")
    return {
        "request_s": requested,
        "build_s": built,
        "pages": pack.page_count,
        "pages_per_s": pack.page_count / built,
        "sections": len(pack.inputs["sections"]),
        "bytes": pack.file.size,
        "inputs": pack.inputs,
    }


def on_workers(meeting, membership, concurrency: int) -> dict:
    from django.conf import settings

    from bench.memory import TreeSampler
    from bench.worker import Worker

    with Worker(concurrency=concurrency) as worker:
        with TreeSampler(worker.process.pid, skip_root=True) as sampler:
            make_pack(meeting, membership, settings.BENCH_QUEUE)  # warm-up
            figures = make_pack(meeting, membership, settings.BENCH_QUEUE)
            worker.wait_idle()
        tasks = worker.task_seconds()
    pool = sorted(sampler.peak_each.values(), reverse=True)[:concurrency]
    figures.update(
        concurrency=concurrency,
        parts=settings.BOARD_PACK_PARTS,
        pool_peak_mb=max(pool, default=0.0),
        pool_peaks_mb=pool,
        parts_logged=len(tasks.get("reporting.render_board_pack_part", [])),
        stopped=worker.stopped,
    )
    return figures


def tagging_cost(inputs: dict) -> dict:
    """The pack's sections laid out and written as one PDF, tagged and untagged, median of runs."""
    from bench.stats import median
    from partnership import pdf
    from reporting.packs import render
    from reporting.packs.pieces import pieces_of

    pieces = pieces_of(inputs["sections"])
    times = {}
    for variant, label in ((pdf.PDF_VARIANT, "tagged"), (None, "untagged")):
        original = pdf.PDF_VARIANT
        pdf.PDF_VARIANT = variant
        try:
            render.render_part(inputs, pieces[:1])  # warm
            runs = []
            for _ in range(TAGGING_RUNS):
                started = time.perf_counter()
                render.render_part(inputs, pieces)
                runs.append(time.perf_counter() - started)
        finally:
            pdf.PDF_VARIANT = original
        times[label] = median(runs)
    return {**{f"{label}_s": seconds for label, seconds in times.items()}, "runs": TAGGING_RUNS}


def main(meeting_id: int, username: str):
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from partnership.models import Meeting, Membership

    meeting = Meeting.objects.select_related("board__partnership", "board__parent").get(pk=meeting_id)
    membership = Membership.objects.get(
        partnership=meeting.board.partnership, user=get_user_model().objects.get(username=username)
    )
    from bench.ceiling import two_process_scaling

    ceiling = [two_process_scaling()]  # before and after the workers: the host's other guests vary
    runs = [on_workers(meeting, membership, concurrency) for concurrency in CONCURRENCIES]
    ceiling.append(two_process_scaling())
    inputs = runs[-1].pop("inputs")
    runs[0].pop("inputs")
    print(json.dumps({"workers": runs, "tagging": tagging_cost(inputs), "ceiling": ceiling}))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
