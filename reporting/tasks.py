"""The Celery tasks. Tasks take ids, acknowledge late (a task whose worker dies is redelivered),
retry on database errors, and are idempotent, so a redelivered or retried task changes nothing
that was already done.

- The periodic timetable job: beat runs `advance_all_timetables`, which fans out one task per
  partnership so several workers can process partnerships in parallel (reporting.services.cycles).
- The chain's events (reporting.services.chain): a return approved, a theme report changed, a
  theme's data changed (its live dashboard). Queued on commit by reporting.signals; without a
  broker they run in the request, as everything else does.
- Board packs: the build is claimed with a conditional UPDATE (queued -> running, with a new run
  token), so a duplicate or redelivered task finds it claimed and does nothing, unless the claim is
  stale (its tasks stopped beating: the worker died). With more than one part, the claiming task
  sends out a chord: one render_board_pack_part per part, on whichever workers are free, then
  finish_board_pack joins them. A part whose worker dies is redelivered (acks late, rejected on
  worker lost) and laid out again. Only the chord uses the result backend (every other task
  ignores its result); if the broker or the backend does not answer, the pack fails at once with
  a message saying so, rather than staying queued.
"""

import datetime as dt
import logging

from celery import chord, shared_task
from django.db import DatabaseError
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from partnership.models import Partnership, Theme
from reporting.clock import clock
from reporting.packs import build
from reporting.services import chain, live_dashboards
from reporting.services.cycles import advance


@shared_task(name="reporting.advance_all_timetables")
def advance_all_timetables(today: str | None = None) -> int:
    ids = list(Partnership.objects.values_list("pk", flat=True))
    for partnership_id in ids:
        advance_partnership_timetable.delay(partnership_id, today)
    return len(ids)


@shared_task(
    name="reporting.advance_partnership_timetable",
    bind=True,
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def advance_partnership_timetable(self, partnership_id: int, today: str | None = None) -> dict:
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None:  # deleted since the fan-out: nothing to do
        return {}
    return advance(partnership, today=dt.date.fromisoformat(today) if today else None)


log = logging.getLogger(__name__)

# Acknowledged late (redelivered if their worker dies), retried on database errors.
PACK_TASK = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "max_retries": 3,
}

# What a broker (kombu) or a Redis result backend (redis-py) that does not answer raises.
QUEUE_ERRORS = (KombuError, RedisError, OSError)
QUEUE_DOWN = (
    "The board pack could not be sent to the workers: the task queue is not answering. "
    "Nothing was lost; request it again in a few minutes."
)


def send_board_pack(pack_id: int) -> bool:
    """Queue a pack's build; if the broker does not answer (within its short connect timeout),
    the pack is marked failed with a message saying so, instead of staying queued."""
    try:
        build_board_pack.delay(pack_id)
    except QUEUE_ERRORS as error:
        log.warning("Board pack %s not queued: %s", pack_id, error)
        build.fail(pack_id, QUEUE_DOWN, build.failure_details(error))
        return False
    return True


@shared_task(name="reporting.build_board_pack", **PACK_TASK)
def build_board_pack(self, pack_id: int) -> str:
    token = build.claim(pack_id, timezone.now())
    if token is None:
        return "claimed elsewhere"  # already built, being built, or deleted
    parts = build.parts_for(pack_id)
    if len(parts) <= 1:
        return build.build(pack_id, token)
    build.send_out(pack_id, token, len(parts))
    beating = not self.request.is_eager
    # The parts go where the pack's task came from (a deployment may give packs a queue of their own).
    queue = {"queue": queue} if (queue := (self.request.delivery_info or {}).get("routing_key")) else {}
    header = [
        render_board_pack_part.s(pack_id, token, n, pieces, beating).set(**queue) for n, pieces in enumerate(parts)
    ]
    try:
        chord(header)(finish_board_pack.s(pack_id, token, beating).set(**queue))
    except (*QUEUE_ERRORS, RuntimeError) as error:  # RuntimeError: the result backend's "retry limit exceeded"
        log.warning("Board pack %s: its parts could not be sent out: %s", pack_id, error)
        build.fail(pack_id, QUEUE_DOWN, build.failure_details(error), token)
        return "failed"
    return f"sent out in {len(parts)} parts"


# the chord collects the parts' results
@shared_task(name="reporting.render_board_pack_part", ignore_result=False, **PACK_TASK)
def render_board_pack_part(self, pack_id: int, token: str, number: int, pieces: list, beating=True):
    return build.render_part(pack_id, token, number, pieces, beating)


@shared_task(name="reporting.finish_board_pack", **PACK_TASK)
def finish_board_pack(self, parts: list, pack_id: int, token: str, beating=True) -> str:
    return build.finish(pack_id, token, parts, beating)


EVENT_TASK = {**PACK_TASK, "max_retries": 5}


@shared_task(name="reporting.return_approved", **EVENT_TASK)
def return_approved(self, return_id: int) -> str:
    outcome = chain.return_approved(return_id, today=clock.today(), now=clock.now())
    if outcome is None:
        return "waiting for returns"
    return "drafted" if outcome.first else (outcome.why_not or "figures refreshed")


@shared_task(name="reporting.exception_report_changed", **EVENT_TASK)
def exception_report_changed(self, report_id: int) -> str:
    version = chain.exception_report_changed(report_id, today=clock.today(), now=clock.now())
    return f"version {version.version}" if version else "no new version"


@shared_task(name="reporting.refresh_dashboards", **EVENT_TASK)
def refresh_dashboards(self, theme_ids: list[int]) -> int:
    today = clock.today()
    themes = Theme.objects.filter(pk__in=theme_ids).select_related("partnership")
    for theme in themes:
        live_dashboards.refresh(theme, today)
    return len(themes)


@shared_task(name="reporting.send_out_exception_report", **EVENT_TASK)
def send_out_exception_report(self, report_id: int) -> int:
    return chain.send_out_report_by_id(report_id)
