"""Loading what views need about the current member, in as few queries as possible. Pages and the
API both start here, so a partnership is found (or not) the same way everywhere."""

from partnership.models import Board, BoardKind, Membership, RoleAssignment
from partnership.roles import Access, Grant


def membership_for(user, partnership_slug: str) -> Membership | None:
    """The user's active membership of the partnership with this slug, or None: for anyone else
    the partnership does not exist (pages answer 404, the API too)."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("partnership", "organisation")
        .filter(partnership__slug=partnership_slug, user=user, is_active=True)
        .first()
    )


def access_for(membership: Membership | None) -> Access:
    if membership is None:
        return Access()
    grants = RoleAssignment.objects.filter(membership=membership).values_list("role", "theme_id", "board_id")
    return Access(frozenset(Grant(role, theme_id, board_id) for role, theme_id, board_id in grants))


def executive_board_ids(partnership) -> frozenset[int]:
    """The partnership's executive boards (PMG, PSG, Performance Board): they run the ladder of
    intervention and agree targets."""
    return frozenset(
        Board.objects.for_partnership(partnership).filter(kind=BoardKind.EXECUTIVE_BOARD).values_list("pk", flat=True)
    )
