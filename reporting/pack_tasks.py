"""The board pack task. Like reporting.tasks: it takes an id, acknowledges late (a task whose
worker dies is redelivered) and is idempotent: the build is claimed with a conditional UPDATE
(queued -> running), so a duplicate or redelivered task finds it claimed and does nothing, unless
the claim is stale (its worker died part-way).

This module is imported while models load (see reporting.pack_models), so it imports the
building code only when a task runs."""

import logging

from celery import shared_task
from django.db import DatabaseError

log = logging.getLogger(__name__)


def claim(pack_id: int, now) -> bool:
    """True for exactly one caller: the one whose UPDATE found the pack queued (or stale)."""
    from django.db.models import Q

    from reporting.pack_models import STALE_AFTER, BoardPack

    stale = Q(status=BoardPack.Status.RUNNING, started_at__lt=now - STALE_AFTER)
    claimable = Q(status=BoardPack.Status.QUEUED) | stale
    return BoardPack.objects.filter(claimable, pk=pack_id).update(
        status=BoardPack.Status.RUNNING, started_at=now, progress=1, message="Starting", error=""
    ) == 1


@shared_task(
    name="reporting.build_board_pack",
    bind=True,
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
)
def build_board_pack(self, pack_id: int) -> str:
    from django.utils import timezone

    from reporting.board_packs import build

    if not claim(pack_id, timezone.now()):
        return "claimed elsewhere"  # already built, being built, or deleted
    return build(pack_id)
