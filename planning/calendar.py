"""The annual planning calendar (seed 003's table), pure: its stages, their dates in a financial
year, and which are past, under way and next.

Seed 003: "The annual planning cycle is designed to fit with the established budgetary and project
management cycles of partners". Its table, in the order of a financial year (April to March):

- May: end of year update on spending and activities (against action plan) from the SSPs; exception /
  summary report to the HSP Board, performance report;
- July to September: annual review of progress against the LAA outcome targets and of the previous
  year's action plan; report to the HSP Board, Annual report, financial report;
- August to October: draft action plans from the SSPs (proposed activities, outcomes and funding), the
  PSG challenging prioritisation and plausibility; feedback to the SSPs, report to the Board on the
  draft plans with recommended changes, financial report;
- November: mid-year (April to September) update; exception / summary report, performance report;
- December: finalised action plans, the PSG challenging as appropriate; the final proposed
  operational plan to the Board, financial report;
- February and March: Quarter 3 (October to December) update; exception / summary report, financial
  report.

Each partnership may change the months (and what each stage is called); these are the defaults.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

FIRST_MONTH = 4  # the financial year starts in April


@dataclass(frozen=True)
class StageSpec:
    key: str
    name: str
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]
    activity: str
    outputs: str
    # What the stage asks of the themes: "plan" (a draft or final action plan for next year) or
    # "update" (an update on spending and activities against this year's plan).
    asks: str


DEFAULT_STAGES = [
    StageSpec(
        "year_end",
        "End of year update",
        (5, 1),
        (5, 31),
        "End of year update on spending and activities (against action plan) from the themes.",
        "Exception / summary report to the partnership board. Performance report.",
        "update",
    ),
    StageSpec(
        "annual_review",
        "Annual review",
        (7, 1),
        (9, 30),
        "Annual review of progress against LAA outcome targets and delivery of the previous year's action plan.",
        "Report to the partnership board. Annual report. Financial report.",
        "update",
    ),
    StageSpec(
        "draft_plans",
        "Draft action plans",
        (8, 1),
        (10, 31),
        "Draft action plans submitted by the themes (proposed activities, outcomes and funding). The executive "
        "board challenges prioritisation and plausibility.",
        "Feedback to the themes. Report to the partnership board on draft plans, with recommended changes. "
        "Financial report.",
        "plan",
    ),
    StageSpec(
        "mid_year",
        "Mid-year update",
        (11, 1),
        (11, 30),
        "Mid-year (April to September) update on spending and activities (against action plan) from the themes.",
        "Exception / summary report to the partnership board. Performance report.",
        "update",
    ),
    StageSpec(
        "final_plans",
        "Final action plans",
        (12, 1),
        (12, 31),
        "Finalised action plans submitted by the themes. The executive board challenges as appropriate.",
        "Final proposed operational plan to the partnership board. Financial report.",
        "plan",
    ),
    StageSpec(
        "q3_update",
        "Quarter 3 update",
        (2, 1),
        (3, 31),
        "Quarter 3 (October to December) update on spending and activities (against action plan) from the themes.",
        "Exception / summary report to the partnership board. Financial report.",
        "update",
    ),
]


def day_in_year(month: int, day: int, financial_year: int) -> dt.date:
    """The day (month, day) falls on in the financial year starting April `financial_year`; a day
    past the month's end is its last day (30 February is 28 or 29 February)."""
    year = financial_year if month >= FIRST_MONTH else financial_year + 1
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def window(start: tuple[int, int], end: tuple[int, int], financial_year: int) -> tuple[dt.date, dt.date]:
    return day_in_year(*start, financial_year), day_in_year(*end, financial_year)


def where(first: dt.date, last: dt.date, today: dt.date) -> str:
    if today > last:
        return "done"
    if today >= first:
        return "now"
    return "later"


def start_problem(start: tuple[int, int], end: tuple[int, int]) -> str | None:
    """Why a stage's months cannot be saved, in words (None: they can)."""
    for month, day in (start, end):
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            return "Enter a real month (1 to 12) and day (1 to 31)."
    first, last = window(start, end, 2000)
    if last < first:
        return "The stage must end after it starts, within the financial year (April to March)."
    return None


def reminder_due(last: dt.date, days_before: int, today: dt.date) -> bool:
    """A stage's reminder goes in its last `days_before` days."""
    return last - dt.timedelta(days=days_before) <= today <= last
