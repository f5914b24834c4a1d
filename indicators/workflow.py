"""The return workflow: which transitions exist and who may make them. Pure: no database access.

draft -> submitted -> approved (by the theme's Report Coordinator, never the person who submitted
it where the partnership separates the duties, as it does by default) or returned for revision
(with a reason) -> ... A return locks when the collation deadline passes (whatever its state); a
Performance Management Lead may reopen a locked return with a recorded reason. Only approved values
count in dashboards and reports.
"""

from dataclasses import dataclass

from django.db import models

from partnership.roles import Access


class ReturnState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for revision"
    APPROVED = "approved", "Approved"
    LOCKED = "locked", "Locked"  # shown when a return is locked, whatever its underlying state


class ReturnAction(models.TextChoices):
    SAVE_DRAFT = "save_draft", "Save draft"
    SUBMIT = "submit", "Submit for approval"
    APPROVE = "approve", "Approve"
    RETURN = "return", "Return for revision"
    REOPEN = "reopen", "Reopen"
    LOCK = "lock", "Lock"


# state before -> state after, for each action on an unlocked return.
TRANSITIONS = {
    ReturnAction.SAVE_DRAFT: ({ReturnState.NOT_STARTED, ReturnState.DRAFT, ReturnState.RETURNED}, ReturnState.DRAFT),
    ReturnAction.SUBMIT: ({ReturnState.NOT_STARTED, ReturnState.DRAFT, ReturnState.RETURNED}, ReturnState.SUBMITTED),
    ReturnAction.APPROVE: ({ReturnState.SUBMITTED}, ReturnState.APPROVED),
    ReturnAction.RETURN: ({ReturnState.SUBMITTED, ReturnState.APPROVED}, ReturnState.RETURNED),
}
NEEDS_REASON = {ReturnAction.RETURN, ReturnAction.REOPEN}
DONE_TO = {
    ReturnAction.SAVE_DRAFT: "saved as a draft",
    ReturnAction.SUBMIT: "submitted",
    ReturnAction.APPROVE: "approved",
    ReturnAction.RETURN: "returned for revision",
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""  # why not, in words for the person who tried
    new_state: str | None = None


def decide(
    action: str, *, state: str, locked: bool, access: Access, theme_id: int, submitted_it: bool = False
) -> Decision:
    """May this person take this action on a return of this theme, in this state? `submitted_it`:
    this person submitted the return and the partnership separates the duties (someone else must
    approve what a person submitted)."""
    if action == ReturnAction.LOCK:
        return Decision(not locked, "This return is already locked." if locked else "", state)
    if action == ReturnAction.REOPEN:
        if not locked:
            return Decision(False, "Only a locked return can be reopened.")
        if not access.can_reopen_returns(theme_id):
            return Decision(False, "Only the theme's Performance Management Lead can reopen a locked return.")
        return Decision(True, new_state=state)
    if locked:
        return Decision(
            False,
            "The collation deadline has passed and this return is locked. Ask the theme's "
            "Performance Management Lead to reopen it.",
        )
    before, after = TRANSITIONS[action]
    if action in (ReturnAction.SAVE_DRAFT, ReturnAction.SUBMIT) and not access.can_enter_returns(theme_id):
        return Decision(False, "Only the theme's officers can enter its returns.")
    if action in (ReturnAction.APPROVE, ReturnAction.RETURN) and not access.can_approve_returns(theme_id):
        return Decision(False, "Only the theme's Report Coordinator can approve or return a return.")
    if state not in before:
        label = ReturnState(state).label.lower()
        return Decision(False, f"A return that is {label} cannot be {DONE_TO[action]}.")
    if action == ReturnAction.APPROVE and submitted_it:
        return Decision(
            False,
            "You submitted this return, so someone else must approve it: another of the "
            "theme's Report Coordinators checks every figure before it counts.",
        )
    return Decision(True, new_state=after)


def displayed_state(state: str, locked: bool) -> str:
    return ReturnState.LOCKED if locked else state


def available_actions(
    *, state: str, locked: bool, access: Access, theme_id: int, submitted_it: bool = False
) -> list[str]:
    return [
        action
        for action in (
            ReturnAction.SAVE_DRAFT,
            ReturnAction.SUBMIT,
            ReturnAction.APPROVE,
            ReturnAction.RETURN,
            ReturnAction.REOPEN,
        )
        if decide(
            action, state=state, locked=locked, access=access, theme_id=theme_id, submitted_it=submitted_it
        ).allowed
    ]
