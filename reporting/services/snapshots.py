"""Freezing a theme's dashboard for a quarter, and drafting its exception report from it."""

import datetime as dt

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from partnership.models import Theme
from reporting.models import ExceptionItem, ExceptionReport, ThemeSnapshot
from reporting.services.dashboards import successes_summary, theme_dashboard


def freeze_snapshots(cycle, today, now) -> int:
    """At the exception-report milestone: each theme's dashboard frozen, and its draft exception
    report pre-filled from the returns' reasons and actions."""
    if not cycle.is_performance_review or today < cycle.exception_reports_due or cycle.snapshot_at:
        return 0
    made = 0
    with transaction.atomic():
        if not cycle.claim("snapshot_at", now):
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
        ExceptionItem(
            report=report,
            indicator_id=row["indicator_id"],
            status=row["status"],
            reason=row["variance_reason"],
            action=row["action_taken"],
            position=position,
        )
        for position, row in enumerate(off_target)
        if row["indicator_id"] not in have
    ]
    bulk_create_with_history(items, ExceptionItem)
    return len(items)
