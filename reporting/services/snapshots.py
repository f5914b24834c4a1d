"""Taking a theme's snapshot for a quarter and drafting its exception report from it: the first
link of the chain (docs/governance.md).

The chain is driven by events and bounded by deadlines:

- the approval of a theme's last due return takes the snapshot and drafts the exception report
  at once (reporting.tasks.theme_data_changed, queued on commit);
- at the collation deadline the themes not drafted yet are drafted from what was approved;
- an approval after the draft, up to the exception-report deadline, takes a new snapshot version
  and moves the draft to it, keeping every word already written; a final report keeps its figures.

Every step holds the cycle's row lock and compares before it writes, so two deliveries of the same
event (or a worker that died and was redelivered) make one snapshot, not two.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from indicators.models import Indicator
from indicators.services.rounds import due_returns
from indicators.workflow import ReturnState
from reporting.models import ExceptionItem, ExceptionReport, ReportingCycle, ThemeSnapshot
from reporting.services.computed import freeze_for_snapshot
from reporting.services.dashboards import own_rows, successes_summary, theme_dashboard
from reporting.services.spend_exceptions import off_profile_rows, spend_rows, spend_tolerance, theme_spend
from reporting.services.stored import as_stored  # noqa: F401  (imported from here by the others)

OFF_TARGET = ("amber", "red")


def quarter_as_of(cycle) -> dt.date:
    # The quarter's figures, even when a late run catches up after later quarters have ended.
    return cycle.period.end + dt.timedelta(days=1)


def theme_returns_approved(cycle, theme) -> bool:
    """Every return the round asks of the theme's own indicators is approved (and there is one)."""
    indicators = Indicator.objects.for_partnership(cycle.partnership).filter(lead_theme=theme)
    due = due_returns(cycle.return_round, indicators)
    return bool(due) and all(item.ret is not None and item.ret.state == ReturnState.APPROVED for item in due)


@dataclass(frozen=True)
class Drafted:
    """What `draft_theme_report` did: `snapshot` is the version made (None: nothing changed)."""

    report: ExceptionReport | None
    snapshot: ThemeSnapshot | None = None
    first: bool = False
    why_not: str = ""


def draft_theme_report(cycle, theme, *, today: dt.date, reason: str) -> Drafted:
    """Take the theme's snapshot (or a new version when its figures changed) and draft, or
    refresh, its exception report. Call it only once the theme's returns are in (all approved, or
    the collation deadline passed); it refuses after the exception-report deadline and under a
    final report."""
    if not cycle.has_reports:
        return Drafted(None, why_not="a quarter of returns and spend only: no exception reports")
    with transaction.atomic():
        ReportingCycle.objects.select_for_update().filter(pk=cycle.pk).first()  # one drafter per quarter
        latest = ThemeSnapshot.objects.filter(cycle=cycle, theme=theme).order_by("-version").first()
        report = ExceptionReport.objects.filter(cycle=cycle, theme=theme).first()
        if latest and today > cycle.exception_reports_due:
            return Drafted(report, why_not="the exception-report deadline has passed: its figures stand")
        if report and report.state == ExceptionReport.State.FINAL:
            return Drafted(report, why_not="the exception report is final: reopen it to take new figures")
        # What the snapshot shows of calculated indicators is frozen with it (a later calculation
        # is a new version and leaves this one as the board saw it).
        freeze_for_snapshot(theme, quarter_as_of(cycle), reason=f"Frozen with the {cycle.period.label} snapshot")
        data = as_stored(theme_data(cycle, theme))
        if latest and latest.data == data:
            return Drafted(report, why_not="the figures have not changed")
        snapshot = ThemeSnapshot.objects.create(
            cycle=cycle, theme=theme, version=latest.version + 1 if latest else 1, reason=reason, data=data
        )
        if report is None:
            report = ExceptionReport.objects.create(
                cycle=cycle, theme=theme, snapshot=snapshot, successes=successes_summary(data)
            )
            draft_exception_items(report, data)
            return Drafted(report, snapshot, first=True)
        move_report_to(report, latest, snapshot, reason)
        return Drafted(report, snapshot)


def theme_data(cycle, theme) -> dict:
    """What a theme's snapshot freezes: its dashboard as of the quarter, and the quarter's spend
    against profile of its commissions (reporting.services.spend_exceptions)."""
    dashboard = theme_dashboard(theme, quarter_as_of(cycle))
    return {**dashboard, "spend": theme_spend(theme, cycle.period.span, spend_tolerance(cycle.partnership_id))}


def move_report_to(report: ExceptionReport, old: ThemeSnapshot, new: ThemeSnapshot, reason: str) -> None:
    """Point a draft report at new figures. Words people wrote stay; the drafted successes summary
    follows the figures unless someone rewrote it; an item back on target (or spend back within
    tolerance) goes only if nobody had touched it; an indicator newly off target, or a commission
    newly off profile, gets its item."""
    if report.successes == successes_summary(old.data):
        report.successes = successes_summary(new.data)
    report.snapshot = new
    report.version += 1
    report._change_reason = f"Figures refreshed: {reason}"[:100]
    report.save()
    rows = {row["indicator_id"]: row for row in own_rows(new.data)}
    spend = spend_rows(new.data)
    touched = set(
        ExceptionItem.history.filter(report_id=report.pk, history_user__isnull=False).values_list("id", flat=True)
    )
    for item in list(report.items.all()):
        row = spend.get(item.commission_id) if item.commission_id else rows.get(item.indicator_id)
        status = row["status"] if row else ""
        if status not in OFF_TARGET and item.pk not in touched:
            item.delete()
        elif status and status != item.status:
            item.status = status
            item._change_reason = "Figures refreshed"
            item.save()
    draft_exception_items(report, new.data)


def draft_exception_items(report, data: dict) -> int:
    """One item per amber or red indicator the theme leads, then one per commission whose spend is
    off its profile by more than the tolerance, each pre-filled from its return, skipping any the
    report already has (idempotent). Made in one insert, with their history rows."""
    have = list(report.items.values_list("indicator_id", "commission_id", "position"))
    indicators, commissions = {i for i, _, _ in have}, {c for _, c, _ in have}
    last = max((position for _, _, position in have), default=-1)
    off_target = [
        {**row, "commission_id": None}
        for row in own_rows(data)
        if row["status"] in OFF_TARGET and row["indicator_id"] not in indicators
    ]
    off_target += [
        {**row, "indicator_id": None} for row in off_profile_rows(data) if row["commission_id"] not in commissions
    ]
    items = [
        ExceptionItem(
            report=report,
            indicator_id=row["indicator_id"],
            commission_id=row["commission_id"],
            status=row["status"],
            reason=row["variance_reason"],
            action=row["action_taken"],
            position=last + 1 + position,
        )
        for position, row in enumerate(off_target)
    ]
    bulk_create_with_history(items, ExceptionItem)
    return len(items)
