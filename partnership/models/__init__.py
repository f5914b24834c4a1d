from .governance import Board, BoardKind, Meeting, Objective, Perspective, Theme
from .monitoring import MemberMonitoring
from .notices import Notice, NoticeKind
from .partnership import Partnership
from .people import Membership, Organisation, OrganisationKind, RoleAssignment
from .tenancy import TenantManager, TenantModel, TenantQuerySet

__all__ = [
    "Board",
    "BoardKind",
    "Meeting",
    "MemberMonitoring",
    "Membership",
    "Notice",
    "NoticeKind",
    "Objective",
    "Organisation",
    "OrganisationKind",
    "Partnership",
    "Perspective",
    "RoleAssignment",
    "TenantManager",
    "TenantModel",
    "TenantQuerySet",
    "Theme",
]
