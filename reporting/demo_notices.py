"""The demo's notices (partnership.Notice): what the product told each person, so the demo's people
find their "Your notices" pages filled (docs/governance.md, "Notices").

- The quarter before last went through its timetable without its emails (reporting.demo); its
  people get the notices those emails would have made, with the same words from the same templates
  (reporting.services.notifications), not emailed, dated when they would have been sent: the
  reminder to each Lead Information Officer (nothing was in yet: the quarter's figures came in
  whole), "draft ready" to the Performance Management Leads and "report sent" to the theme
  boards' members. The first two were acted on (the returns came in, the reports were made
  final), so they are read; "report sent" waits unread.
- The rest are the product's own, emailed as the demo loads: the chain's "draft ready" for the
  latest quarter's collated theme, "decision assigned" to the owners of the boards' decisions
  (reporting.services.decisions), and "action overdue" to the leads of overdue actions, sent as the
  periodic job's next run would.

Idempotent: a notice already made (same person, kind and subject) is not made again, and is left
read or unread as it is."""

import datetime as dt

from django.utils import timezone

from escalation.services.action_plans import send_overdue_reminders
from indicators.models import Indicator
from indicators.services.rounds import due_returns
from indicators.workflow import ReturnState
from partnership.models import Membership, Notice, NoticeKind
from partnership.roles import Role
from partnership.services.notices import tell
from reporting.models import Notification
from reporting.services.notifications import (
    Outstanding,
    outstanding_text,
    performance_leads,
    report_text,
    theme_board_members,
)

READ_AFTER = dt.timedelta(hours=20)  # how long after it was sent a past notice was read


def load_demo_notices(previous, today: dt.date) -> None:
    """The notices of a demo partnership: the quarter before last's, and the overdue actions'."""
    _reminders(previous)
    _report_notices(previous)
    send_overdue_reminders(previous.partnership, today)


def _reminders(cycle) -> None:
    """Each Lead Information Officer's reminder before the collation deadline, listing their
    themes' returns."""
    partnership = cycle.partnership
    indicators = Indicator.objects.for_partnership(partnership).select_related("lead_theme")
    due = list(due_returns(cycle.return_round, indicators))
    officers = (
        Membership.objects.for_partnership(partnership)
        .filter(is_active=True, role_assignments__role=Role.LEAD_INFORMATION_OFFICER)
        .select_related("user")
        .prefetch_related("role_assignments")
        .distinct()
    )
    for officer in officers:
        themes = {a.theme_id for a in officer.role_assignments.all() if a.role == Role.LEAD_INFORMATION_OFFICER}
        items = [Outstanding(i.indicator, ReturnState.NOT_STARTED) for i in due if i.indicator.lead_theme_id in themes]
        if items:
            text = outstanding_text(Notification.Kind.REMINDER, officer, items, cycle)
            _past(officer, Notification.Kind.REMINDER, text, cycle.reminders_due, read=True)


def _report_notices(cycle) -> None:
    """The "draft ready" email to each theme's Performance Management Leads when its report was
    drafted (the day after the collation deadline), and "report sent" to its board's members when due."""
    reports = cycle.exception_reports.select_related("theme__board", "cycle__partnership")
    for report in reports.prefetch_related("items__indicator"):
        for lead in performance_leads(cycle.partnership, [report.theme_id]):
            text = report_text(Notification.Kind.DRAFT_READY, report, lead)
            drafted = cycle.collation_deadline + dt.timedelta(days=1)
            _past(lead, Notification.Kind.DRAFT_READY, text, drafted, read=True)
        if report.theme.board_id is None:
            continue
        for member in theme_board_members(report):
            text = report_text(Notification.Kind.REPORT_SENT, report, member)
            _past(member, Notification.Kind.REPORT_SENT, text, cycle.exception_reports_due, read=False)


def _past(membership, kind, text: tuple[str, str, str], day: dt.date, *, read: bool) -> None:
    """The notice an email of `kind` sent on `day` made (not emailed now), unless made before."""
    subject, body, path = text
    if Notice.objects.filter(membership=membership, kind=kind, subject=" ".join(subject.split())[:300]).exists():
        return
    notice = tell(membership, NoticeKind(kind), subject, body, path, email=False)
    sent = _at(day, 9)
    Notice.objects.filter(pk=notice.pk).update(created_at=sent, read_at=sent + READ_AFTER if read else None)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())
