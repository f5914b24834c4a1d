"""The action-plan rules, pure: what each step needs, in the words the page shows.

draft --submit (theme)--> submitted --recommend (executive board)--> recommended --approve (partnership
board)--> approved. The theme may withdraw a submitted plan to change it (resubmitting makes a new
version); the executive board recommends only when every challenge is answered; the partnership board
approves only what the executive board has recommended (seed 003: the PSG "recommend[s] their
approval to the Board")."""

import datetime as dt

from escalation.smart import smart_problems
from planning.states import PlanState

# What each step may start from, and what is said when the plan is elsewhere.
STEP_FROM = {
    "submit": {PlanState.DRAFT},
    "withdraw": {PlanState.SUBMITTED},
    "challenge": {PlanState.SUBMITTED},
    "answer": {PlanState.SUBMITTED, PlanState.DRAFT},
    "recommend": {PlanState.SUBMITTED},
    "approve": {PlanState.RECOMMENDED},
    "edit": {PlanState.DRAFT},
}
WHY_NOT = {
    "submit": "Only a draft plan can be submitted; this one is {state}.",
    "withdraw": "Only a submitted plan can be withdrawn for changes; this one is {state}.",
    "challenge": "Only a submitted plan can be challenged; this one is {state}.",
    "answer": "This plan is {state}: its challenges can no longer be answered.",
    "recommend": "Only a submitted plan can be recommended; this one is {state}.",
    "edit": "This plan is {state}: withdraw it to change it.",
}
NOT_RECOMMENDED = "The executive board has not recommended this plan yet, so the partnership board cannot approve it."
ALREADY_APPROVED = "This plan has already been approved."


def step_refusal(step: str, state: str, *, open_challenges: int = 0) -> str | None:
    """Why `step` cannot be taken on a plan in `state` (None: it can)."""
    if state not in STEP_FROM[step]:
        if step == "approve":
            return ALREADY_APPROVED if state == PlanState.APPROVED else NOT_RECOMMENDED
        return WHY_NOT[step].format(state=PlanState(state).label.lower())
    if step == "recommend" and open_challenges:
        return (
            f"{open_challenges} challenge{'s' if open_challenges != 1 else ''} still "
            f"{'wait' if open_challenges != 1 else 'waits'} for the theme's answer: recommend the plan once "
            "every challenge is answered."
        )
    return None


def item_problems(item, today: dt.date) -> dict[str, str]:
    """A plan item's SMART problems (seed 003 §4: every action Specific, Measurable, Achievable,
    Resourced and Realistic, Time-limited, with clear lead individuals and agencies)."""
    problems = smart_problems(
        description=item.activity,
        measure=item.outcome,
        resources=item.funding,
        lead_named=bool(item.lead_officer_id),
        due_date=item.due_date,
        today=today,
    )
    renamed = {"description": "activity", "measure": "outcome", "resources": "funding", "lead": "lead_officer"}
    problems = {renamed.get(name, name): message for name, message in problems.items()}
    if not item.lead_partner_id:
        problems["lead_partner"] = "Choose the lead partner organisation for this target."
    return problems


def submission_problems(items, today: dt.date) -> list[str]:
    """Everything that stops a plan being submitted, item by item, in words."""
    if not items:
        return ["Add at least one item to the plan before submitting it."]
    problems = []
    for item in items:
        for message in item_problems(item, today).values():
            problems.append(f"{item}: {message}")
    return problems
