"""What the timetable page shows about a quarter beside its dates: how far each theme's returns
have got, whether each theme's review meeting falls in the review window, and whether every
board's meetings on the quarter come after their papers (the rules: reporting.timetable)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from indicators.models import Indicator
from indicators.services.rounds import due_returns
from partnership.models import Board, Meeting, Theme
from reporting.models import ExceptionReport
from reporting.timetable import (
    FOLLOWS,
    PAPERS,
    Milestones,
    Papers,
    meeting_papers_problem,
    papers_for,
    review_meeting_problem,
    review_window_problem,
)

# How long after its review window (or its HSP/PMG report, if later) a meeting is taken to be on
# the quarter: the next quarter's meetings begin six weeks after that quarter ends.
TAIL = dt.timedelta(weeks=6)
# The order the papers go up the layers: the business group and the themes, then the top boards.
LAYER_ORDER = ["business_group", "theme_board", "sub_group", "executive_board", "partnership_board"]


def cycle_milestones(cycle) -> Milestones:
    return Milestones(
        period_end=cycle.period.end,
        returns_open=cycle.returns_open,
        reminders=cycle.reminders_due,
        collation_deadline=cycle.collation_deadline,
        exception_reports_due=cycle.exception_reports_due,
        partnership_report_due=cycle.partnership_report_due,
        review_from=cycle.review_from,
        review_to=cycle.review_to,
    )


def theme_reports(cycle) -> dict:
    """{theme id: its exception report} for the quarter: drafted as soon as the theme's returns are
    all approved (reporting.services.chain), so some themes have one before the deadline."""
    reports = ExceptionReport.objects.filter(cycle=cycle).select_related("snapshot")
    return {report.theme_id: report for report in reports}


def reports_ready_at(cycle, reports: dict, theme_count: int):
    """When every theme's draft report existed (the last first snapshot), else None."""
    if theme_count and len(reports) == theme_count:
        return max(report.created_at for report in reports.values())
    return None


def collation_progress(cycle) -> list[tuple]:
    """[(theme, Counter of submitted / approved / outstanding returns)], in theme order."""
    indicators = Indicator.objects.for_partnership(cycle.partnership).select_related("lead_theme")
    counts = {}
    for item in due_returns(cycle.return_round, indicators):
        state = item.ret.state if item.ret else None
        bucket = {"submitted": "submitted", "approved": "approved"}.get(state, "outstanding")
        counts.setdefault(item.indicator.lead_theme, Counter())[bucket] += 1
    return sorted(counts.items(), key=lambda kv: kv[0].position)


def quarter_meetings(partnership, dates: Milestones, board_ids, next_dates=None) -> dict[int, list[tuple]]:
    """{board id: [(meeting, its local date)]} for the meetings on the quarter: after it ends, up to
    six weeks after its review window (or its HSP/PMG report) closes, and before the next quarter's
    first papers (`next_dates`: its milestones, where known)."""
    last = max(dates.review_to, dates.partnership_report_due) + TAIL
    if next_dates is not None:
        last = min(last, next_dates.exception_reports_due - dt.timedelta(days=1))
    meetings = (
        Meeting.objects.for_partnership(partnership)
        .filter(board__in=list(board_ids), starts_at__date__gt=dates.period_end, starts_at__date__lte=last)
        .order_by("starts_at")
    )
    by_board = {}
    for meeting in meetings:
        by_board.setdefault(meeting.board_id, []).append((meeting, timezone.localtime(meeting.starts_at).date()))
    return by_board


def review_meeting_checks(partnership, dates: Milestones, next_dates: Milestones | None = None) -> list[tuple]:
    """Each theme's review meeting should fall 6-8 weeks after the quarter (seed 001 §7.4):
    [(theme, its meeting or None, the problem in words or None)]. When the reports are ready only
    as the window closes (review_window_problem), a theme's first meeting after them is its review."""
    themes = list(Theme.objects.for_partnership(partnership).select_related("board"))
    by_board = quarter_meetings(partnership, dates, {t.board_id for t in themes}, next_dates)
    late_reports = review_window_problem(dates) is not None
    checks = []
    for theme in themes:
        days = by_board.get(theme.board_id, [])
        if late_reports:
            after = [m for m, day in days if day > dates.exception_reports_due]
            problem = (
                None
                if after
                else (
                    f"{theme.board.name} has no meeting scheduled after the exception reports "
                    f"({dates.exception_reports_due:%d %B %Y})."
                )
            )
            checks.append((theme, after[0] if after else None, problem))
            continue
        inside = [m for m, day in days if dates.review_from <= day <= dates.review_to]
        if inside:
            checks.append((theme, inside[0], None))
        elif days:
            first, day = days[0]
            checks.append((theme, first, review_meeting_problem(day, dates)))
        else:
            problem = (
                f"{theme.board.name} has no meeting scheduled to review this quarter "
                f"({dates.review_from:%d %B} to {dates.review_to:%d %B %Y})."
            )
            checks.append((theme, None, problem))
    return checks


@dataclass(frozen=True)
class PaperCheck:
    """One board meeting on the quarter (or None: the board has none after its papers) beside the
    papers it needs, and what is wrong, in words, or None."""

    board: Board
    meeting: Meeting | None
    day: dt.date | None
    papers: Papers
    problem: str | None


def meeting_paper_checks(
    partnership, dates: Milestones, *, with_reports: bool = True, next_dates: Milestones | None = None
) -> list[PaperCheck]:
    """Every meeting on the quarter of every board that is sent its papers, checked against the
    day they are ready and against the meeting it hears from (reporting.timetable.FOLLOWS); and
    each business group, executive and partnership board with no meeting after its papers (a theme
    board without one is named by review_meeting_checks)."""
    boards = sorted(
        (b for b in Board.objects.for_partnership(partnership) if b.kind in PAPERS),
        key=lambda b: (LAYER_ORDER.index(b.kind), b.name),
    )
    by_board = quarter_meetings(partnership, dates, {b.pk for b in boards}, next_dates)
    papers = {b.pk: papers_for(b.kind, dates, with_reports=with_reports) for b in boards}
    considers = {  # the day of each board's meeting on the quarter: its first after its papers
        b.pk: next((day for _, day in by_board.get(b.pk, []) if day > papers[b.pk].ready), None) for b in boards
    }
    checks = []
    for board in boards:
        follows = _heard_from(board, boards, considers)
        days = by_board.get(board.pk, [])
        for meeting, day in days:
            problem = meeting_papers_problem(board.kind, day, dates, with_reports=with_reports, follows=follows)
            checks.append(PaperCheck(board, meeting, day, papers[board.pk], problem))
        if considers[board.pk] is None and board.kind not in ("theme_board", "sub_group"):
            ready = papers[board.pk].ready
            problem = f"{board.name} has no meeting scheduled after its papers are ready ({ready:%d %B %Y})."
            checks.append(PaperCheck(board, None, None, papers[board.pk], problem))
    # Up the layers, and in each layer in the order the boards meet.
    return sorted(checks, key=lambda c: (LAYER_ORDER.index(c.board.kind), c.day or dt.date.max, c.board.name))


def _heard_from(board, boards, considers) -> tuple[str, dt.date] | None:
    """The board whose meeting on the quarter this one hears from, and that meeting's day: one of
    the kind it follows reporting to it (else any of that kind), once that one has a meeting."""
    if board.kind not in FOLLOWS:
        return None
    kind = FOLLOWS[board.kind][0]
    of_kind = [b for b in boards if b.kind == kind]
    below = [b for b in of_kind if b.parent_id == board.pk] or of_kind
    heard = next((b for b in below if considers.get(b.pk)), None)
    return (heard.name, considers[heard.pk]) if heard else None
