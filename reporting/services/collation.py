"""What the timetable page shows about a quarter beside its dates: how far each theme's returns
have got, and whether each theme's review meeting falls in the review window."""

from collections import Counter

from django.utils import timezone

from indicators.models import Indicator
from indicators.services.rounds import due_returns
from partnership.models import Meeting, Theme
from reporting.timetable import Milestones, review_meeting_problem


def collation_progress(cycle) -> list[tuple]:
    """[(theme, Counter of submitted / approved / outstanding returns)], in theme order."""
    indicators = Indicator.objects.for_partnership(cycle.partnership).select_related("lead_theme")
    counts = {}
    for item in due_returns(cycle.return_round, indicators):
        state = item.ret.state if item.ret else None
        bucket = {"submitted": "submitted", "approved": "approved"}.get(state, "outstanding")
        counts.setdefault(item.indicator.lead_theme, Counter())[bucket] += 1
    return sorted(counts.items(), key=lambda kv: kv[0].position)


def review_meeting_checks(partnership, dates: Milestones) -> list[tuple]:
    """Each theme's review meeting should fall 6-8 weeks after the quarter (seed 001 §7.4):
    [(theme, its meeting or None, the problem in words or None)]."""
    themes = list(Theme.objects.for_partnership(partnership).select_related("board"))
    meetings = (
        Meeting.objects.for_partnership(partnership)
        .filter(
            board__in=[t.board_id for t in themes],
            starts_at__date__gt=dates.period_end,
            starts_at__date__lte=dates.review_to + (dates.review_to - dates.period_end),
        )
        .order_by("starts_at")
    )
    by_board = {}
    for meeting in meetings:
        by_board.setdefault(meeting.board_id, []).append(meeting)
    checks = []
    for theme in themes:
        board_meetings = by_board.get(theme.board_id, [])
        days = [(m, timezone.localtime(m.starts_at).date()) for m in board_meetings]
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
