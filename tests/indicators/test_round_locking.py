"""Rounds lock at their deadline, once, and a locked round takes no new returns."""

import datetime as dt

import pytest
from django.utils import timezone

from indicators.models import IndicatorReturn
from indicators.services.rounds import lock_round

from .return_helpers import as_member, post

pytestmark = pytest.mark.usefixtures("returns_a")


def test_a_return_not_started_cannot_be_created_once_its_round_is_locked(client, tree_a, homes):
    lock_round(tree_a.round)
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="120", action="save_draft")
    assert "this return is locked" in response.content.decode()
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_rounds_past_their_deadline_are_locked_once(tree_a, returns_b):
    tree_b = returns_b
    from django.core.management import call_command

    from indicators.services.rounds import lock_due_rounds

    # given: alpha's deadline has passed, beta's has not
    tree_a.round.collation_deadline = timezone.localdate() - dt.timedelta(days=1)
    tree_a.round.save()
    tree_b.round.collation_deadline = timezone.localdate() + dt.timedelta(days=3)
    tree_b.round.save()
    # when
    locked = lock_due_rounds()
    # then: only alpha's round and returns are locked, and a second run does nothing
    assert list(locked.values()) == [2]  # the indicator return and the spend return
    tree_a.indicator_return.refresh_from_db()
    tree_b.indicator_return.refresh_from_db()
    assert tree_a.indicator_return.is_locked and not tree_b.indicator_return.is_locked
    assert lock_due_rounds() == {}
    call_command("lock_due_returns")  # the command runs the same, harmlessly
