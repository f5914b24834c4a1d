import pytest

from partnership.roles import Role
from tests.builders import make_member, make_user


@pytest.fixture
def boards_a(tree_a):
    """A with a member of the executive board (the PSG) and a member of the partnership board."""
    executive = tree_a.business_group.parent
    tree_a.members["psg"] = make_member(tree_a.partnership, make_user("psg_a"), [(Role.BOARD_MEMBER, executive)])
    tree_a.members["board"] = make_member(
        tree_a.partnership, make_user("board_a"), [(Role.BOARD_CHAIR, tree_a.top_board)]
    )
    return tree_a
