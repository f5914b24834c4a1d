"""The periodic timetable job. Beat runs `advance_all_timetables`, which fans out one task per
partnership so several workers can process partnerships in parallel. Tasks take ids, acknowledge
late (a task whose worker dies is redelivered) and retry on database errors; `advance` is
idempotent, so a redelivered or retried task changes nothing that was already done."""

import datetime as dt

from celery import shared_task
from django.db import DatabaseError

from partnership.models import Partnership
from reporting.cycles import advance
from reporting.pack_tasks import build_board_pack  # noqa: F401  (Celery autodiscovers only this module)


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
