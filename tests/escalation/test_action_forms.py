"""Action plans: a SMART action form explains each problem, and an action's lead records progress
on their own action."""

import pytest
from django.utils import timezone

from escalation.models import Action

from .helpers import url

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a", "escalations_b")


def test_a_smart_action_form_explains_each_problem(client, people):
    client.force_login(people.members["outcome_lead"].user)
    response = client.post(
        url(people, "action_create", escalation_id=people.escalation.pk),
        {"description": "Do better", "measure": "Improve things", "resources": "", "due_date": "31/02/2020"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    for message in (
        "in at least 5 words",
        "with a figure or date",
        "what resources",
        "named lead",
        "Enter a real date",
    ):
        assert message in html, message
    assert "Improve things" in html and "Do better" in html
    assert not Action.objects.filter(escalation=people.escalation, description="Do better").exists()


def test_an_action_lead_records_progress_on_their_own_action(client, people):
    plain = people.members["plain"]
    action = Action.objects.create(
        escalation=people.escalation,
        stage=1,
        lead=plain,
        due_date=timezone.localdate(),
        description="a b c d e",
        measure="1",
        resources="r",
    )
    client.force_login(plain.user)
    target = url(people, "action_progress", action_id=action.pk)
    assert client.post(target, {"status": "complete", "note": "All done."}).status_code == 302
    action.refresh_from_db()
    assert action.status == "complete" and action.updates.get().by == plain.user
    assert client.get(url(people, "action_edit", action_id=action.pk)).status_code == 403
