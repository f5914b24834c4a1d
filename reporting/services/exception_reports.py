"""Theme exception reports (seed 001 §5.3): plain data for the page, its PDF and board packs, and
the rules for editing and finalising one.

Everything shown is computed from the report's frozen snapshot (reporting.services.snapshots), so
a report reads the same in HTML, in its PDF and in a board pack, however the live data moves on.
"""

from dataclasses import dataclass

from django.db import transaction

from escalation.services.escalations import escalations_for_themes
from escalation.services.risks import theme_risks
from indicators.status import Status
from partnership.concurrency import StaleEdit
from partnership.history import history_entries
from partnership.models import Membership
from partnership.pdf import render_pdf
from reporting.clock import clock
from reporting.models import Decision, ExceptionItem, ExceptionReport
from reporting.services.dashboards import successes_from
from reporting.services.spend_exceptions import spend_rows

ITEM_FIELDS = ("reason", "action", "decisions_required")  # what the PML writes for each item
HISTORY_REASON_LENGTH = 100  # simple-history's history_change_reason column


# --- exception reports: what is shown ----------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    """An exception item with the snapshot row it was drafted from (figures as frozen): an
    indicator's dashboard row, or a commission's spend row (reporting.services.spend_exceptions)."""

    item: ExceptionItem
    row: dict

    @property
    def is_spend(self) -> bool:
        return self.item.commission_id is not None

    @property
    def code(self):
        return self.row.get("code") or ("Spend" if self.is_spend else self.item.indicator.code)

    @property
    def title(self):
        return self.row.get("title") or ("A commission" if self.is_spend else self.item.indicator.title)

    @property
    def variance_display(self):
        return self.row.get("variance_display", "")

    @property
    def owner_id(self):
        """The Outcome Lead of the indicator, or the commission's manager as frozen."""
        return self.row.get("manager_id") if self.is_spend else self.item.indicator.outcome_lead_id

    @property
    def actual_display(self):
        return self.row.get("actual_display", "–")

    @property
    def target_display(self):
        return self.row.get("target_display", "–")

    @property
    def period(self):
        return self.row.get("period", "")


def item_name(item: ExceptionItem) -> str:
    """ "NI 112 Under 18 conception rate", or "Stop Smoking Service spend off profile"."""
    if item.commission_id:
        return f"{item.commission.name} spend off profile"
    return f"{item.indicator.code} {item.indicator.title}"


def item_views(report: ExceptionReport) -> list[ItemView]:
    """The report's items (prefetch `items__indicator`) beside their frozen figures."""
    data = report.snapshot.data
    rows, spend = {row["indicator_id"]: row for row in data.get("indicators", [])}, spend_rows(data)
    return [
        ItemView(item, spend.get(item.commission_id, {}) if item.commission_id else rows.get(item.indicator_id, {}))
        for item in report.items.all()
    ]


def linked_escalations_and_risks(report: ExceptionReport, limit: int = 5) -> tuple[list, list]:
    """Open escalations of the theme's indicators, and the theme's top open risks."""
    escalations = list(escalations_for_themes([report.theme_id]))
    return escalations, theme_risks(report.cycle.partnership, [report.theme_id], limit=limit)


def exception_report_context(report: ExceptionReport) -> dict:
    """Everything the exception report page and its PDF show."""
    escalations, risks = linked_escalations_and_risks(report)
    data = report.snapshot.data
    return {
        "report": report,
        "data": data,
        "counts": data.get("counts", {}),
        "successes_data": successes_from(data),
        "items": item_views(report),
        "escalations": escalations,
        "risks": risks,
    }


# A dashboard row's fields that a board chart and its alternative text read (indicators.board_charts).
CHART_FIELDS = (
    "code",
    "title",
    "period",
    "actual",
    "actual_display",
    "target",
    "target_display",
    "status",
    "direction",
    "forecast",
    "forecast_label",
    "trend",
    "chart",
)


def chart_fields(row: dict) -> dict:
    """The fields of a dashboard row that its board chart reads, as plain data."""
    return {key: row[key] for key in CHART_FIELDS if key in row}


def print_items(report: ExceptionReport, before=None) -> list[dict]:
    """The report's items as plain data for its PDF and the board pack (prefetch `items__indicator`):
    the frozen figures and chart points, the texts, the indicator's Outcome Lead and the decisions
    boards recorded on the item (those of meetings before `before`, when given). Three queries."""
    views = item_views(report)
    leads = {view.owner_id for view in views} - {None}
    owners = {m.pk: m.display_name for m in Membership.objects.filter(pk__in=leads).select_related("user")}
    decisions = recorded_decisions(report, before)
    return [
        {
            **chart_fields(view.row),
            "spend": view.is_spend,
            "variance_display": view.variance_display,
            "code": view.code,
            "title": view.title,
            "status": view.item.status,
            "actual_display": view.actual_display,
            "target_display": view.target_display,
            "period": view.period,
            **{name: getattr(view.item, name) for name in ITEM_FIELDS},
            "owner": owners.get(view.owner_id, ""),
            "decisions": decisions.get(view.item.pk, []),
        }
        for view in views
    ]


def recorded_decisions(report: ExceptionReport, before=None) -> dict[int, list[dict]]:
    """{item id: decision rows, oldest meeting first} for the decisions boards recorded on the
    report's items."""
    # Imported here: reporting.services.decisions reads item_views from this module.
    from reporting.services.decisions import decision_row

    decisions = Decision.objects.filter(exception_item__report=report).select_related(
        "meeting__board", "owner__user", "action"
    )
    if before is not None:
        decisions = decisions.filter(meeting__starts_at__lt=before)
    today, rows = clock.today(), {}
    for decision in decisions.order_by("meeting__starts_at", "pk"):
        rows.setdefault(decision.exception_item_id, []).append(decision_row(decision, today))
    return rows


def exception_report_pdf(report: ExceptionReport) -> tuple[bytes, str]:
    """The report's PDF and its file name: for the download and for the email sending it out."""
    partnership = report.cycle.partnership
    context = {"partnership": partnership, **exception_report_context(report), "items": print_items(report)}
    period = str(report.cycle.period).replace(" ", "-").replace("/", "-")
    return (
        render_pdf("reporting/pdf/exception_report.html", context),
        f"{partnership.slug}-{report.theme.slug}-exception-report-{period}.pdf",
    )


# --- exception reports: editing ----------------------------------------------------------------


def item_field(item_id: int, name: str) -> str:
    """The form field (and error key) for one of an item's texts."""
    return f"item_{item_id}_{name}"


@dataclass(frozen=True)
class ItemText:
    reason: str = ""
    action: str = ""
    decisions_required: str = ""


class ReportRefused(Exception):
    """The report cannot be changed in its state (e.g. final)."""


class ReportInvalid(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("invalid")
        self.errors = errors


def final_problems(items: list[tuple[int, str, ItemText]]) -> dict[str, str]:
    """What stops a report being final: every item needs its reason, and every red item the
    action being taken. items: [(item id, status, texts)]."""
    errors = {}
    for item_id, status, text in items:
        if not text.reason.strip():
            errors[item_field(item_id, "reason")] = "Enter the reason this target is not being met."
        if status == Status.RED and not text.action.strip():
            errors[item_field(item_id, "action")] = (
                "Enter the action being taken: red items need one before the report is final."
            )
    return errors


def _locked(report: ExceptionReport) -> tuple[ExceptionReport, list[ExceptionItem]]:
    current = ExceptionReport.objects.select_for_update().get(pk=report.pk)
    # of=("self",): an item's indicator is nullable (spend items have none), and PostgreSQL cannot lock
    # the nullable side of an outer join.
    items = ExceptionItem.objects.select_for_update(of=("self",)).filter(report=current).select_related("indicator")
    return current, list(items)


def _record(obj, user, reason: str):
    obj._history_user = user
    obj._change_reason = reason[:HISTORY_REASON_LENGTH]
    obj.save()


def save_exception_report(
    report: ExceptionReport,
    *,
    successes: str,
    texts: dict[int, ItemText],
    expected_version: int | None,
    user,
    finalise: bool = False,
    note: str = "",
) -> ExceptionReport:
    """Save the PML's edits (and, with `finalise`, mark the report final). Only changed rows are
    saved, each with a history record saying who and why. Raises ReportRefused, StaleEdit or
    ReportInvalid and then changes nothing."""
    with transaction.atomic():
        current, items = _locked(report)
        if current.state == ExceptionReport.State.FINAL:
            raise ReportRefused("This report is final. Reopen it to draft before changing it.")
        if current.version != expected_version:
            raise StaleEdit(current)
        new = {
            item.pk: texts.get(item.pk, ItemText(item.reason, item.action, item.decisions_required)) for item in items
        }
        if finalise:
            errors = final_problems([(item.pk, item.status, new[item.pk]) for item in items])
            if errors:
                raise ReportInvalid(errors)
        why = ("Marked final" if finalise else "Draft saved") + (f": {note.strip()}" if note.strip() else "")
        for item in items:
            text = new[item.pk]
            if (item.reason, item.action, item.decisions_required) != (
                text.reason,
                text.action,
                text.decisions_required,
            ):
                item.reason, item.action, item.decisions_required = text.reason, text.action, text.decisions_required
                _record(item, user, why)
        current.successes = successes
        current.version += 1
        if finalise:
            current.state = ExceptionReport.State.FINAL
        _record(current, user, why)
        return current


CONTRIBUTED_FIELDS = ("reason", "action")  # what an Outcome Lead writes for their own indicators


def contributable_items(report: ExceptionReport, membership) -> list[ExceptionItem]:
    """The report's items an Outcome Lead may write for: those of the indicators they lead.
    Prefetch `items__indicator`."""
    if membership is None:
        return []
    return [
        item for item in report.items.all() if item.indicator_id and item.indicator.outcome_lead_id == membership.pk
    ]


def contribute(
    report: ExceptionReport,
    *,
    texts: dict[int, ItemText],
    expected_version: int | None,
    membership,
    user,
) -> ExceptionReport:
    """An Outcome Lead's reason and action for their own indicators, into the draft. The
    Performance Management Lead has the final word: they can change it all before finalising, and
    the history shows who wrote what. Raises ReportRefused or StaleEdit and then changes nothing."""
    with transaction.atomic():
        current, items = _locked(report)
        if current.state == ExceptionReport.State.FINAL:
            raise ReportRefused(
                "This report is final: ask the theme's Performance Management Lead to reopen it for your changes."
            )
        if current.version != expected_version:
            raise StaleEdit(current)
        own = {item.pk: item for item in items if item.indicator_id and item.indicator.outcome_lead_id == membership.pk}
        if set(texts) - set(own):
            raise ReportRefused("You can only write for the indicators you are the Outcome Lead of.")
        changed = False
        for item_id, text in texts.items():
            item = own[item_id]
            if (item.reason, item.action) != (text.reason, text.action):
                item.reason, item.action = text.reason, text.action
                _record(item, user, "Outcome Lead's contribution")
                changed = True
        if changed:
            current.version += 1
            _record(current, user, "Outcome Lead's contribution")
        return current


def change_state(report: ExceptionReport, *, to: str, expected_version: int | None, user) -> ExceptionReport:
    """Finalise a draft as saved, or reopen a final report to draft."""
    with transaction.atomic():
        current, items = _locked(report)
        if current.version != expected_version:
            raise StaleEdit(current)
        if current.state == to:
            raise ReportRefused(f"This report is already {current.get_state_display().lower()}.")
        if to == ExceptionReport.State.FINAL:
            texts = [
                (item.pk, item.status, ItemText(item.reason, item.action, item.decisions_required)) for item in items
            ]
            errors = final_problems(texts)
            if errors:
                raise ReportInvalid(errors)
        current.state = to
        current.version += 1
        _record(current, user, "Marked final" if to == ExceptionReport.State.FINAL else "Reopened to draft")
        return current


def report_history(report: ExceptionReport) -> list:
    """Every change people made to the report and its items, newest first: when, who, why, and
    what changed (the job's draft is where it starts, so it is not listed). Prefetch
    `items__indicator`."""
    codes = {view.item.pk: f"{view.title} spend" if view.is_spend else view.code for view in item_views(report)}
    report_changes = history_entries(
        report.history.select_related("history_user"),
        skip_created=True,
        skip_unchanged=True,
    )
    item_changes = history_entries(
        ExceptionItem.history.filter(report_id=report.pk).select_related("history_user"),
        excluded=("position", "status"),
        skip_created=True,
        skip_unchanged=True,
        labels={"reason": "reason", "action": "action", "decisions_required": "decisions required"},
    )
    for entry in item_changes:  # "NI 112: reason", as one list with the report's own changes
        code = codes.get(entry.record.id, "")
        entry.changes[:] = [(f"{code}: {what}", old, new) for what, old, new in entry.changes]
    return sorted(
        report_changes + item_changes, key=lambda e: (e.record.history_date, e.record.history_id), reverse=True
    )
