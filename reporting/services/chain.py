"""The reporting chain's reactions to events (docs/governance.md, "The chain"):

  a return approved  -> the theme's live dashboards refreshed; when it was the theme's last due
                        return, its snapshot taken and draft exception report made, and the
                        Performance Management Lead told; after the draft, new figures (up to the
                        exception-report deadline)
  a theme report saved, finalised or reopened -> the HSP/PMG report's next version, once due

The Celery tasks in reporting.tasks call these on commit. The periodic job calls `catch_up` too,
so an event lost with its broker is handled within the hour, and the milestones stay deadlines:
the collation deadline drafts what is missing, the HSP/PMG milestone assembles from what exists.
"""

import logging

from indicators.models import IndicatorReturn
from partnership.models import Theme
from reporting.models import ExceptionReport, Notification, ReportingCycle, ThemeSnapshot
from reporting.services.exception_reports import exception_report_pdf
from reporting.services.notifications import notify_draft_ready, send_out_report, theme_board_members
from reporting.services.partnership_reports import assemble
from reporting.services.snapshots import Drafted, draft_theme_report, theme_returns_approved

log = logging.getLogger(__name__)


def cycle_for_return(ret) -> ReportingCycle | None:
    """The quarter whose round asked for this return (its period ends with the quarter)."""
    return (
        ReportingCycle.objects.for_partnership(ret.indicator.partnership_id)
        .filter(period__end=ret.period.end)
        .select_related("partnership", "period", "return_round__period", "return_round__partnership")
        .first()
    )


def theme_returns_in(cycle, theme, *, today, now) -> Drafted | None:
    """Draft the theme's exception report if its returns are all approved, or refresh the draft's
    figures if it has one. None when the theme is still waiting for returns."""
    if not cycle.has_reports or today > cycle.exception_reports_due:
        return None
    drafted_before = ThemeSnapshot.objects.filter(cycle=cycle, theme=theme).exists()
    if not drafted_before and not theme_returns_approved(cycle, theme):
        return None
    reason = "An approval after the draft" if drafted_before else "Every due return approved"
    drafted = draft_theme_report(cycle, theme, today=today, reason=reason)
    if drafted.first:
        log.info("Drafted the %s exception report for %s", theme, cycle)
        notify_draft_ready(drafted.report)
    if drafted.snapshot:
        assemble(cycle, today=today, now=now, reason=f"{theme.name}: figures refreshed")
    return drafted


def return_approved(return_id: int, *, today, now) -> Drafted | None:
    ret = IndicatorReturn.objects.filter(pk=return_id).select_related("indicator__lead_theme", "period").first()
    if ret is None:
        return None
    cycle = cycle_for_return(ret)
    if cycle is None:
        return None
    return theme_returns_in(cycle, ret.indicator.lead_theme, today=today, now=now)


def exception_report_changed(report_id: int, *, today, now):
    report = ExceptionReport.objects.filter(pk=report_id).select_related("cycle__partnership", "theme").first()
    if report is None:
        return None
    why = f"{report.theme.name} exception report {report.get_state_display().lower()} (version {report.version})"
    return assemble(report.cycle, today=today, now=now, reason=why)


def undrafted_themes(cycle):
    """The partnership's themes with no snapshot for the quarter yet."""
    drafted = ThemeSnapshot.objects.filter(cycle=cycle).values_list("theme_id", flat=True)
    return Theme.objects.for_partnership(cycle.partnership).exclude(pk__in=drafted).select_related("partnership")


def catch_up(cycle, *, today, now) -> int:
    """What events should have done and may have missed: draft every theme whose returns are all
    approved. Returns how many were drafted."""
    if not cycle.has_reports or today > cycle.exception_reports_due:
        return 0
    themes = undrafted_themes(cycle)
    made = 0
    for theme in themes:
        outcome = theme_returns_in(cycle, theme, today=today, now=now)
        made += bool(outcome and outcome.first)
    return made


def draft_at_deadline(cycle, *, today, now) -> int:
    """After the collation deadline: every theme not drafted yet is drafted from what was approved
    (once: the step is claimed). Returns how many were drafted."""
    if not cycle.has_reports or today <= cycle.collation_deadline or cycle.snapshot_at:
        return 0
    if not cycle.claim("snapshot_at", now):
        return 0
    themes = undrafted_themes(cycle)
    made = 0
    for theme in themes:
        outcome = draft_theme_report(cycle, theme, today=today, reason="Collation deadline")
        if outcome.first:
            notify_draft_ready(outcome.report)
            made += 1
    if made:
        assemble(cycle, today=today, now=now, reason="Drafted at the collation deadline")
    return made


def send_out_reports(cycle, *, today, now) -> int:
    """At the exception-report milestone (seed 001 §5.2): each theme board's members get their
    theme's report, with its PDF. The step is claimed once per quarter and fans out one task per
    report (rendering a PDF takes most of a second: workers share them, the hourly job does not
    wait). Returns how many reports were queued."""
    if not cycle.has_reports or today < cycle.exception_reports_due or cycle.reports_sent_at:
        return 0
    if not cycle.claim("reports_sent_at", now):
        return 0
    from reporting.tasks import send_out_exception_report  # the tasks module imports this one

    report_ids = list(ExceptionReport.objects.filter(cycle=cycle).values_list("pk", flat=True))
    for report_id in report_ids:
        send_out_exception_report.delay(report_id)
    return len(report_ids)


def send_out_report_by_id(report_id: int) -> int:
    """One report to its theme board's members, each once (a redelivered task sends only to those
    not yet sent to, and renders no PDF when there is nobody left)."""
    report = (
        ExceptionReport.objects.filter(pk=report_id)
        .select_related("theme", "cycle__partnership", "cycle__period", "snapshot")
        .prefetch_related("items__indicator")
        .first()
    )
    if report is None:
        return 0
    sent_to = set(
        Notification.objects.filter(
            cycle=report.cycle, theme=report.theme, kind=Notification.Kind.REPORT_SENT
        ).values_list("membership_id", flat=True)
    )
    if not [member for member in theme_board_members(report) if member.pk not in sent_to]:
        return 0
    pdf, filename = exception_report_pdf(report)
    return send_out_report(report, pdf, filename)


def assemble_at_milestone(cycle, *, today, now) -> bool:
    """The HSP/PMG milestone is a deadline: assemble from what exists if no version was made yet."""
    if not cycle.has_reports or today < cycle.partnership_report_due or cycle.report_assembled_at:
        return False
    return assemble(cycle, today=today, now=now, reason="The HSP/PMG report's milestone") is not None
