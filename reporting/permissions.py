"""Who may do what with a board's decisions and recommendations. Pure: views and the home page
ask the same questions here, so a task the home page lists is one its person may do."""

from partnership.models import BoardKind
from partnership.roles import Role

SEAT_ROLES = frozenset({Role.BOARD_CHAIR, Role.BOARD_MEMBER})


def seat_roles(board) -> frozenset:
    """The roles that give a seat at the board's table."""
    return SEAT_ROLES | ({Role.BUSINESS_GROUP_MEMBER} if board.kind == BoardKind.BUSINESS_GROUP else frozenset())


def may_record(access, board) -> bool:
    return access.is_admin or access.has_board_role(board.pk, seat_roles(board))


def may_respond(access, board) -> bool:
    return access.has_board_role(board.pk, seat_roles(board))


def may_write_assurance(access, executive_ids) -> bool:
    return any(access.has_board_role(board_id, SEAT_ROLES) for board_id in executive_ids)
