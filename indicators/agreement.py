"""Agreeing targets: who may agree a year's proposed targets. Pure: no database access.

The rule (docs/targets.md; seed 003: "The PSG will agree all targets and 'monitoring levels'"):

- A year's targets (its annual target, monitoring level and profile) are *proposed* when set or
  changed in the browser, and count for status only once *agreed*.
- Members holding a board role on the partnership's executive board, and administrators, agree.
- Nobody agrees what they proposed themselves, administrators included: as with returns, a second
  person checks every figure before it counts, so one person cannot rewrite a target alone.
"""

from indicators.models.targets import Agreement
from partnership.roles import Access


def agreement_refusal(*, agreement: str, access: Access, executive_board_ids, proposed_it: bool) -> str | None:
    """Why this person may not agree this year's targets, in words; None if they may."""
    if not access.can_agree_targets(executive_board_ids):
        return "Only members of the executive board, and administrators, agree targets."
    if agreement != Agreement.PROPOSED:
        return "These targets are already agreed."
    if proposed_it:
        return "You proposed these targets, so someone else on the executive board must agree them."
    return None
