"""Requesting a board pack (a finished or in-progress pack for the same data is reused) and
building it: claimed by one task, rendered from its stored inputs (reporting.packs.render), here or
part by part on the workers, and the file or the error kept.

A build is named by its run token (set by the claim): the tasks of a build that was given up
(its worker went quiet and the pack was claimed again, or shown as failed) find another token, or
no longer a running pack, and change nothing."""

import logging
import threading
import traceback
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.text import slugify

from reporting.models import BoardPack
from reporting.models.packs import HEARTBEAT_EVERY, others_busy, stale_running

from . import render
from .inputs import collect_inputs, inputs_hash
from .pieces import piece_share, whole

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
    return existing, is_stale(existing)


# --- claiming and giving up --------------------------------------------------------------------


def claim(pack_id: int, now) -> str | None:
    """A new run token for exactly one caller: the one whose UPDATE found the pack queued, or
    running but stale (BoardPack.is_stale: its worker died, or its queued task was lost). None for
    everyone else."""
    token = uuid.uuid4().hex
    claimed = BoardPack.objects.filter(Q(status=BoardPack.Status.QUEUED) | stale_running(now), pk=pack_id).update(
        status=BoardPack.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        run_token=token,
        tasks_sent=0,
        tasks_started=0,
        progress=1,
        message="Starting",
        error="",
    )
    return token if claimed == 1 else None


def running(pack_id: int, token: str):
    return BoardPack.objects.filter(pk=pack_id, status=BoardPack.Status.RUNNING, run_token=token)


def fail(pack_id: int, message: str, error: str = "", token: str | None = None) -> bool:
    """Record a failure (of the build named by `token`, or of whatever is queued or running)."""
    packs = BoardPack.objects.filter(pk=pack_id, status__in=[BoardPack.Status.QUEUED, BoardPack.Status.RUNNING])
    if token is not None:
        packs = packs.filter(run_token=token)
    return bool(packs.update(status=BoardPack.Status.FAILED, finished_at=timezone.now(), message=message, error=error))


def failure_details(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}\n\n{traceback.format_exc(limit=6)}"[:5000]


def is_stale(pack: BoardPack, now=None) -> bool:
    """BoardPack.is_stale, asking whether the workers are busy with other packs only when it matters."""
    now = now or timezone.now()
    return pack.is_stale(now, others_busy=pack.is_waiting and others_busy(now, pack.pk))


def fail_if_stale(pack: BoardPack, now=None) -> BoardPack:
    """A running pack whose tasks have gone quiet is shown as failed, so it can be requested again
    (a redelivered task then finds it failed and does nothing)."""
    now = now or timezone.now()
    if pack.status == BoardPack.Status.RUNNING and is_stale(pack, now):
        heard = timezone.localtime(pack.heartbeat_at or pack.started_at)
        message = (
            f"The worker making the pack stopped responding (last heard from at {heard:%H:%M:%S}). Request it again."
        )
        if fail(pack.pk, message, "No heartbeat from the tasks making the pack.", token=pack.run_token):
            pack.refresh_from_db()
    return pack


@contextmanager
def heartbeat(pack_id: int, token: str, beating: bool = True):
    """Beat every HEARTBEAT_EVERY while the block runs (in a thread with its own database
    connection), so the pack is not taken for lost during a long layout."""
    if not beating:
        yield
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(HEARTBEAT_EVERY.total_seconds()):
                running(pack_id, token).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"board-pack-{pack_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


# --- building ------------------------------------------------------------------------------------


def send_out(pack_id: int, token: str, parts: int):
    """Before the parts' chord is sent: its tasks (the parts and the join) wait in the queue, and
    the pack waits with them rather than being taken for lost (BoardPack.is_waiting)."""
    running(pack_id, token).update(
        tasks_sent=parts + 1,
        tasks_started=0,
        progress=5,
        message=f"Laying out the sections in {parts} parts",
        heartbeat_at=timezone.now(),
    )


def begin_task(pack_id: int, token: str):
    """A part or the join has been taken by a worker: counted, and heard from."""
    running(pack_id, token).update(tasks_started=F("tasks_started") + 1, heartbeat_at=timezone.now())


def set_progress(pack_id: int, percent: int, message: str):
    BoardPack.objects.filter(pk=pack_id, status=BoardPack.Status.RUNNING).update(
        progress=percent, message=message[:200], heartbeat_at=timezone.now()
    )


def filename(inputs: dict) -> str:
    day = inputs["meeting"]["starts_at"][:10]
    return f"{slugify(inputs['board']['name'])}-board-pack-{day}.pdf"


def parts_for(pack_id: int) -> list[list]:
    """The pieces (reporting.packs.pieces) of each part the pack is laid out in: BOARD_PACK_PARTS of them (one,
    laid out by the claiming task itself, without a broker)."""
    inputs = BoardPack.objects.values_list("inputs", flat=True).get(pk=pack_id)
    return render.split_into_parts(inputs["sections"], settings.BOARD_PACK_PARTS)


def build(pack_id: int, token: str | None = None) -> str:
    """Render a claimed (running) pack here, as one part, and store it; on any error, record it."""
    pack = BoardPack.objects.get(pk=pack_id)
    started = timezone.now()
    try:
        pdf, pages = render.render_pack(
            pack.inputs, progress=lambda percent, message: set_progress(pack_id, percent, message)
        )
    except Exception as error:
        log.exception("Board pack %s failed", pack_id)
        fail(pack_id, "The board pack could not be made.", failure_details(error), token)
        return "failed"
    return store(pack, token, pdf, pages, started)


def store(pack: BoardPack, token: str | None, pdf: bytes, pages: int, started) -> str:
    pack.file.save(filename(pack.inputs), ContentFile(pdf), save=False)
    packs = BoardPack.objects.filter(pk=pack.pk, status=BoardPack.Status.RUNNING)
    if token is not None:
        packs = packs.filter(run_token=token)
    stored = packs.update(
        status=BoardPack.Status.DONE,
        file=pack.file.name,
        page_count=pages,
        progress=100,
        finished_at=timezone.now(),
        message=f"Made in {(timezone.now() - (pack.started_at or started)).total_seconds():.1f} seconds.",
    )
    if not stored:  # given up meanwhile: the file is nobody's
        pack.file.delete(save=False)
        return "abandoned"
    return "done"


# --- building in parts, on the workers (reporting.tasks: a chord of render_part, then finish) ---


def part_name(pack_id: int, token: str, number: int) -> str:
    return f"board-packs/parts/{pack_id}/{token}/part-{number}.pdf"


def render_part(pack_id: int, token: str, number: int, pieces: list, beating: bool = True) -> dict | None:
    """Lay out one part and keep its PDF in storage (shared by every worker, as the packs are);
    return what the join needs, or None when the build was given up or the part failed (the pack
    then says why)."""
    inputs = running(pack_id, token).values_list("inputs", flat=True).first()
    if inputs is None:
        return None
    begin_task(pack_id, token)
    try:
        with heartbeat(pack_id, token, beating):
            result = render.render_part(inputs, pieces)
    except Exception as error:
        log.exception("Board pack %s, part %s failed", pack_id, number)
        fail(pack_id, "The board pack could not be made.", failure_details(error), token)
        return None
    name = part_name(pack_id, token, number)
    default_storage.delete(name)  # a redelivered part replaces what an earlier run left
    default_storage.save(name, ContentFile(result["pdf"]))
    sections = inputs["sections"]
    done = round(sum(piece_share(sections, piece) for piece in pieces) * 80 / max(1, len(sections)))
    titles = dict.fromkeys(sections[whole(piece)[0]]["title"] for piece in pieces)
    running(pack_id, token).update(
        progress=Least(F("progress") + done, 85),
        message=f"Laid out {', '.join(titles)}"[:200],
        heartbeat_at=timezone.now(),
    )
    return {"pieces": pieces, "file": name, "pages": result["pages"], "bookmarks": result["bookmarks"]}


def finish(pack_id: int, token: str, parts: list[dict | None], beating: bool = True) -> str:
    """Join the laid-out parts into the pack, store it and remove the parts."""
    pack = running(pack_id, token).first()
    if pack is None or any(part is None for part in parts):
        remove_parts(pack_id, token, len(parts))
        return "abandoned"
    begin_task(pack_id, token)
    started = pack.started_at
    try:
        with heartbeat(pack_id, token, beating):
            laid_out = [(pieces_in(part), {**part, "pdf": read_part(part["file"])}) for part in parts]
            pdf, pages = render.finish_pack(pack.inputs, laid_out, lambda p, m: set_progress(pack_id, p, m))
    except Exception as error:
        log.exception("Board pack %s could not be joined", pack_id)
        fail(pack_id, "The board pack could not be made.", failure_details(error), token)
        return "failed"
    finally:
        remove_parts(pack_id, token, len(parts))
    return store(pack, token, pdf, pages, started)


def pieces_in(part: dict) -> list:
    """A laid-out part's pieces ("indexes": whole sections, from a part laid out before pieces)."""
    return part["pieces"] if "pieces" in part else part["indexes"]


def read_part(name: str) -> bytes:
    with default_storage.open(name, "rb") as part:
        return part.read()


def remove_parts(pack_id: int, token: str, count: int):
    for number in range(count):
        default_storage.delete(part_name(pack_id, token, number))
