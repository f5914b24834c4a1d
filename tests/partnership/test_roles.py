"""Roles and the permissions derived from them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnership.models import RoleAssignment
from partnership.roles import BOARD_ROLES, PARTNERSHIP_ROLES, THEME_ROLES, Access, Grant, Role, RoleScope, scope_of

THEME, OTHER_THEME, BOARD, OTHER_BOARD = 1, 2, 10, 11


def access(*grants):
    return Access(frozenset(Grant(*g) for g in grants))


def test_every_role_has_exactly_one_scope():
    assert THEME_ROLES | BOARD_ROLES | PARTNERSHIP_ROLES == set(Role)
    assert not (THEME_ROLES & BOARD_ROLES or THEME_ROLES & PARTNERSHIP_ROLES or BOARD_ROLES & PARTNERSHIP_ROLES)
    assert scope_of(Role.OUTCOME_LEAD) == RoleScope.THEME
    assert scope_of(Role.BOARD_CHAIR) == RoleScope.BOARD
    assert scope_of(Role.PARTNERSHIP_ADMIN) == RoleScope.PARTNERSHIP
    with pytest.raises(ValueError):
        scope_of("emperor")


@pytest.mark.parametrize(
    "role", [Role.LEAD_INFORMATION_OFFICER, Role.REPORT_COORDINATOR, Role.PERFORMANCE_MANAGEMENT_LEAD]
)
def test_only_a_themes_officers_enter_its_returns(role):
    officer = access((role, THEME, None))
    assert officer.can_enter_returns(THEME)
    assert not officer.can_enter_returns(OTHER_THEME)


@pytest.mark.parametrize(
    "grant",
    [
        (Role.PARTNERSHIP_ADMIN, None, None),
        (Role.OUTCOME_LEAD, THEME, None),
        (Role.DELIVERY_MANAGER, THEME, None),
        (Role.BOARD_CHAIR, None, BOARD),
        (Role.BUSINESS_GROUP_MEMBER, None, BOARD),
    ],
)
def test_people_who_are_not_a_themes_officers_do_not_enter_its_returns(grant):
    assert not access(grant).can_enter_returns(THEME)


def test_workflow_permissions_follow_seed_001_appendix_a():
    coordinator = access((Role.REPORT_COORDINATOR, THEME, None))
    analyst = access((Role.PERFORMANCE_MANAGEMENT_LEAD, THEME, None))
    officer = access((Role.LEAD_INFORMATION_OFFICER, THEME, None))
    assert coordinator.can_approve_returns(THEME) and not coordinator.can_approve_returns(OTHER_THEME)
    assert not officer.can_approve_returns(THEME)
    assert analyst.can_reopen_returns(THEME) and analyst.can_write_exception_report(THEME)
    assert not coordinator.can_reopen_returns(THEME) and not coordinator.can_write_exception_report(THEME)


def test_administrators_manage_the_partnership_and_all_meetings():
    admin = access((Role.PARTNERSHIP_ADMIN, None, None))
    assert admin.is_admin and admin.can_manage_partnership()
    assert admin.can_manage_meetings(BOARD) and admin.can_manage_meetings(OTHER_BOARD)
    assert admin.can_set_targets(THEME)


def test_a_chair_manages_only_their_boards_meetings():
    chair = access((Role.BOARD_CHAIR, None, BOARD))
    member = access((Role.BOARD_MEMBER, None, BOARD))
    assert chair.can_manage_meetings(BOARD) and not chair.can_manage_meetings(OTHER_BOARD)
    assert not member.can_manage_meetings(BOARD)
    assert not chair.can_manage_partnership()


def test_targets_are_set_by_administrators_and_the_indicators_outcome_lead():
    outcome_lead = access((Role.OUTCOME_LEAD, THEME, None))
    assert outcome_lead.can_set_targets(THEME, is_outcome_lead_of_indicator=True)
    assert not outcome_lead.can_set_targets(THEME, is_outcome_lead_of_indicator=False)


def test_the_business_group_challenges_data():
    assert access((Role.BUSINESS_GROUP_MEMBER, None, BOARD)).can_challenge_data()
    assert not access((Role.BOARD_MEMBER, None, BOARD)).can_challenge_data()


def test_no_grants_means_read_only():
    nobody = Access()
    assert not nobody.is_admin
    assert not nobody.can_enter_returns(THEME)
    assert not nobody.can_manage_meetings(BOARD)
    assert nobody.theme_ids_with(THEME_ROLES) == frozenset()


# --- the model refuses assignments of the wrong shape --------------------------------------


def test_a_theme_role_needs_a_theme(tree_a):
    assignment = RoleAssignment(membership=tree_a.members["plain"], role=Role.OUTCOME_LEAD)
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "Choose the theme" in str(error.value.message_dict["theme"])


def test_a_board_role_cannot_be_held_over_a_theme(tree_a):
    assignment = RoleAssignment(membership=tree_a.members["plain"], role=Role.BOARD_CHAIR, theme=tree_a.theme)
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "board" in error.value.message_dict and "theme" in error.value.message_dict


def test_a_role_cannot_point_at_another_partnerships_theme(tree_a, tree_b):
    assignment = RoleAssignment(membership=tree_a.members["plain"], role=Role.OUTCOME_LEAD, theme=tree_b.theme)
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert error.value.message_dict["theme"] == ["Choose a theme from this partnership."]


def test_a_business_group_member_sits_on_a_business_group(tree_a):
    wrong = RoleAssignment(
        membership=tree_a.members["plain"], role=Role.BUSINESS_GROUP_MEMBER, board=tree_a.theme_board
    )
    with pytest.raises(ValidationError):
        wrong.full_clean()
    right = RoleAssignment(
        membership=tree_a.members["plain"], role=Role.BUSINESS_GROUP_MEMBER, board=tree_a.business_group
    )
    right.full_clean()


def test_the_database_refuses_a_role_of_the_wrong_shape(tree_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            membership=tree_a.members["plain"], role=Role.PARTNERSHIP_ADMIN, theme=tree_a.theme
        )


def test_the_same_role_cannot_be_given_twice(tree_a):
    RoleAssignment.objects.create(membership=tree_a.members["plain"], role=Role.OUTCOME_LEAD, theme=tree_a.theme)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(membership=tree_a.members["plain"], role=Role.OUTCOME_LEAD, theme=tree_a.theme)
    # The same role over another theme is a different assignment.
    RoleAssignment.objects.create(membership=tree_a.members["plain"], role=Role.OUTCOME_LEAD, theme=tree_a.other_theme)
