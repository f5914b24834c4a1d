"""Putting the generated data back where every run starts from, and finding what is measured.

A run changes the data: the periodic job freezes Q-1, the board pack is stored, the load test
submits returns for Q. Undoing exactly those (and nothing else) keeps later runs comparable
without generating again."""

import shutil

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from bench.generate import review_day
from bench.marker import Marker
from bench.naming import partnership_slug, usernames
from indicators.models import IndicatorReturn, Period
from partnership.models import BoardKind, Meeting, Partnership, Theme
from reporting.models import BoardPack, ExceptionItem, ExceptionReport, PartnershipReport, ReportingCycle, ThemeSnapshot

MEASURED_PARTNERSHIP = 0
MEASURED_THEME = "theme-2"  # Well-Being: led by its own theme board


def collation_period(marker: Marker) -> Period:
    return Period.objects.for_span(marker.current_quarter)


def previous_period(marker: Marker) -> Period:
    return Period.objects.for_span(marker.current_quarter.previous())


def previous_cycles(marker: Marker):
    return ReportingCycle.objects.filter(period=previous_period(marker))


def exception_milestone(marker: Marker):
    """The day Q-1's exception reports are due (the same for every partnership: default settings)."""
    return previous_cycles(marker).order_by("pk").values_list("exception_reports_due", flat=True).first()


@transaction.atomic
def reset_previous_quarter_freeze(marker: Marker):
    """Q-1 back to 'collated and locked, not yet frozen': what the measured job run does, undone."""
    cycles = previous_cycles(marker)
    BoardPack.objects.filter(cycle__in=cycles).delete()
    PartnershipReport.objects.filter(cycle__in=cycles).delete()
    ExceptionItem.objects.filter(report__cycle__in=cycles).delete()
    ExceptionReport.objects.filter(cycle__in=cycles).delete()
    ThemeSnapshot.objects.filter(cycle__in=cycles).delete()
    cycles.update(snapshot_at=None, report_assembled_at=None)


def reset_collation_returns(marker: Marker):
    """Q's returns back to 'not started', with their history, so the load test submits anew."""
    returns = IndicatorReturn.objects.filter(period=collation_period(marker))
    IndicatorReturn.history.model.objects.filter(period=collation_period(marker)).delete()
    returns.delete()
    IndicatorReturn.history.model.objects.filter(period=collation_period(marker)).delete()


def reset_board_packs():
    BoardPack.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT / "board-packs", ignore_errors=True)


def reset(marker: Marker):
    reset_previous_quarter_freeze(marker)
    reset_collation_returns(marker)
    reset_board_packs()


# --- what is measured ---------------------------------------------------------------------------


def measured_partnership() -> Partnership:
    return Partnership.objects.get(slug=partnership_slug(MEASURED_PARTNERSHIP))


def measured_theme() -> Theme:
    return Theme.objects.get(partnership=measured_partnership(), slug=MEASURED_THEME)


def viewer():
    """A business group member: reads every theme's dashboard and may request any board's pack."""
    return get_user_model().objects.get(username=usernames(MEASURED_PARTNERSHIP)["business"])


def pack_meeting(marker: Marker) -> Meeting:
    """The business group's meeting reviewing Q-1: its pack has every theme's dashboard and
    exception report, the overview, escalations and risks."""
    board = measured_partnership().boards.get(kind=BoardKind.BUSINESS_GROUP)
    day = review_day(marker.current_quarter.previous())
    return board.meetings.get(starts_at__date=day)
