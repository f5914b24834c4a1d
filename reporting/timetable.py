"""The quarterly timetable (seed 001 §5.2): milestone dates from a period end. Pure: no database.

After a quarter ends: returns are collated within four weeks; theme exception reports are ready
one week later; the HSP/PMG report one week after that; themes formally review performance 6-8
weeks after the quarter ends. Offsets are configurable. A milestone falling on a weekend or an
England and Wales bank holiday moves to the next working day. Each milestone is counted from the
previous one's nominal date (not its moved date), so one bank holiday does not push every later
milestone back.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import models


class Stage(models.TextChoices):
    COLLATING = "collating", "Collating returns"
    EXCEPTION_REPORTS = "exception_reports", "Writing exception reports"
    PARTNERSHIP_REPORT = "partnership_report", "Collating the HSP/PMG report"
    REVIEW = "review", "Theme review of performance"
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class Offsets:
    collation_weeks: int = 4
    exception_report_weeks: int = 1  # after the collation deadline
    partnership_report_weeks: int = 1  # after the exception reports
    review_from_weeks: int = 6
    review_to_weeks: int = 8
    reminder_days_before: int = 7


@dataclass(frozen=True)
class Milestones:
    period_end: dt.date
    returns_open: dt.date
    reminders: dt.date
    collation_deadline: dt.date
    exception_reports_due: dt.date
    partnership_report_due: dt.date
    review_from: dt.date
    review_to: dt.date

    def as_list(self) -> list[tuple[str, dt.date]]:
        return [
            ("Returns open", self.returns_open),
            ("Reminders sent", self.reminders),
            ("Returns collated (collation deadline)", self.collation_deadline),
            ("Theme exception reports ready", self.exception_reports_due),
            ("HSP/PMG report ready", self.partnership_report_due),
            ("Theme review window opens", self.review_from),
            ("Theme review window closes", self.review_to),
        ]


def is_working_day(day: dt.date, holidays: frozenset) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: dt.date, holidays: frozenset) -> dt.date:
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date, holidays: frozenset) -> dt.date:
    while not is_working_day(day, holidays):
        day -= dt.timedelta(days=1)
    return day


def milestones(period_end: dt.date, offsets: Offsets, holidays: frozenset) -> Milestones:
    week = dt.timedelta(weeks=1)
    collation = period_end + offsets.collation_weeks * week
    exception = collation + offsets.exception_report_weeks * week
    report = exception + offsets.partnership_report_weeks * week
    deadline = next_working_day(collation, holidays)
    reminders = previous_working_day(deadline - dt.timedelta(days=offsets.reminder_days_before), holidays)
    return Milestones(
        period_end=period_end,
        returns_open=period_end + dt.timedelta(days=1),
        reminders=reminders,
        collation_deadline=deadline,
        exception_reports_due=next_working_day(exception, holidays),
        partnership_report_due=next_working_day(report, holidays),
        review_from=period_end + offsets.review_from_weeks * week,
        review_to=period_end + offsets.review_to_weeks * week,
    )


def with_deadline(m: Milestones, deadline: dt.date, offsets: Offsets, holidays: frozenset) -> Milestones:
    """The milestones when the collation deadline has been moved (extended by an administrator):
    reminders and the two report milestones keep their distance from it; the review window, set by
    the period end, stays where it is."""
    if deadline == m.collation_deadline:
        return m
    week = dt.timedelta(weeks=1)
    exception = deadline + offsets.exception_report_weeks * week
    return Milestones(
        period_end=m.period_end,
        returns_open=m.returns_open,
        reminders=previous_working_day(deadline - dt.timedelta(days=offsets.reminder_days_before), holidays),
        collation_deadline=deadline,
        exception_reports_due=next_working_day(exception, holidays),
        partnership_report_due=next_working_day(exception + offsets.partnership_report_weeks * week, holidays),
        review_from=m.review_from,
        review_to=m.review_to,
    )


def stage_on(m: Milestones, today: dt.date) -> Stage:
    """Each stage runs up to and including its milestone's day."""
    if today <= m.collation_deadline:
        return Stage.COLLATING
    if today <= m.exception_reports_due:
        return Stage.EXCEPTION_REPORTS
    if today <= m.partnership_report_due:
        return Stage.PARTNERSHIP_REPORT
    if today <= m.review_to:
        return Stage.REVIEW
    return Stage.CLOSED


def next_milestone(m: Milestones, today: dt.date) -> tuple[str, dt.date] | None:
    return next(((name, day) for name, day in m.as_list() if day >= today), None)


def review_meeting_problem(meeting_day: dt.date, m: Milestones) -> str | None:
    """Seed 001 §5.2 and §7.4: a theme reviews a quarter 6-8 weeks after it ends."""
    if m.review_from <= meeting_day <= m.review_to:
        return None
    when = "before" if meeting_day < m.review_from else "after"
    return (
        f"The review meeting on {meeting_day:%d %B %Y} is {when} the review window for the quarter ending "
        f"{m.period_end:%d %B %Y} ({m.review_from:%d %B} to {m.review_to:%d %B %Y})."
    )


class CycleKind(models.TextChoices):
    REVIEW = "review", "Performance review"
    UPDATE = "update", "Quarter 3 update on spending and activities"
    FINANCE_ONLY = "finance_only", "Returns and spend only"


# The kinds of quarter whose cycle drafts theme exception reports and an HSP/PMG report.
REPORTING_KINDS = (CycleKind.REVIEW, CycleKind.UPDATE)


def cycle_kind(period_end: dt.date, cadence: str) -> CycleKind:
    """What a quarter's cycle produces. Quarterly partnerships review every quarter. Six-monthly
    ones (Halton, seed 003) review when a half-year ends (September and March); the December
    quarter (Oct-Dec) is the "Quarter 3 update on spending and activities", an exception/summary
    report to the HSP Board; the June quarter, covered by the annual review, collects returns and
    spend only. Finance is returned, and reported, every quarter either way."""
    if cadence == "quarterly" or period_end.month in (9, 3):
        return CycleKind.REVIEW
    return CycleKind.UPDATE if period_end.month == 12 else CycleKind.FINANCE_ONLY


def is_performance_review(period_end: dt.date, cadence: str) -> bool:
    return cycle_kind(period_end, cadence) == CycleKind.REVIEW


def has_reports(period_end: dt.date, cadence: str) -> bool:
    """Does the quarter's cycle draft exception reports and an HSP/PMG report?"""
    return cycle_kind(period_end, cadence) in REPORTING_KINDS


# --- meetings and their papers (seed 001 §5.2-5.3, seed 000) -------------------------------------

# The milestone by which each kind of board has the quarter's papers: theme boards (and their
# sub-groups) and the business group read the theme exception reports; the executive and
# partnership boards the HSP/PMG report collated from them. Scrutiny and area committees are sent
# what is escalated to them, not the quarter's papers.
PAPERS = {
    "theme_board": "exception_reports_due",
    "sub_group": "exception_reports_due",
    "business_group": "exception_reports_due",
    "executive_board": "partnership_report_due",
    "partnership_board": "partnership_report_due",
}
PAPER_NAMES = {
    "exception_reports_due": "the theme exception reports are",
    "partnership_report_due": "the HSP/PMG report is",
    "collation_deadline": "the quarter's collated returns are",  # a quarter without reports
}
# A board hears from another board's meeting on the same quarter, so meets after it: the business
# group recommends to the executive board, which reports assurance and recommendations to the
# partnership board.
FOLLOWS = {"executive_board": ("business_group", "recommendations"), "partnership_board": ("executive_board", "report")}


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _long(day: dt.date) -> str:
    return f"{day:%A} {_day(day)}"


@dataclass(frozen=True)
class Papers:
    milestone: str  # the Milestones field
    ready: dt.date

    @property
    def words(self) -> str:
        """ "the HSP/PMG report is", to be followed by "ready on ..."."""
        return PAPER_NAMES[self.milestone]


def papers_for(kind: str, m: Milestones, *, with_reports: bool = True) -> Papers | None:
    """The papers a board of this kind needs for the quarter and the day they are ready (None: it
    is not sent the quarter's papers). A quarter without reports (`with_reports` False: Halton's
    June, seed 003) has its boards look at the collated returns and spend; Halton's December, the
    Quarter 3 update, has exception/summary reports and an HSP/PMG report like a review."""
    milestone = PAPERS.get(kind)
    if milestone is None:
        return None
    if not with_reports:
        milestone = "collation_deadline"
    return Papers(milestone, getattr(m, milestone))


def meeting_papers_problem(
    kind: str,
    meeting_day: dt.date,
    m: Milestones,
    *,
    with_reports: bool = True,
    follows: tuple[str, dt.date] | None = None,
) -> str | None:
    """What is wrong with a board meeting on a quarter, in words, or None: it must come after the
    day its papers are ready, and after the meeting it hears from (`follows`: that board's name and
    the day of its meeting on the quarter)."""
    papers = papers_for(kind, m, with_reports=with_reports)
    if papers is None:
        return None
    if meeting_day < papers.ready:
        return f"It meets on {_long(meeting_day)}, before its papers: {papers.words} ready on {_long(papers.ready)}."
    if meeting_day == papers.ready:
        return (
            f"It meets on {_long(meeting_day)}, the day {papers.words} ready: "
            "members will not have had time to read them."
        )
    if follows and kind in FOLLOWS and meeting_day <= follows[1]:
        name, day = follows
        when = f"the same day as the {name}" if meeting_day == day else f"before the {name} ({_long(day)})"
        return f"It meets on {_long(meeting_day)}, {when}, so it cannot consider its {FOLLOWS[kind][1]}."
    return None


def review_window_problem(m: Milestones) -> str | None:
    """A review meeting must come after the exception reports and inside the review window: when the
    collation deadline was extended so far that the reports are ready only as the window closes,
    no meeting can do both."""
    if m.exception_reports_due < m.review_to:
        return None
    return (
        f"The collation deadline is {_day(m.collation_deadline)}, so the theme exception reports are "
        f"ready on {_day(m.exception_reports_due)} and the review window closes on {_day(m.review_to)}: "
        "the themes can review this quarter only after the window, at their first meeting after the reports."
    )
