"""Advancing a partnership through the quarterly timetable. `advance` is what the periodic Celery
job runs for each partnership; every step is idempotent:

- a cycle (and its round of returns) is created once per quarter (unique constraint);
- each step claims its `*_at` field with a conditional UPDATE inside the step's transaction, so a
  second run, or a retried task after a worker died, finds it claimed and does nothing;
- each email is claimed by a Notification row before it is sent (reporting.services.notifications).
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from escalation.services.action_plans import send_overdue_reminders
from escalation.services.ladder import evaluate_due_review_points
from indicators.periods import PeriodKind, Span, latest_ended
from indicators.services.rounds import lock_round, open_round
from planning.services.calendar import send_stage_reminders
from reporting.clock import clock
from reporting.holidays import england_and_wales
from reporting.models import Notification, ReportingCycle, TimetableSettings
from reporting.services.chain import assemble_at_milestone, catch_up, draft_at_deadline, send_out_reports
from reporting.services.computed import refresh_partnership
from reporting.services.live_dashboards import out_of_date
from reporting.services.notifications import notify, outstanding_by_officer, performance_leads
from reporting.timetable import cycle_kind, milestones, with_deadline

log = logging.getLogger(__name__)


def settings_for(partnership) -> TimetableSettings:
    settings, _ = TimetableSettings.objects.get_or_create(partnership=partnership)
    return settings


def open_cycle(partnership, span: Span) -> ReportingCycle:
    """Open a quarter's cycle and its returns (idempotent)."""
    settings = settings_for(partnership)
    dates = milestones(span.end, settings.offsets, england_and_wales())
    with transaction.atomic():
        round_ = open_round(partnership, span, dates.collation_deadline)
        period = round_.period
        # A round opened earlier may have had its deadline extended: the cycle follows it.
        dates = with_deadline(dates, round_.collation_deadline, settings.offsets, england_and_wales())
        cycle, created = ReportingCycle.objects.get_or_create(
            partnership=partnership,
            period=period,
            defaults={
                "return_round": round_,
                "kind": cycle_kind(span.end, settings.cadence),
                "returns_open": dates.returns_open,
                "reminders_due": dates.reminders,
                "collation_deadline": dates.collation_deadline,
                "exception_reports_due": dates.exception_reports_due,
                "partnership_report_due": dates.partnership_report_due,
                "review_from": dates.review_from,
                "review_to": dates.review_to,
            },
        )
    if created:
        log.info("Opened %s returns for %s, due %s", span.label, partnership.slug, dates.collation_deadline)
    return cycle


def send_reminders(cycle, today, now) -> int:
    if not (cycle.reminders_due <= today <= cycle.collation_deadline) or cycle.reminders_sent_at:
        return 0
    sent = sum(
        notify(cycle, Notification.Kind.REMINDER, officer, items)
        for officer, items in outstanding_by_officer(cycle).items()
    )
    cycle.claim("reminders_sent_at", now)
    return sent


def lock_and_chase(cycle, today, now) -> int:
    if today <= cycle.collation_deadline:
        return 0
    if not cycle.locked_at:
        with transaction.atomic():  # the claim and the lock stand or fall together
            if cycle.claim("locked_at", now):
                lock_round(cycle.return_round, now)
    if cycle.chasers_sent_at:
        return 0
    sent = 0
    for officer, items in outstanding_by_officer(cycle).items():
        leads = performance_leads(cycle.partnership, {item.indicator.lead_theme_id for item in items})
        sent += notify(cycle, Notification.Kind.CHASER, officer, items, copied_to=leads)
    cycle.claim("chasers_sent_at", now)
    return sent


def advance(partnership, today: dt.date | None = None, now=None) -> dict[str, int]:
    """One run of the timetable for one partnership. Safe to run any number of times."""
    now = now or clock.now()
    today = today or clock.today()
    open_cycle(partnership, latest_ended(PeriodKind.QUARTER, today))
    done = dict.fromkeys(
        ("reminders", "chasers", "drafted", "snapshots", "sent_out", "reports", "escalation_steps", "action_reminders"),
        0,
    )
    # Until the theme reviews are over: the quarter's later steps (and late events) still apply.
    active = ReportingCycle.objects.for_partnership(partnership).filter(review_to__gte=today - dt.timedelta(days=90))
    for cycle in active.select_related("partnership", "period", "return_round__period", "return_round__partnership"):
        done["reminders"] += send_reminders(cycle, today, now)
        cycle.refresh_from_db()
        done["chasers"] += lock_and_chase(cycle, today, now)
        cycle.refresh_from_db()
        done["drafted"] += catch_up(cycle, today=today, now=now)
        done["snapshots"] += draft_at_deadline(cycle, today=today, now=now)
        cycle.refresh_from_db()
        done["sent_out"] += send_out_reports(cycle, today=today, now=now)
        cycle.refresh_from_db()
        done["reports"] += assemble_at_milestone(cycle, today=today, now=now)
    # The ladder of intervention is judged at each review point once results are approved; both
    # calls claim their work (one evaluation per indicator per review point, one reminder per
    # action per due date), so running them every hour is safe.
    done["escalation_steps"] = sum(
        1 for outcome in evaluate_due_review_points(partnership, today) if outcome.step.changed
    )
    done["action_reminders"] = send_overdue_reminders(partnership, today)
    # The planning year's stages remind the themes of next year's plan and this year's updates.
    done["planning_reminders"] = send_stage_reminders(partnership, today)
    # Calculated indicators follow what they are calculated from until a board is shown them.
    done["calculated"] = refresh_partnership(partnership, today)
    # Each theme's live dashboard is made ready for the day (a change since refreshes it anyway),
    # so the first visitor of the morning reads stored data too. Only for the real day: a run
    # catching up on an earlier day has no dashboards to make.
    if today == timezone.localdate():
        stale = out_of_date(partnership, today)
        if stale:
            refresh_dashboards_later(stale)
        done["dashboards"] = len(stale)
    return done


def refresh_dashboards_later(theme_ids: list[int]) -> None:
    from reporting.tasks import refresh_dashboards  # the tasks module imports this one

    refresh_dashboards.delay(theme_ids)
