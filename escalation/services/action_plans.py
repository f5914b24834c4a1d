"""Action plans: progress updates, overdue actions, and the overdue reminders the periodic job
sends (reporting.services.cycles calls `send_overdue_reminders` for each partnership)."""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from escalation.models import Action, ActionReminder, ActionUpdate, EscalationStatus
from partnership.models import NoticeKind
from partnership.services.notices import absolute, tell

log = logging.getLogger(__name__)


def overdue_actions(partnership, today: dt.date):
    """Open actions past their due date, in open escalations, with everything a list shows."""
    return (
        Action.objects.for_partnership(partnership)
        .overdue(today)
        .filter(escalation__status=EscalationStatus.OPEN)
        .select_related("escalation__partnership", "escalation__indicator", "lead__user")
        .order_by("due_date", "pk")
    )


def record_progress(action: Action, *, note: str, status: str, user) -> ActionUpdate:
    with transaction.atomic():
        update = ActionUpdate.objects.create(action=action, note=note, status=status, by=user)
        if action.status != status:
            action.status = status
            action.save(update_fields=["status", "updated_at"])
    return update


def send_overdue_reminders(partnership, today: dt.date) -> int:
    """Email each overdue action's lead once per due date; returns how many were sent.

    The reminder is claimed first by a unique (action, due date) row, so running twice, or two
    workers at once, sends nothing more: at most once, never twice. Moving the due date makes a
    new reminder possible when the new date passes. Each reminder is also the lead's notice
    (partnership.services.notices.tell); a lead with no email address gets the notice only."""
    sent = 0
    for action in overdue_actions(partnership, today):
        try:
            with transaction.atomic():
                ActionReminder.objects.create(action=action, due_date=action.due_date)
        except IntegrityError:
            continue
        _send(action, today)  # a lead with no address to email still finds it in their notices
        sent += bool(action.lead.user.email)
    if sent:
        log.info("Sent %s overdue action reminders for %s", sent, partnership.slug)
    return sent


def _send(action: Action, today: dt.date) -> None:
    escalation = action.escalation
    context = {
        "action": action,
        "escalation": escalation,
        "partnership": escalation.partnership,
        "today": today,
        "url": absolute(escalation.get_absolute_url()),
    }
    subject = render_to_string("escalation/emails/overdue_action_subject.txt", context).strip()
    body = render_to_string("escalation/emails/overdue_action.txt", context)
    tell(action.lead, NoticeKind.ACTION_OVERDUE, subject, body, escalation.get_absolute_url())
