"""Changes to who is in a partnership that could lock people out: deactivating a member and
removing a role. Each is an explicit action the administrator confirms; each keeps history
(Membership and RoleAssignment are historical models); and neither can leave the partnership
without an active administrator, or let an administrator lock themselves out."""

from django.db import transaction

from partnership.models import Membership, RoleAssignment
from partnership.roles import Role


class ChangeRefused(Exception):
    """The change would lock someone out: the message says why, for the administrator."""


def active_administrators(partnership) -> list[int]:
    """The ids of the partnership's active members who hold the administrator role."""
    return list(
        Membership.objects.filter(
            partnership=partnership, is_active=True, role_assignments__role=Role.PARTNERSHIP_ADMIN
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def deactivate(member: Membership, *, by: Membership) -> None:
    """Take a member's access away (their roles and history are kept, to reactivate later)."""
    with transaction.atomic():
        member = Membership.objects.select_for_update().get(pk=member.pk)
        if member.pk == by.pk:
            raise ChangeRefused("You cannot deactivate your own membership: ask another administrator.")
        if active_administrators(member.partnership) == [member.pk]:
            raise ChangeRefused(
                f"{member.display_name} is the partnership's only active administrator: make someone else an "
                "administrator first."
            )
        if member.is_active:
            member.is_active = False
            member._change_reason = f"Deactivated by {by.display_name}"
            member.save()


def reactivate(member: Membership, *, by: Membership) -> None:
    if not member.is_active:
        member.is_active = True
        member._change_reason = f"Reactivated by {by.display_name}"
        member.save()


def remove_role(assignment: RoleAssignment, *, by: Membership) -> None:
    """Remove a role; the last active administrator's administrator role cannot be removed."""
    with transaction.atomic():
        assignment = (
            RoleAssignment.objects.select_for_update().select_related("membership__partnership").get(pk=assignment.pk)
        )
        member = assignment.membership
        if assignment.role == Role.PARTNERSHIP_ADMIN and member.is_active:
            if active_administrators(member.partnership) == [member.pk]:
                raise ChangeRefused(
                    f"{member.display_name} is the partnership's only active administrator: make someone else an "
                    "administrator before removing this role."
                )
        assignment._change_reason = f"Removed by {by.display_name}"
        assignment.delete()
