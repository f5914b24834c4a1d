"""Escalations in the database: moving one on the ladder and logging each move, and the
escalations other apps' reports list.

Moves are shared by the automatic evaluation (escalation.services.ladder) and the executive
board's decisions (escalation.services.decisions): whoever moves an escalation, the owner, the body it reports to, the
report-back date and the event log follow the same rules (escalation.ladder).
"""

import datetime as dt

from django.db.models import Max
from django.utils import timezone

from escalation.ladder import OwnerKind, ReportTo, add_months, owner_for, report_to_for
from escalation.models import Escalation, EscalationEvent, EscalationStatus, LadderEvaluation, LadderSettings
from partnership.models import Board, BoardKind
from partnership.services.access import executive_board_ids  # noqa: F401 (escalation's views and tests use it here)


def settings_for(partnership) -> LadderSettings:
    settings, _ = LadderSettings.objects.get_or_create(partnership=partnership)
    return settings


def executive_board(partnership) -> Board | None:
    """The partnership's executive board (PMG, PSG, Performance Board): it runs the ladder."""
    return Board.objects.for_partnership(partnership).filter(kind=BoardKind.EXECUTIVE_BOARD).order_by("pk").first()


def last_reviewed(indicator_ids) -> dict[int, object]:
    """{indicator id: end of the last review point judged} in one query."""
    rows = (
        LadderEvaluation.objects.filter(indicator_id__in=list(indicator_ids))
        .values("indicator_id")
        .annotate(last=Max("review_end"))
        .values_list("indicator_id", "last")
    )
    return dict(rows)


def place_on_stage(escalation: Escalation, stage: int, *, executive: Board | None, months: int, today) -> None:
    """Set the stage and everything that follows from it (not saved): the owner, the body it
    reports to, and a fresh report-back date."""
    indicator = escalation.indicator
    theme_board = indicator.lead_theme.board
    escalation.stage = stage
    owner = owner_for(stage)
    if owner == OwnerKind.LEAD_PARTNER:
        escalation.owner_member, escalation.owner_board = indicator.outcome_lead, None
    elif owner == OwnerKind.THEME_BOARD:
        escalation.owner_member, escalation.owner_board = None, theme_board
    else:
        escalation.owner_member, escalation.owner_board = escalation.nominee, executive
    escalation.report_to = theme_board if report_to_for(stage) == ReportTo.THEME else executive
    escalation.report_due = add_months(today, months)
    escalation.report_received_on = None


def moment(today) -> dt.datetime:
    """When a step taken "on `today`" is logged: now, or, when a job catches up on an earlier day
    (the demo, a back-dated run), nine in the morning of that day."""
    if today is None or today >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(today, dt.time(9)))


def log(
    escalation: Escalation,
    kind: str,
    *,
    user=None,
    from_stage=None,
    to_stage=None,
    note="",
    review_label="",
    today=None,
):
    return EscalationEvent.objects.create(
        escalation=escalation,
        kind=kind,
        from_stage=from_stage or None,
        to_stage=to_stage or None,
        by=user,
        note=note,
        review_label=review_label,
        at=moment(today),
    )


# What a page or report shows of an escalation, loaded with it in one query.
ESCALATION_RELATED = (
    "partnership",
    "indicator__lead_theme__board",
    "indicator__outcome_lead__user",
    "owner_member__user",
    "owner_board",
    "nominee__user",
    "report_to",
    "route_step",
)


def escalations_for_themes(theme_ids, *, include_closed: bool = False):
    """Escalations of indicators led by these themes, highest stage first, ready to render."""
    queryset = Escalation.objects.filter(indicator__lead_theme_id__in=list(theme_ids)).select_related(
        *ESCALATION_RELATED
    )
    if not include_closed:
        queryset = queryset.filter(status=EscalationStatus.OPEN)
    return queryset.order_by("-stage", "report_due", "pk")
