"""A worker process making one board pack, run by bench/packs.py under /usr/bin/time -v so the
OS reports its peak memory. It does what a request and the Celery worker do: `request_pack`
(collect the inputs, hash them, store a queued pack) and then the `reporting.build_board_pack`
task, run in this process. Prints one JSON line with its figures.

Usage: python bench/pack_worker.py <meeting id> <username>
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main(meeting_id: int, username: str):
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from partnership.models import Meeting, Membership
    from partnership.pdf import render_pdf
    from reporting.models import BoardPack
    from reporting.packs.build import request_pack
    from reporting.tasks import build_board_pack

    meeting = Meeting.objects.select_related("board__partnership", "board__parent").get(pk=meeting_id)
    membership = Membership.objects.get(
        partnership=meeting.board.partnership, user=get_user_model().objects.get(username=username)
    )
    # A worker that has made a PDF before: fonts and templates loaded once, as in a running worker.
    render_pdf("bench/plain_table_pdf.html", {"indicator_columns": ["warm"], "indicator_rows": [["up"]]})

    started = time.perf_counter()
    pack, enqueue = request_pack(meeting, membership)
    requested = time.perf_counter() - started
    if not enqueue:
        raise SystemExit(f"Pack {pack.pk} was already made: the bench resets packs before this step.")
    started = time.perf_counter()
    outcome = build_board_pack.apply(args=[pack.pk]).get()
    built = time.perf_counter() - started
    pack = BoardPack.objects.get(pk=pack.pk)
    if outcome != "done" or pack.status != BoardPack.Status.DONE:
        raise SystemExit(f"The pack was not made: {outcome} {pack.error}")
    sections = len(pack.inputs["sections"])
    print(
        json.dumps(
            {
                "pack_id": pack.pk,
                "request_s": requested,
                "build_s": built,
                "pages": pack.page_count,
                "sections": sections,
                "bytes": pack.file.size,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
