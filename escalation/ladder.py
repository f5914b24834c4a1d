"""Halton's ladder of intervention (seed 003) as a pure state machine. No database access.

The state of one indicator on the ladder is: the stage of its open escalation (0 = none), how many
review points in a row it has been below its monitoring level, the end date of the last review
point judged, and whether the escalation is held open by a decision of the executive board (one it
opened by hand with evidence).

At each review point the indicator's approved result is below its monitoring level (True), not
below it (False), or not known (None: no approved result, or nothing to judge it against).

Rules, in order:

1. Not known → unchanged, and the review point does not count as judged, so a result approved
   later can still be judged.
2. A review point ending on or before the last one judged → unchanged: re-applying the same review
   point is a no-op, and an older one cannot rewrite what was decided after it.
3. Not escalated and below → opened at stage 1: the lead partner (the Outcome Lead) acts and
   reports to the theme within the report-back period.
4. Escalated at stage s and below again → raised to stage s + 1. A second consecutive miss takes
   stage 1 to stage 2 (the theme board agrees a plan with the agencies and reports to the executive
   board); a third takes stage 2 to stage 3 (the executive board nominates one of its members to
   agree a revised plan). At the top stage (the partnership's stage count) it stays: unchanged.
5. Escalated and not below (performance recovered) → closed; or, where the partnership steps down
   one stage at a time, lowered one stage (closed from stage 1). An escalation held open by the
   executive board's decision is not lowered or closed by the numbers: the board decides.
   Consecutive misses go back to zero.
6. Not escalated and not below → unchanged.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from django.db import models

from indicators.periods import PeriodKind, Span, latest_ended, span_containing

DEFAULT_STAGE_COUNT = 3
MAX_STAGE_COUNT = 6
DEFAULT_REPORT_BACK_MONTHS = 3


class ReviewPoint(models.TextChoices):
    """What a review point is: the end of each quarter, or of each half-year (Sept and March)."""

    QUARTERLY = "quarterly", "Every quarter (June, September, December, March)"
    SIX_MONTHLY = "six_monthly", "Every six months (September and March)"


REVIEW_KIND = {ReviewPoint.QUARTERLY: PeriodKind.QUARTER, ReviewPoint.SIX_MONTHLY: PeriodKind.HALF}


class StepKind(models.TextChoices):
    OPENED = "opened", "Opened"
    RAISED = "raised", "Raised"
    LOWERED = "lowered", "Lowered"
    CLOSED = "closed", "Closed"
    UNCHANGED = "unchanged", "Unchanged"


class OwnerKind(models.TextChoices):
    LEAD_PARTNER = "lead_partner", "Lead partner (Outcome Lead)"
    THEME_BOARD = "theme_board", "Theme board, with the agencies"
    EXECUTIVE_NOMINEE = "executive_nominee", "Executive board nominee"


class ReportTo(models.TextChoices):
    THEME = "theme", "The theme board"
    EXECUTIVE_BOARD = "executive_board", "The executive board"


@dataclass(frozen=True)
class LadderRules:
    stage_count: int = DEFAULT_STAGE_COUNT
    step_down: bool = False  # recovery lowers one stage at a time instead of closing

    def __post_init__(self):
        if not 1 <= self.stage_count <= MAX_STAGE_COUNT:
            raise ValueError(f"stage_count must be 1..{MAX_STAGE_COUNT}")


@dataclass(frozen=True)
class LadderState:
    stage: int = 0  # 0: not escalated
    misses: int = 0  # consecutive review points below the monitoring level
    last_reviewed: dt.date | None = None  # end of the last review point judged
    held: bool = False  # opened by the executive board by hand: closed only by its decision

    @property
    def escalated(self) -> bool:
        return self.stage > 0


@dataclass(frozen=True)
class Step:
    kind: StepKind
    before: LadderState
    after: LadderState
    reason: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def next_state(rules: LadderRules, state: LadderState, review_end: dt.date, below: bool | None) -> Step:
    """The ladder's next state after one review point (see the module docstring for the rules)."""

    def step(kind, reason, **changes):
        return Step(kind, state, replace(state, **changes), reason)

    if below is None:
        return step(StepKind.UNCHANGED, "No approved result to judge at this review point.")
    if state.last_reviewed is not None and review_end <= state.last_reviewed:
        return step(StepKind.UNCHANGED, "This review point has already been judged.")
    judged = {"last_reviewed": review_end}
    if below:
        misses = state.misses + 1
        if not state.escalated:
            return step(StepKind.OPENED, "Below the monitoring level.", stage=1, misses=misses, **judged)
        if state.stage < rules.stage_count:
            return step(
                StepKind.RAISED,
                f"Below the monitoring level for {misses} consecutive review points.",
                stage=state.stage + 1,
                misses=misses,
                **judged,
            )
        return step(
            StepKind.UNCHANGED, "Still below the monitoring level at the top of the ladder.", misses=misses, **judged
        )
    if not state.escalated:
        return step(StepKind.UNCHANGED, "At or better than the monitoring level.", misses=0, **judged)
    if state.held:
        return step(
            StepKind.UNCHANGED, "Recovered, but held open by the executive board's decision.", misses=0, **judged
        )
    if rules.step_down and state.stage > 1:
        return step(
            StepKind.LOWERED,
            "Performance recovered: stepped down one stage.",
            stage=state.stage - 1,
            misses=0,
            **judged,
        )
    return step(
        StepKind.CLOSED, "Performance recovered to the monitoring level.", stage=0, misses=0, held=False, **judged
    )


# --- who owns each stage, and to whom it reports ----------------------------------------------

STAGE_DUTIES = {
    1: "The lead partner takes action and reports progress to the theme.",
    2: "The theme board agrees a plan with the agencies and reports to the executive board.",
    3: "The executive board nominates one of its members to agree a revised plan.",
}


def owner_for(stage: int) -> OwnerKind:
    if stage <= 1:
        return OwnerKind.LEAD_PARTNER
    if stage == 2:
        return OwnerKind.THEME_BOARD
    return OwnerKind.EXECUTIVE_NOMINEE


def report_to_for(stage: int) -> ReportTo:
    return ReportTo.THEME if stage <= 1 else ReportTo.EXECUTIVE_BOARD


def stage_duty(stage: int) -> str:
    return STAGE_DUTIES.get(stage, STAGE_DUTIES[3])


def stage_label(stage: int) -> str:
    return f"Stage {stage}" if stage else "Not escalated"


# --- dates ------------------------------------------------------------------------------------


def add_months(on: dt.date, months: int) -> dt.date:
    """`months` calendar months after `on` (31 January + 1 month → 28 or 29 February): a report
    asked for "within three months" is due on `add_months(today, 3)`."""
    index = on.year * 12 + on.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def review_points_due(
    review_point: str, today: dt.date, judged_through: dt.date | None, lookback: int = 2
) -> list[Span]:
    """The review points to judge, oldest first: every one ended by `today` since the last one the
    job judged (`judged_through`), and that one again, so results approved after its first
    evaluation are still judged; with nothing judged yet, the last `lookback`. Quarter ends for
    quarterly review, September and March half-year ends for six-monthly review. A job that runs
    late judges every review point it missed, in order."""
    kind = REVIEW_KIND[review_point]
    latest = latest_ended(kind, today)
    if judged_through is None:
        first = latest
        for _ in range(lookback - 1):
            first = first.previous()
    else:
        first = min(span_containing(kind, judged_through), latest)
    spans = [first]
    while spans[-1] < latest:
        spans.append(spans[-1].next())
    return spans
