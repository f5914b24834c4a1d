"""Requesting a board pack (a finished or in-progress pack for the same data is reused) and
building it: rendering its stored inputs (reporting.packs.render) and keeping the file or the error."""

import logging
import traceback

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from reporting.models import BoardPack

from . import render
from .inputs import collect_inputs, inputs_hash

log = logging.getLogger(__name__)


# --- requesting ------------------------------------------------------------------------------


def request_pack(meeting, membership, today=None) -> tuple[BoardPack, bool]:
    """The pack for the meeting's current data, and whether a task must (re)build it. A finished
    or in-progress pack for the same data is returned as it is (a lost queued one is re-sent)."""
    inputs = collect_inputs(meeting, today)
    digest = inputs_hash(inputs)
    live = BoardPack.objects.filter(meeting=meeting, inputs_hash=digest).exclude(status=BoardPack.Status.FAILED)
    existing = live.first()
    if existing is None:
        try:
            with transaction.atomic():
                pack = BoardPack.objects.create(
                    meeting=meeting,
                    cycle_id=inputs["period"]["cycle_id"],
                    inputs=inputs,
                    inputs_hash=digest,
                    requested_by=membership,
                )
            return pack, True
        except IntegrityError:  # someone else asked for the same data a moment ago
            existing = live.get()
    return existing, existing.is_stale()


# --- building (run by reporting.tasks.build_board_pack) ----------------------------------


def set_progress(pack_id: int, percent: int, message: str):
    BoardPack.objects.filter(pk=pack_id, status=BoardPack.Status.RUNNING).update(
        progress=percent, message=message[:200]
    )


def filename(inputs: dict) -> str:
    day = inputs["meeting"]["starts_at"][:10]
    return f"{slugify(inputs['board']['name'])}-board-pack-{day}.pdf"


def build(pack_id: int) -> str:
    """Render a claimed (running) pack and store it; on any error, record it and stop."""
    pack = BoardPack.objects.select_related("meeting__board").get(pk=pack_id)
    started = timezone.now()
    try:
        pdf, pages = render.render_pack(
            pack.inputs, progress=lambda percent, message: set_progress(pack_id, percent, message)
        )
        pack.file.save(filename(pack.inputs), ContentFile(pdf), save=False)
    except Exception as error:
        log.exception("Board pack %s failed", pack_id)
        BoardPack.objects.filter(pk=pack_id).update(
            status=BoardPack.Status.FAILED,
            finished_at=timezone.now(),
            message="The board pack could not be made.",
            error=f"{type(error).__name__}: {error}\n\n{traceback.format_exc(limit=6)}"[:5000],
        )
        return "failed"
    BoardPack.objects.filter(pk=pack_id).update(
        status=BoardPack.Status.DONE,
        file=pack.file.name,
        page_count=pages,
        progress=100,
        finished_at=timezone.now(),
        message=f"Made in {(timezone.now() - started).total_seconds():.1f} seconds.",
    )
    return "done"
