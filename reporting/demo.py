"""Demo timetables: Halton reviews performance six-monthly (seed 003); the others quarterly.

The previous quarter has been through the whole timetable (returns locked, dashboards frozen,
exception reports drafted, the HSP/PMG report assembled: no emails are sent for it), and the
latest quarter is opened, its returns in progress with a deadline still ahead (set by the
indicator demo) so the demo shows a collation under way whatever the date."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from indicators.periods import PeriodKind, latest_ended
from indicators.services.rounds import lock_round
from partnership.models import Partnership
from reporting.models import Cadence
from reporting.services.chain import assemble_at_milestone, draft_at_deadline
from reporting.services.cycles import open_cycle, settings_for

CADENCES = {"halton": Cadence.SIX_MONTHLY}


def load_reporting_demo(today: dt.date | None = None):
    today = today or timezone.localdate()
    now = timezone.now()
    latest = latest_ended(PeriodKind.QUARTER, today)
    for partnership in Partnership.objects.filter(slug__in=["haringey", "harrow", "halton", "sefton"]):
        settings = settings_for(partnership)
        cadence = CADENCES.get(partnership.slug, Cadence.QUARTERLY)
        if settings.cadence != cadence:
            settings.cadence = cadence
            settings.save()
        complete_past_cycle(open_cycle(partnership, latest.previous()), now)
        open_cycle(partnership, latest)


def complete_past_cycle(cycle, now):
    """Every step of the timetable for a quarter already past, except its emails (idempotent)."""
    after = cycle.partnership_report_due
    with transaction.atomic():
        if cycle.claim("locked_at", now):
            lock_round(cycle.return_round, now)
        cycle.claim("reminders_sent_at", now)
        cycle.claim("chasers_sent_at", now)
    cycle.refresh_from_db()
    draft_at_deadline(cycle, today=after, now=now)
    cycle.refresh_from_db()
    assemble_at_milestone(cycle, today=after, now=now)
