"""Advancing a partnership through the quarterly timetable. `advance` is what the periodic Celery
job runs for each partnership; every step is idempotent:

- a cycle (and its round of returns) is created once per quarter (unique constraint);
- each step claims its `*_at` field with a conditional UPDATE inside the step's transaction, so a
  second run, or a retried task after a worker died, finds it claimed and does nothing;
- each email is claimed by a Notification row (unique per cycle, person and kind) before it is
  sent, so nobody gets the same email twice (at most once, never twice).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from escalation.action_plans import send_overdue_reminders
from escalation.services import evaluate_due_review_points
from indicators.models import Indicator, IndicatorReturn, Period, ReturnRound
from indicators.periods import PeriodKind, Span, latest_ended
from indicators.returns import due_periods, lock_round
from indicators.workflow import ReturnState
from partnership.models import Membership, Theme
from partnership.roles import Role
from reporting.clock import clock
from reporting.dashboard import successes_summary, theme_dashboard
from reporting.emails import send_outstanding_returns
from reporting.holidays import england_and_wales
from reporting.models import (
    ExceptionItem,
    ExceptionReport,
    Notification,
    PartnershipReport,
    ReportingCycle,
    ThemeSnapshot,
    TimetableSettings,
)
from reporting.timetable import is_performance_review, milestones, with_deadline

log = logging.getLogger(__name__)
OUTSTANDING = {ReturnState.NOT_STARTED, ReturnState.DRAFT, ReturnState.RETURNED}


def settings_for(partnership) -> TimetableSettings:
    settings, _ = TimetableSettings.objects.get_or_create(partnership=partnership)
    return settings


def open_cycle(partnership, span: Span) -> ReportingCycle:
    """Open a quarter's cycle and its returns (idempotent)."""
    settings = settings_for(partnership)
    dates = milestones(span.end, settings.offsets, england_and_wales())
    period = Period.objects.for_span(span)
    with transaction.atomic():
        round_, _ = ReturnRound.objects.get_or_create(
            partnership=partnership, period=period, defaults={"collation_deadline": dates.collation_deadline}
        )
        # A round opened earlier may have had its deadline extended: the cycle follows it.
        dates = with_deadline(dates, round_.collation_deadline, settings.offsets, england_and_wales())
        cycle, created = ReportingCycle.objects.get_or_create(
            partnership=partnership, period=period,
            defaults={
                "return_round": round_,
                "is_performance_review": is_performance_review(span.end, settings.cadence),
                "returns_open": dates.returns_open, "reminders_due": dates.reminders,
                "collation_deadline": dates.collation_deadline, "exception_reports_due": dates.exception_reports_due,
                "partnership_report_due": dates.partnership_report_due, "review_from": dates.review_from,
                "review_to": dates.review_to,
            },
        )
    if created:
        log.info("Opened %s returns for %s, due %s", span.label, partnership.slug, dates.collation_deadline)
    return cycle


def claim(cycle: ReportingCycle, field: str, now) -> bool:
    """True for exactly one caller: the one whose UPDATE found the field still empty."""
    return ReportingCycle.objects.filter(pk=cycle.pk, **{f"{field}__isnull": True}).update(**{field: now}) == 1


@dataclass(frozen=True)
class Outstanding:
    indicator: Indicator
    state: str

    @property
    def state_label(self):
        return ReturnState(self.state).label.lower()


def outstanding_by_officer(cycle: ReportingCycle) -> dict[Membership, list[Outstanding]]:
    """Each Lead Information Officer's returns not yet submitted, in the themes they report for."""
    partnership = cycle.partnership
    indicators = list(Indicator.objects.for_partnership(partnership).select_related("lead_theme"))
    returns = {
        r.indicator_id: r.state
        for r in IndicatorReturn.objects.filter(indicator__in=indicators, period__end=cycle.period.end)
    }
    by_theme = {}
    for indicator in indicators:
        if due_periods(cycle.return_round, indicator) is None:
            continue
        state = returns.get(indicator.pk, ReturnState.NOT_STARTED)
        if state in OUTSTANDING:
            by_theme.setdefault(indicator.lead_theme_id, []).append(Outstanding(indicator, state))
    officers = Membership.objects.for_partnership(partnership).filter(
        is_active=True, role_assignments__role=Role.LEAD_INFORMATION_OFFICER, role_assignments__theme_id__in=by_theme
    ).select_related("user").prefetch_related("role_assignments").distinct()
    result = {}
    for officer in officers:
        themes = {a.theme_id for a in officer.role_assignments.all() if a.role == Role.LEAD_INFORMATION_OFFICER}
        items = [item for theme_id in themes for item in by_theme.get(theme_id, [])]
        if items:
            result[officer] = items
    return result


def performance_leads(partnership, theme_ids) -> list[Membership]:
    return list(Membership.objects.for_partnership(partnership).filter(
        is_active=True, role_assignments__role=Role.PERFORMANCE_MANAGEMENT_LEAD, role_assignments__theme_id__in=theme_ids,
    ).select_related("user").distinct())


def notify(cycle, kind, officer, items, copied_to=()) -> bool:
    """Claim, then send. Returns False when this email was already claimed (sent)."""
    try:
        with transaction.atomic():
            note = Notification.objects.create(cycle=cycle, membership=officer, kind=kind, subject="",
                                               copied_to=", ".join(m.user.email for m in copied_to))
    except IntegrityError:
        return False
    note.subject = send_outstanding_returns(kind=kind, membership=officer, items=items, cycle=cycle, copied_to=copied_to)
    Notification.objects.filter(pk=note.pk).update(subject=note.subject)
    return True


def send_reminders(cycle, today, now) -> int:
    if not (cycle.reminders_due <= today <= cycle.collation_deadline) or cycle.reminders_sent_at:
        return 0
    sent = sum(notify(cycle, Notification.Kind.REMINDER, officer, items)
               for officer, items in outstanding_by_officer(cycle).items())
    claim(cycle, "reminders_sent_at", now)
    return sent


def lock_and_chase(cycle, today, now) -> int:
    if today <= cycle.collation_deadline:
        return 0
    if not cycle.locked_at:
        with transaction.atomic():  # the claim and the lock stand or fall together
            if claim(cycle, "locked_at", now):
                lock_round(cycle.return_round, now)
    if cycle.chasers_sent_at:
        return 0
    sent = 0
    for officer, items in outstanding_by_officer(cycle).items():
        leads = performance_leads(cycle.partnership, {item.indicator.lead_theme_id for item in items})
        sent += notify(cycle, Notification.Kind.CHASER, officer, items, copied_to=leads)
    claim(cycle, "chasers_sent_at", now)
    return sent


def freeze_snapshots(cycle, today, now) -> int:
    """At the exception-report milestone: each theme's dashboard frozen, and its draft exception
    report pre-filled from the returns' reasons and actions."""
    if not cycle.is_performance_review or today < cycle.exception_reports_due or cycle.snapshot_at:
        return 0
    made = 0
    with transaction.atomic():
        if not claim(cycle, "snapshot_at", now):
            return 0
        # The quarter's figures, even when a late run catches up after later quarters have ended.
        as_of = cycle.period.end + dt.timedelta(days=1)
        for theme in Theme.objects.for_partnership(cycle.partnership).select_related("partnership"):
            data = theme_dashboard(theme, as_of)
            snapshot, created = ThemeSnapshot.objects.get_or_create(cycle=cycle, theme=theme, defaults={"data": data})
            report, _ = ExceptionReport.objects.get_or_create(
                cycle=cycle, theme=theme, defaults={"snapshot": snapshot, "successes": successes_summary(snapshot.data)}
            )
            draft_exception_items(report, snapshot.data)
            made += created
    return made


def draft_exception_items(report, data: dict) -> int:
    """One item per amber or red indicator, pre-filled from its return, skipping any the report
    already has (idempotent). Made in one insert, with their history rows."""
    have = set(report.items.values_list("indicator_id", flat=True))
    off_target = [row for row in data["indicators"] if row["status"] in ("amber", "red")]
    items = [
        ExceptionItem(report=report, indicator_id=row["indicator_id"], status=row["status"], reason=row["variance_reason"],
                      action=row["action_taken"], position=position)
        for position, row in enumerate(off_target)
        if row["indicator_id"] not in have
    ]
    bulk_create_with_history(items, ExceptionItem)
    return len(items)


def assemble_partnership_report(cycle, today, now) -> bool:
    """At the HSP/PMG milestone: the partnership report collated from the theme reports."""
    if not cycle.is_performance_review or today < cycle.partnership_report_due or cycle.report_assembled_at or not cycle.snapshot_at:
        return False
    with transaction.atomic():
        if not claim(cycle, "report_assembled_at", now):
            return False
        PartnershipReport.objects.get_or_create(cycle=cycle, defaults={"data": partnership_report_data(cycle)})
    return True


def partnership_report_data(cycle) -> dict:
    themes, reds, spend = [], [], {"profile_to_date": 0.0, "spend_to_date": 0.0}
    improving = worsening = 0
    for report in cycle.exception_reports.select_related("snapshot", "theme").prefetch_related("items"):
        data = report.snapshot.data
        themes.append({"theme": data["theme"], "counts": data["counts"], "exception_report_id": report.pk})
        # The theme's exception report, as its Performance Management Lead wrote it, has the final
        # word on each red item's reason, action and the decisions required.
        written = {item.indicator_id: item for item in report.items.all()}
        for row in data["indicators"]:
            improving += row["direction"] == "improving"
            worsening += row["direction"] == "worsening"
            if row["status"] == "red":
                item = written.get(row["indicator_id"])
                reds.append({
                    "theme": data["theme"],
                    **{k: row[k] for k in ("code", "title", "actual_display", "target_display")},
                    "variance_reason": item.reason if item else row["variance_reason"],
                    "action_taken": item.action if item else row["action_taken"],
                    "decisions_required": item.decisions_required if item else "",
                })
        for commission in data["commissions"]:
            spend["profile_to_date"] += float(commission["profile_to_date"] or 0)
            spend["spend_to_date"] += float(commission["spend_to_date"] or 0)
    return {"period": str(cycle.period), "themes": themes, "red_items": reds,
            "trends": {"improving": improving, "worsening": worsening}, "abg_spend": spend}


def advance(partnership, today: dt.date | None = None, now=None) -> dict[str, int]:
    """One run of the timetable for one partnership. Safe to run any number of times."""
    now = now or clock.now()
    today = today or clock.today()
    open_cycle(partnership, latest_ended(PeriodKind.QUARTER, today))
    done = {"reminders": 0, "chasers": 0, "snapshots": 0, "reports": 0, "escalation_steps": 0, "action_reminders": 0}
    active = ReportingCycle.objects.for_partnership(partnership).filter(report_assembled_at=None, review_to__gte=today - dt.timedelta(days=90))
    for cycle in active.select_related("partnership", "period", "return_round__period", "return_round__partnership"):
        done["reminders"] += send_reminders(cycle, today, now)
        cycle.refresh_from_db()
        done["chasers"] += lock_and_chase(cycle, today, now)
        cycle.refresh_from_db()
        done["snapshots"] += freeze_snapshots(cycle, today, now)
        cycle.refresh_from_db()
        done["reports"] += assemble_partnership_report(cycle, today, now)
    # The ladder of intervention is judged at each review point once results are approved; both
    # calls claim their work (one evaluation per indicator per review point, one reminder per
    # action per due date), so running them every hour is safe.
    done["escalation_steps"] = sum(1 for outcome in evaluate_due_review_points(partnership, today) if outcome.step.changed)
    done["action_reminders"] = send_overdue_reminders(partnership, today)
    return done
