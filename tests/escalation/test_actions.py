"""SMART actions: validation, progress, overdue actions and their once-only reminders."""

import datetime as dt

import pytest
from django.core import mail

from escalation.models import Action, ActionReminder, ActionStatus
from escalation.services.action_plans import overdue_actions, record_progress, send_overdue_reminders
from escalation.smart import smart_problems

pytestmark = pytest.mark.usefixtures("escalations_a", "escalations_b")

TODAY = dt.date(2026, 1, 15)
GOOD = dict(
    description="Run weekly drop-in sessions at the three secondary schools",
    measure="Conception rate at or below 48 per 1,000 by March",
    resources="Two school nurses from the PCT",
    lead_named=True,
    due_date=dt.date(2026, 3, 31),
    today=TODAY,
)


def test_a_smart_action_passes():
    assert smart_problems(**GOOD) == {}


def test_each_smart_letter_is_checked_with_a_message():
    assert set(smart_problems(**{**GOOD, "description": "Do better"})) == {"description"}
    assert set(smart_problems(**{**GOOD, "measure": "Things improve"})) == {"measure"}
    assert set(smart_problems(**{**GOOD, "resources": " "})) == {"resources"}
    assert set(smart_problems(**{**GOOD, "lead_named": False})) == {"lead"}
    assert set(smart_problems(**{**GOOD, "due_date": None})) == {"due_date"}
    assert "future" in smart_problems(**{**GOOD, "due_date": dt.date(2026, 1, 14)})["due_date"]
    assert "2 years" in smart_problems(**{**GOOD, "due_date": dt.date(2028, 2, 1)})["due_date"]


def test_an_unchanged_past_due_date_can_be_kept_when_editing():
    assert smart_problems(**{**GOOD, "due_date": dt.date(2026, 1, 1), "due_date_changed": False}) == {}


def test_progress_updates_keep_a_history_and_set_the_status(tree_a):
    user = tree_a.members["admin"].user
    record_progress(tree_a.action, note="First sessions held.", status=ActionStatus.ON_TRACK, user=user)
    record_progress(tree_a.action, note="Done.", status=ActionStatus.COMPLETE, user=user)
    tree_a.action.refresh_from_db()
    assert tree_a.action.status == ActionStatus.COMPLETE
    assert [u.note for u in tree_a.action.updates.all()] == ["Done.", "First sessions held."]


def test_overdue_actions_are_open_actions_past_their_due_date(tree_a, tree_b):
    action = tree_a.action
    after_due = action.due_date + dt.timedelta(days=1)
    assert list(overdue_actions(tree_a.partnership, action.due_date)) == []
    assert list(overdue_actions(tree_a.partnership, after_due)) == [action]
    assert list(overdue_actions(tree_b.partnership, after_due)) == [tree_b.action]  # each partnership its own
    assert action.is_overdue(after_due)
    action.status = ActionStatus.COMPLETE
    action.save()
    assert list(overdue_actions(tree_a.partnership, after_due)) == []


def test_overdue_reminders_are_sent_once_per_due_date(tree_a):
    action = tree_a.action
    after_due = action.due_date + dt.timedelta(days=1)
    # when the periodic job runs twice
    assert send_overdue_reminders(tree_a.partnership, after_due) == 1
    assert send_overdue_reminders(tree_a.partnership, after_due + dt.timedelta(days=1)) == 0
    # then the lead got one email, naming the action
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [tree_a.members["admin"].user.email]
    assert "NI 112" in mail.outbox[0].subject and "drop-in sessions" in mail.outbox[0].body
    # a new due date that passes earns a new reminder
    action.due_date = after_due + dt.timedelta(days=10)
    action.save()
    assert send_overdue_reminders(tree_a.partnership, action.due_date + dt.timedelta(days=1)) == 1
    assert ActionReminder.objects.filter(action=action).count() == 2


def test_actions_are_scoped_to_their_partnership(tree_a, tree_b):
    assert list(Action.objects.for_partnership(tree_a.partnership)) == [tree_a.action]
    assert tree_b.action.get_partnership() == tree_b.partnership
