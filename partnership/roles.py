"""Roles people hold in a partnership, and what each role may do.

Pure: no database access. `Access` is built once per request from a member's role assignments
(see `partnership.services.access_for`) and answers every permission question views ask.
"""

from dataclasses import dataclass, field

from django.db import models


class Role(models.TextChoices):
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"
    LEAD_INFORMATION_OFFICER = "lead_information_officer", "Lead Information Officer"
    REPORT_COORDINATOR = "report_coordinator", "Report Coordinator"
    PERFORMANCE_MANAGEMENT_LEAD = "performance_management_lead", "Performance Management Lead"
    OUTCOME_LEAD = "outcome_lead", "Outcome Lead"
    DELIVERY_MANAGER = "delivery_manager", "Delivery / Commission Manager"
    BOARD_CHAIR = "board_chair", "Board chair"
    BOARD_MEMBER = "board_member", "Board member"
    BUSINESS_GROUP_MEMBER = "business_group_member", "Business group member"


class RoleScope(models.TextChoices):
    PARTNERSHIP = "partnership", "the whole partnership"
    THEME = "theme", "a theme"
    BOARD = "board", "a board"


# Seed 001 Appendix A: the performance-management functions are held per theme; board roles
# are held per board; the administrator configures the whole tenant.
THEME_ROLES = frozenset(
    {
        Role.LEAD_INFORMATION_OFFICER,
        Role.REPORT_COORDINATOR,
        Role.PERFORMANCE_MANAGEMENT_LEAD,
        Role.OUTCOME_LEAD,
        Role.DELIVERY_MANAGER,
    }
)
BOARD_ROLES = frozenset({Role.BOARD_CHAIR, Role.BOARD_MEMBER, Role.BUSINESS_GROUP_MEMBER})
PARTNERSHIP_ROLES = frozenset({Role.PARTNERSHIP_ADMIN})

# The theme's officers: the people who may enter and edit its returns.
RETURN_ENTRY_ROLES = frozenset(
    {Role.LEAD_INFORMATION_OFFICER, Role.REPORT_COORDINATOR, Role.PERFORMANCE_MANAGEMENT_LEAD}
)


def scope_of(role: str) -> RoleScope:
    if role in THEME_ROLES:
        return RoleScope.THEME
    if role in BOARD_ROLES:
        return RoleScope.BOARD
    if role in PARTNERSHIP_ROLES:
        return RoleScope.PARTNERSHIP
    raise ValueError(f"Unknown role {role!r}")


@dataclass(frozen=True)
class Grant:
    role: str
    theme_id: int | None = None
    board_id: int | None = None


@dataclass(frozen=True)
class Access:
    """What one member of one partnership may do, derived only from their role grants."""

    grants: frozenset[Grant] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return any(g.role == Role.PARTNERSHIP_ADMIN for g in self.grants)

    def has_theme_role(self, theme_id: int, roles) -> bool:
        return any(g.theme_id == theme_id and g.role in roles for g in self.grants)

    def has_board_role(self, board_id: int, roles) -> bool:
        return any(g.board_id == board_id and g.role in roles for g in self.grants)

    def theme_ids_with(self, roles) -> frozenset[int]:
        return frozenset(g.theme_id for g in self.grants if g.theme_id is not None and g.role in roles)

    # --- the questions views ask -------------------------------------------------------

    def can_manage_partnership(self) -> bool:
        """Configure the tenant: people, roles, boards, themes."""
        return self.is_admin

    def can_enter_returns(self, theme_id: int) -> bool:
        """Only a theme's officers enter its returns (administrators configure, they don't report)."""
        return self.has_theme_role(theme_id, RETURN_ENTRY_ROLES)

    def can_approve_returns(self, theme_id: int) -> bool:
        return self.has_theme_role(theme_id, {Role.REPORT_COORDINATOR})

    def can_reopen_returns(self, theme_id: int) -> bool:
        return self.has_theme_role(theme_id, {Role.PERFORMANCE_MANAGEMENT_LEAD})

    def can_write_exception_report(self, theme_id: int) -> bool:
        return self.has_theme_role(theme_id, {Role.PERFORMANCE_MANAGEMENT_LEAD})

    def can_set_targets(self, theme_id: int, is_outcome_lead_of_indicator: bool = False) -> bool:
        return self.is_admin or is_outcome_lead_of_indicator

    def can_agree_targets(self, executive_board_ids) -> bool:
        """Seed 003: the executive board (PSG) agrees every target and monitoring level; members
        holding a board role on it, and administrators, record the agreement."""
        return self.is_admin or any(self.has_board_role(board_id, BOARD_ROLES) for board_id in executive_board_ids)

    def can_manage_meetings(self, board_id: int) -> bool:
        """Administrators, and the chair of the board, keep its meeting schedule."""
        return self.is_admin or self.has_board_role(board_id, {Role.BOARD_CHAIR})

    def can_challenge_data(self) -> bool:
        """Seed 000: the business group challenges the robustness of partnership data."""
        return any(g.role == Role.BUSINESS_GROUP_MEMBER for g in self.grants)
