from django import template

from reporting.packs.inputs import may_get_board_pack

register = template.Library()


@register.filter
def may_get_pack(access, board) -> bool:
    """{% if access|may_get_pack:board %}: whether to offer the board's packs to this member."""
    return access is not None and may_get_board_pack(access, board)
