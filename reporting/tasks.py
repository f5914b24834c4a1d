"""The Celery tasks. Tasks take ids, acknowledge late (a task whose worker dies is redelivered),
retry on database errors, and are idempotent, so a redelivered or retried task changes nothing
that was already done.

- The periodic timetable job: beat runs `advance_all_timetables`, which fans out one task per
  partnership so several workers can process partnerships in parallel (reporting.services.cycles).
- The chain's events (reporting.services.chain): a return approved, a theme report changed, a
  theme's data changed (its live dashboard). Queued on commit by reporting.signals; without a
  broker they run in the request, as everything else does.
- Board packs: the build is claimed with a conditional UPDATE (queued -> running), so a duplicate
  or redelivered task finds it claimed and does nothing, unless the claim is stale (its worker died
  part-way).
"""

import datetime as dt

from celery import shared_task
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone

from partnership.models import Partnership, Theme
from reporting.clock import clock
from reporting.models import BoardPack
from reporting.models.packs import STALE_AFTER
from reporting.packs.build import build
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


def claim_pack(pack_id: int, now) -> bool:
    """True for exactly one caller: the one whose UPDATE found the pack queued (or stale)."""
    stale = Q(status=BoardPack.Status.RUNNING, started_at__lt=now - STALE_AFTER)
    claimable = Q(status=BoardPack.Status.QUEUED) | stale
    return (
        BoardPack.objects.filter(claimable, pk=pack_id).update(
            status=BoardPack.Status.RUNNING, started_at=now, progress=1, message="Starting", error=""
        )
        == 1
    )


@shared_task(
    name="reporting.build_board_pack",
    bind=True,
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
)
def build_board_pack(self, pack_id: int) -> str:
    if not claim_pack(pack_id, timezone.now()):
        return "claimed elsewhere"  # already built, being built, or deleted
    return build(pack_id)


EVENT_TASK = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "max_retries": 5,
}


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
