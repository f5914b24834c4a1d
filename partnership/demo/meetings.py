"""When the demo's boards meet on a quarter. Pure: dates in, dates out.

Each meeting comes after its papers and after the meeting it hears from (the rule the timetable
page checks, reporting.timetable.meeting_papers_problem), each board on a working day of its own:

- the business group two days after the theme exception reports are out (seed 000: it reads the
  detailed reports and recommends to the executive board);
- the executive board (PMG, PSG, HSP Executive, Performance Board) two days after the HSP/PMG
  report, and after the business group (seed 001 §4);
- each theme board in turn in the review window, 6 to 8 weeks after the quarter, from the day after
  the exception reports (seed 001 §5.2); later only if the reports themselves are later;
- the partnership board a week after the executive board, which reports to it.

Sub-groups, scrutiny and area committees are given no meetings: they are not sent the quarter's
papers in the demo. Nobody meets between Christmas Eve and New Year's Day, when the offices close.
"""

import datetime as dt

DAY = dt.timedelta(days=1)
HOURS = {"partnership_board": 18, "business_group": 14}  # the rest at 10:00
ORDER = ["business_group", "executive_board", "theme_board", "partnership_board"]


def meeting_days(boards: list[tuple[str, str]], m, holidays: frozenset) -> dict[str, dt.date]:
    """{board key: the day it meets on the quarter} for boards [(key, kind)], given the quarter's
    milestones `m` (anything with reporting.timetable.Milestones's dates)."""
    used = set()

    def take(earliest: dt.date) -> dt.date:
        day = earliest
        while day.weekday() >= 5 or day in holidays or day in used or is_christmas_closure(day):
            day += DAY
        used.add(day)
        return day

    days = {}
    last = {}  # kind -> the latest day a board of that kind meets
    for kind in ORDER:
        for key, board_kind in boards:
            if board_kind != kind:
                continue
            if kind == "business_group":
                earliest = m.exception_reports_due + 2 * DAY
            elif kind == "executive_board":
                earliest = max(m.partnership_report_due + 2 * DAY, last.get("business_group", m.period_end) + DAY)
            elif kind == "theme_board":
                earliest = max(m.review_from, m.exception_reports_due + DAY)
            else:
                earliest = max(m.partnership_report_due + 2 * DAY, last.get("executive_board", m.period_end) + 7 * DAY)
            days[key] = take(earliest)
            last[kind] = max(last.get(kind, days[key]), days[key])
    return days


def is_christmas_closure(day: dt.date) -> bool:
    return (day.month, day.day) >= (12, 24) or (day.month, day.day) == (1, 1)


def meeting_title(label: str, performance_review: bool) -> str:
    """ "Q1 2026/27 performance review"; a quarter without a performance review (Halton's June and
    December, seed 003) is a lighter-touch look at the money."""
    return f"{label} performance review" if performance_review else f"{label} financial review"
