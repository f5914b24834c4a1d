"""Loading what views need about the current member, in as few queries as possible."""

from .models import Membership, RoleAssignment
from .roles import Access, Grant


def access_for(membership: Membership | None) -> Access:
    if membership is None:
        return Access()
    grants = RoleAssignment.objects.filter(membership=membership).values_list("role", "theme_id", "board_id")
    return Access(frozenset(Grant(role, theme_id, board_id) for role, theme_id, board_id in grants))
