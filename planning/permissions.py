"""Who may do what with an action plan. Pure: the pages, the buttons and the home page ask here.

The theme's officers write their plan; a member of the executive board (PSG) challenges and
recommends it; a member of the partnership board (the Board) approves it."""

from partnership.roles import THEME_ROLES, Role

SEAT_ROLES = frozenset({Role.BOARD_CHAIR, Role.BOARD_MEMBER})


def may_write(access, theme_id: int) -> bool:
    return access.has_theme_role(theme_id, THEME_ROLES)


def may_challenge(access, executive_board_ids) -> bool:
    return any(access.has_board_role(board_id, SEAT_ROLES) for board_id in executive_board_ids)


def may_approve(access, partnership_board_ids) -> bool:
    return any(access.has_board_role(board_id, SEAT_ROLES) for board_id in partnership_board_ids)


def may_record_progress(access, membership_id: int, lead_id: int | None, executive_board_ids) -> bool:
    """An action point's progress: its lead, or a member of the executive board that tracks it."""
    return lead_id == membership_id or may_challenge(access, executive_board_ids)
