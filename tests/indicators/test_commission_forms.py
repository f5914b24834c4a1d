"""Adding and editing commissions and projects: administrators only, with this partnership's
choices only and duplicates explained."""

import pytest

from indicators.models import Commission

from .money_helpers import login, url

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


def test_only_administrators_add_and_edit_commissions(client, tree_a):
    create, edit = url("create", tree_a), url("edit", tree_a, commission_id=tree_a.commission.pk)
    for who in ("plain", "officer", "chair"):
        login(client, tree_a.members[who])
        assert client.get(create).status_code == 403, who
        assert client.post(create, {"name": "X", "theme": tree_a.theme.pk, "kind": "commission"}).status_code == 403, (
            who
        )
        assert client.get(edit).status_code == 403, who
        assert client.post(edit, {"name": "X", "theme": tree_a.theme.pk, "kind": "commission"}).status_code == 403, who
    assert not Commission.objects.filter(name="X").exists()

    login(client, tree_a.members["admin"])
    assert client.get(create).status_code == 200
    response = client.post(
        create,
        {
            "name": "Youth Diversion",
            "theme": tree_a.theme.pk,
            "kind": "project",
            "provider": tree_a.organisation.pk,
            "manager": tree_a.members["officer"].pk,
        },
    )
    commission = Commission.objects.get(name="Youth Diversion")
    assert response.status_code == 302 and response["Location"] == url("detail", tree_a, commission_id=commission.pk)
    assert (commission.kind, commission.manager) == (Commission.Kind.PROJECT, tree_a.members["officer"])
    assert client.get(edit).status_code == 200
    client.post(edit, {"name": "Healthy Living", "theme": tree_a.theme.pk, "kind": "commission"})
    tree_a.commission.refresh_from_db()
    assert tree_a.commission.name == "Healthy Living"


def test_the_commission_form_offers_only_this_partnerships_choices_and_explains_duplicates(client, tree_a, tree_b):
    login(client, tree_a.members["admin"])
    page = client.get(url("create", tree_a)).content.decode()
    assert "Beta Council" not in page and "admin_b" not in page.lower()
    response = client.post(
        url("create", tree_a),
        {
            "name": "Sneaky",
            "theme": tree_b.theme.pk,
            "provider": tree_b.organisation.pk,
            "manager": tree_b.members["admin"].pk,
            "kind": "commission",
        },
    )
    errors = response.context["form"].errors
    assert set(errors) == {"theme", "provider", "manager"}
    response = client.post(
        url("create", tree_a), {"name": "Healthy Living Commission", "theme": tree_a.theme.pk, "kind": "commission"}
    )
    assert response.context["form"].errors["name"] == [
        "Well-Being already has a commission or project called Healthy Living Commission."
    ]
