"""The partnership scorecard in the partnership and executive boards' packs (seed 002: "the HSP
scorecard will be presented to the HSP Executive quarterly").

Its data goes into the pack's stored inputs, like every section's, so a pack made again from them
shows the same figures; rows frozen with the quarter's snapshots never change anyway
(reporting.services.scorecards). Only where the partnership links at least one indicator to a
scorecard objective: other partnerships' packs are unchanged.
"""

from indicators.models import Indicator
from indicators.periods import PeriodKind, Span, latest_ended
from partnership.models.governance import OVERVIEW_KINDS
from reporting.services.scorecards import partnership_scorecard

SCORECARD_KINDS = OVERVIEW_KINDS  # the partnership board and the executive board


def wants_scorecard(board) -> bool:
    """Does this board's pack carry the partnership scorecard? (A query only for the boards that may.)"""
    if board.kind not in SCORECARD_KINDS:
        return False
    return Indicator.objects.for_partnership(board.partnership).exclude(objective=None).exists()


def pack_quarter(cycle, as_of) -> Span:
    """The quarter the pack reviews: its cycle's, else the latest ended by the live figures' date."""
    return cycle.period.span if cycle else latest_ended(PeriodKind.QUARTER, as_of)


def scorecard_section(partnership, quarter: Span) -> dict:
    data = partnership_scorecard(partnership, quarter)
    return {"kind": "scorecard", "title": data["title"], "data": data}
