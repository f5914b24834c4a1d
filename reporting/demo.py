"""Demo timetables: Halton reviews performance six-monthly (seed 003); the others quarterly. Each
partnership's latest quarter is opened on the timetable (its returns were opened by the indicator
demo, with a deadline still ahead so the demo shows a collation in progress)."""

import datetime as dt

from django.utils import timezone

from indicators.periods import PeriodKind, latest_ended
from partnership.models import Partnership
from reporting.cycles import open_cycle, settings_for
from reporting.models import Cadence

CADENCES = {"halton": Cadence.SIX_MONTHLY}


def load_reporting_demo(today: dt.date | None = None):
    today = today or timezone.localdate()
    for partnership in Partnership.objects.filter(slug__in=["haringey", "harrow", "halton", "sefton"]):
        settings = settings_for(partnership)
        cadence = CADENCES.get(partnership.slug, Cadence.QUARTERLY)
        if settings.cadence != cadence:
            settings.cadence = cadence
            settings.save()
        open_cycle(partnership, latest_ended(PeriodKind.QUARTER, today))
