"""The executive board's six-monthly report to the partnership board on all escalations,
especially those at stages 2 and 3 (seed 003). Computed once into plain data, rendered twice: the
HTML page and the PDF use the same `SixMonthlyReport` (the page through escalation/_six_monthly_body.html;
the PDF, six_monthly_report_print.html, sets it out as a board document, every text in full).

The report covers every escalation open at any time in the half-year; each is shown at the stage
it had at the end of the half (or today, for the half in progress), from its event log. The PDF
also draws each escalated indicator's recent results (`ReportItem.indicator_row`, a row of plain
data as the board charts read it, indicators.board_charts).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from escalation.heatmap import count_cells, heat_map_svg
from escalation.ladder import stage_duty, stage_label
from escalation.models import Action, Escalation, EscalationEvent, EventKind, Risk, RiskStatus
from escalation.services.escalations import ESCALATION_RELATED, settings_for
from escalation.services.risks import top_risks
from indicators.periods import PeriodKind, Span, latest_ended, span_containing
from indicators.services.chart_points import chart_points
from indicators.services.results import summarise
from indicators.status import Direction
from partnership.models import Board, BoardKind
from partnership.numbers import plain_number

STAGE_EVENTS = {EventKind.OPENED, EventKind.RAISED, EventKind.LOWERED}
TREND_PERIODS = 12  # as the board charts: three years of quarters


@dataclass(frozen=True)
class ReportItem:
    escalation: Escalation
    stage: int
    overdue: bool
    events: list  # this half's events, oldest first
    actions: list
    overdue_actions: int
    overdue_action_ids: frozenset = frozenset()
    indicator_row: dict = field(default_factory=dict)  # the indicator's results at the end of the half


@dataclass(frozen=True)
class StageSection:
    stage: int
    label: str
    duty: str
    items: list


@dataclass(frozen=True)
class SixMonthlyReport:
    partnership: object
    half: Span
    as_at: dt.date
    from_board: Board | None
    to_board: Board | None
    sections: list  # StageSection, highest stage first
    closed: list  # ReportItem closed during the half
    opened_count: int
    referrals: list  # EscalationEvent (referred up the route) in the half
    risks: list
    heat_map: str
    stage_counts: list = field(default_factory=list)  # [(label, count)]

    @property
    def title(self):
        return f"Escalations report, {self.half.label}"

    @property
    def open_count(self):
        return sum(len(section.items) for section in self.sections)

    @property
    def in_progress(self):
        return self.as_at < self.half.end


def report_halves(today: dt.date, count: int = 6) -> list[Span]:
    """The half-years a report can be asked for, newest first: the one in progress and earlier."""
    halves = [span_containing(PeriodKind.HALF, today)]
    while len(halves) < count:
        halves.append(halves[-1].previous())
    return halves


def default_half(today: dt.date) -> Span:
    return latest_ended(PeriodKind.HALF, today)


def six_monthly_report(partnership, half: Span, today: dt.date) -> SixMonthlyReport:
    as_at = min(today, half.end)
    escalations = list(
        Escalation.objects.for_partnership(partnership)
        .filter(opened_on__lte=as_at)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=half.start))
        .select_related(*ESCALATION_RELATED)
        .prefetch_related(
            Prefetch("events", queryset=EscalationEvent.objects.select_related("by").order_by("at", "pk")),
            Prefetch("actions", queryset=Action.objects.select_related("lead__user").order_by("due_date", "pk")),
        )
    )
    stage_count = settings_for(partnership).stage_count
    rows = indicator_rows([e.indicator for e in escalations], partnership.tolerance_percent, as_at)
    open_items, closed = {}, []
    for escalation in escalations:
        item = _item(escalation, half, as_at, rows.get(escalation.indicator_id, {}))
        if escalation.closed_on is not None and escalation.closed_on <= as_at:
            closed.append(item)
        else:
            open_items.setdefault(item.stage, []).append(item)
    stages = range(max([stage_count, *open_items.keys()]), 0, -1)
    sections = [StageSection(s, stage_label(s), stage_duty(s), open_items.get(s, [])) for s in stages]
    events = [event for escalation in escalations for event in escalation.events.all()]
    boards = {
        b.kind: b
        for b in Board.objects.for_partnership(partnership)
        .filter(kind__in=[BoardKind.EXECUTIVE_BOARD, BoardKind.PARTNERSHIP_BOARD])
        .order_by("-pk")
    }
    open_risks = list(
        Risk.objects.for_partnership(partnership).filter(status=RiskStatus.OPEN).values_list("likelihood", "impact")
    )
    return SixMonthlyReport(
        partnership=partnership,
        half=half,
        as_at=as_at,
        from_board=boards.get(BoardKind.EXECUTIVE_BOARD),
        to_board=boards.get(BoardKind.PARTNERSHIP_BOARD),
        sections=sections,
        closed=closed,
        opened_count=sum(1 for e in escalations if half.start <= e.opened_on <= as_at),
        referrals=[e for e in events if e.kind == EventKind.REFERRED and half.start <= _day(e) <= as_at],
        risks=top_risks(partnership, limit=5),
        heat_map=heat_map_svg(count_cells(open_risks), title=heat_map_title(open_risks)),
        stage_counts=[(section.label, len(section.items)) for section in sections],
    )


def heat_map_title(pairs: list[tuple[int, int]]) -> str:
    """The heat map's alternative text, from its data: how many open risks and the highest score."""
    if not pairs:
        return "Open risks by likelihood and impact: there are no open risks"
    top = max(likelihood * impact for likelihood, impact in pairs)
    count = len(pairs)
    return (
        f"Open risks by likelihood and impact: {count} open risk{'s' if count != 1 else ''}, the highest scoring {top}"
    )


def indicator_rows(indicators, tolerance_percent, as_at: dt.date) -> dict[int, dict]:
    """{indicator id: its latest result at `as_at` and the results before it}, with the keys a
    dashboard row has for its chart (code, title, period, actual and target with their display,
    status, direction, forecast, and the chart's points with the target and monitoring-level band)."""
    indicators = list({indicator.pk: indicator for indicator in indicators}.values())
    summaries = summarise(indicators, tolerance_percent, as_at, trend_length=TREND_PERIODS)
    charts = chart_points(indicators, summaries, tolerance_percent, as_at)
    rows = {}
    for indicator in indicators:
        summary = summaries[indicator.pk]
        latest = summary.latest
        assessment = latest.assessment if latest else None
        rows[indicator.pk] = {
            "code": indicator.code,
            "title": indicator.title,
            "period": latest.span.label if latest else "",
            "actual": plain_number(assessment.compared) if latest else None,
            "actual_display": indicator.format(assessment.compared) if latest else "",
            "target": plain_number(assessment.target) if latest else None,
            "target_display": indicator.format(assessment.target) if latest else "",
            "status": str(summary.status),
            "direction": str(assessment.direction_from_previous) if latest else str(Direction.UNKNOWN),
            "forecast_label": summary.forecast.label,
            "trend": [float(v) if v is not None else None for v in summary.trend],
            "chart": charts[indicator.pk],
        }
    return rows


def _item(escalation: Escalation, half: Span, as_at: dt.date, indicator_row: dict) -> ReportItem:
    events = list(escalation.events.all())  # prefetched
    stage = escalation.stage
    for event in events:
        if event.kind in STAGE_EVENTS and event.to_stage and _day(event) <= as_at:
            stage = event.to_stage
    actions = list(escalation.actions.all())
    overdue = {a.pk for a in actions if a.is_overdue(as_at)}
    return ReportItem(
        escalation=escalation,
        stage=stage,
        overdue=escalation.report_due is not None and escalation.report_due < as_at and escalation.closed_on is None,
        events=[e for e in events if half.start <= _day(e) <= as_at],
        actions=actions,
        overdue_actions=len(overdue),
        overdue_action_ids=frozenset(overdue),
        indicator_row=indicator_row,
    )


def _day(event) -> dt.date:
    return timezone.localdate(event.at)
