"""Deactivating a member and removing a role are explicit, confirmed actions that keep history, and
can never leave a partnership without an administrator or let administrators lock themselves out."""

import pytest

from partnership.models import Membership, RoleAssignment
from partnership.roles import Role

from ..builders import make_member, make_user


def test_deactivating_a_member_is_confirmed_then_recorded_and_can_be_undone(as_admin, tree_a):
    plain = tree_a.members["plain"]
    asked = as_admin.get(f"/p/alpha/people/{plain.pk}/deactivate/")
    assert asked.status_code == 200 and "will no longer be able to see this partnership" in asked.content.decode()
    assert Membership.objects.get(pk=plain.pk).is_active  # asking changes nothing
    assert as_admin.post(f"/p/alpha/people/{plain.pk}/deactivate/").status_code == 302
    assert not Membership.objects.get(pk=plain.pk).is_active
    record = Membership.history.filter(id=plain.pk).first()
    assert record.history_change_reason == "Deactivated by Admin_A Tester" and not record.is_active
    page = as_admin.get(f"/p/alpha/people/{plain.pk}/").content.decode()
    assert "Deactivated by Admin_A Tester" in page  # the member's page shows the change
    as_admin.post(f"/p/alpha/people/{plain.pk}/reactivate/")
    assert Membership.objects.get(pk=plain.pk).is_active


def test_an_administrator_cannot_deactivate_themselves(as_admin, tree_a):
    admin = tree_a.members["admin"]
    make_member(tree_a.partnership, make_user("second_admin"), [(Role.PARTNERSHIP_ADMIN, None)])
    response = as_admin.post(f"/p/alpha/people/{admin.pk}/deactivate/")
    assert response.status_code == 200
    assert "You cannot deactivate your own membership" in response.content.decode()
    assert Membership.objects.get(pk=admin.pk).is_active


def test_the_last_administrator_cannot_be_deactivated_or_lose_the_role(client, tree_a):
    # given: a second administrator acting on the only other one
    admin = tree_a.members["admin"]
    other = make_member(tree_a.partnership, make_user("second_admin"), [(Role.PARTNERSHIP_ADMIN, None)])
    client.force_login(other.user)
    # the first administrator can go, while the other remains...
    assert client.post(f"/p/alpha/people/{admin.pk}/deactivate/").status_code == 302
    # ...but then the other is the last: nobody may take away the last administrator's role
    role = other.role_assignments.get(role=Role.PARTNERSHIP_ADMIN)
    response = client.post(f"/p/alpha/roles/{role.pk}/remove/")
    assert response.status_code == 200 and "only active administrator" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=role.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_administrators_may_deactivate_or_remove_roles(client, tree_a, method):
    client.force_login(tree_a.members["chair"].user)
    plain = tree_a.members["plain"]
    role = tree_a.members["officer"].role_assignments.get()
    assert getattr(client, method)(f"/p/alpha/people/{plain.pk}/deactivate/").status_code == 403
    assert getattr(client, method)(f"/p/alpha/roles/{role.pk}/remove/").status_code == 403
