"""Who may do what with escalations and risks. Pure: answers from a member's `Access` (their role
grants) and plain ids; views load the ids once per request.

- Everyone in the partnership reads everything here.
- Governing the ladder (opening by hand, nominating, referring up, closing, settings of the
  route aside): members holding a board role on the executive board, and administrators.
- The action plan: the escalation's owner side (the indicator's Outcome Lead, the lead theme's
  officers and Outcome Leads, the theme board's chair, the stage 3 nominee) and administrators.
- A report received: either of the above (the owner sends it, the receiving board records it).
- Ladder settings and the escalation route: administrators.
- The risk register: administrators and Performance Management Leads.
"""

from partnership.roles import BOARD_ROLES, RETURN_ENTRY_ROLES, Access, Role

OWNER_SIDE_THEME_ROLES = RETURN_ENTRY_ROLES | {Role.OUTCOME_LEAD}


def can_govern(access: Access, executive_board_ids) -> bool:
    return access.is_admin or any(access.has_board_role(board_id, BOARD_ROLES) for board_id in executive_board_ids)


def can_edit_plan(access: Access, membership_id: int, escalation) -> bool:
    """`escalation` needs its indicator and the indicator's lead theme loaded."""
    if access.is_admin:
        return True
    if not escalation.is_open:
        return False
    indicator = escalation.indicator
    people = {indicator.outcome_lead_id, escalation.owner_member_id, escalation.nominee_id} - {None}
    return (
        membership_id in people
        or access.has_theme_role(indicator.lead_theme_id, OWNER_SIDE_THEME_ROLES)
        or access.has_board_role(indicator.lead_theme.board_id, {Role.BOARD_CHAIR})
    )


def can_update_action(access: Access, membership_id: int, action) -> bool:
    """The action's named lead records progress on it, as well as the owner side."""
    escalation = action.escalation
    return (escalation.is_open and action.lead_id == membership_id) or can_edit_plan(access, membership_id, escalation)


def can_record_report(access: Access, membership_id: int, escalation, executive_board_ids) -> bool:
    return escalation.is_open and (
        can_govern(access, executive_board_ids) or can_edit_plan(access, membership_id, escalation)
    )


def can_configure(access: Access) -> bool:
    return access.is_admin


def can_edit_risks(access: Access) -> bool:
    return access.is_admin or bool(access.theme_ids_with({Role.PERFORMANCE_MANAGEMENT_LEAD}))
