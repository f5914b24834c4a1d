"""Exception reports and the HSP/PMG report: plain data for the pages and PDFs, the rules for
editing and finalising an exception report, and who sees which layer of the partnership report.

Everything here is computed from the frozen snapshots (reporting.cycles.freeze_snapshots), so a
report reads the same in HTML, in its PDF and in a board pack, however the live data moves on.
"""

import enum
from dataclasses import dataclass, field

from django.db import transaction

from indicators.status import Direction, Status
from partnership.models.governance import OVERVIEW_KINDS
from reporting.cycles import partnership_report_data
from reporting.models import ExceptionItem, ExceptionReport, PartnershipReport

ITEM_FIELDS = ("reason", "action", "decisions_required")  # what the PML writes for each item
HISTORY_REASON_LENGTH = 100  # simple-history's history_change_reason column


# --- exception reports: what is shown ----------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    """An exception item with the snapshot row it was drafted from (figures as frozen)."""

    item: ExceptionItem
    row: dict

    @property
    def code(self):
        return self.row.get("code") or self.item.indicator.code

    @property
    def title(self):
        return self.row.get("title") or self.item.indicator.title

    @property
    def actual_display(self):
        return self.row.get("actual_display", "–")

    @property
    def target_display(self):
        return self.row.get("target_display", "–")

    @property
    def period(self):
        return self.row.get("period", "")


@dataclass(frozen=True)
class Successes:
    """The data behind the successes summary: greens and improvements, by name."""

    greens: list
    improving: list
    total: int


def successes_from(data: dict) -> Successes:
    rows = data.get("indicators", [])
    return Successes(
        greens=[r for r in rows if r["status"] == Status.GREEN],
        improving=[r for r in rows if r["direction"] == Direction.IMPROVING],
        total=len(rows),
    )


def item_views(report: ExceptionReport) -> list[ItemView]:
    """The report's items (prefetch `items__indicator`) beside their frozen figures."""
    rows = {row["indicator_id"]: row for row in report.snapshot.data.get("indicators", [])}
    return [ItemView(item, rows.get(item.indicator_id, {})) for item in report.items.all()]


def linked_escalations_and_risks(report: ExceptionReport, limit: int = 5) -> tuple[list, list]:
    """Open escalations of the theme's indicators and the top open risks linked to the theme or
    its indicators, when the escalation app is installed; empty lists when it is not."""
    try:
        from escalation.services import escalations_for_themes, top_risks
    except ImportError:
        return [], []
    escalations = list(escalations_for_themes([report.theme_id]))
    indicator_ids = {row["indicator_id"] for row in report.snapshot.data.get("indicators", [])}
    # top_risks ranks the whole register; ask for plenty so the theme's own risks are among them.
    risks = [
        risk for risk in top_risks(report.cycle.partnership, limit=100)
        if report.theme_id in {t.pk for t in risk.themes.all()} or indicator_ids & {i.pk for i in risk.indicators.all()}
    ]
    return escalations, risks[:limit]


def exception_report_context(report: ExceptionReport) -> dict:
    """Everything the exception report page and its PDF show."""
    escalations, risks = linked_escalations_and_risks(report)
    data = report.snapshot.data
    return {
        "report": report, "data": data, "counts": data.get("counts", {}),
        "successes_data": successes_from(data), "items": item_views(report),
        "escalations": escalations, "risks": risks,
    }


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


class ReportConflict(Exception):
    """Someone saved the report since the editor opened it."""

    def __init__(self, current: ExceptionReport):
        super().__init__("stale version")
        self.current = current


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
            errors[item_field(item_id, "action")] = "Enter the action being taken: red items need one before the report is final."
    return errors


def _locked(report: ExceptionReport) -> tuple[ExceptionReport, list[ExceptionItem]]:
    current = ExceptionReport.objects.select_for_update().get(pk=report.pk)
    return current, list(ExceptionItem.objects.select_for_update().filter(report=current).select_related("indicator"))


def _record(obj, user, reason: str):
    obj._history_user = user
    obj._change_reason = reason[:HISTORY_REASON_LENGTH]
    obj.save()


def save_exception_report(
    report: ExceptionReport, *, successes: str, texts: dict[int, ItemText], expected_version: int | None,
    user, finalise: bool = False, note: str = "",
) -> ExceptionReport:
    """Save the PML's edits (and, with `finalise`, mark the report final). Only changed rows are
    saved, each with a history record saying who and why. Raises ReportRefused, ReportConflict or
    ReportInvalid and then changes nothing."""
    with transaction.atomic():
        current, items = _locked(report)
        if current.state == ExceptionReport.State.FINAL:
            raise ReportRefused("This report is final. Reopen it to draft before changing it.")
        if current.version != expected_version:
            raise ReportConflict(current)
        new = {item.pk: texts.get(item.pk, ItemText(item.reason, item.action, item.decisions_required)) for item in items}
        if finalise:
            errors = final_problems([(item.pk, item.status, new[item.pk]) for item in items])
            if errors:
                raise ReportInvalid(errors)
        why = ("Marked final" if finalise else "Draft saved") + (f": {note.strip()}" if note.strip() else "")
        for item in items:
            text = new[item.pk]
            if (item.reason, item.action, item.decisions_required) != (text.reason, text.action, text.decisions_required):
                item.reason, item.action, item.decisions_required = text.reason, text.action, text.decisions_required
                _record(item, user, why)
        current.successes = successes
        current.version += 1
        if finalise:
            current.state = ExceptionReport.State.FINAL
        _record(current, user, why)
        return current


def change_state(report: ExceptionReport, *, to: str, expected_version: int | None, user) -> ExceptionReport:
    """Finalise a draft as saved, or reopen a final report to draft."""
    with transaction.atomic():
        current, items = _locked(report)
        if current.version != expected_version:
            raise ReportConflict(current)
        if current.state == to:
            raise ReportRefused(f"This report is already {current.get_state_display().lower()}.")
        if to == ExceptionReport.State.FINAL:
            texts = [(item.pk, item.status, ItemText(item.reason, item.action, item.decisions_required)) for item in items]
            errors = final_problems(texts)
            if errors:
                raise ReportInvalid(errors)
        current.state = to
        current.version += 1
        _record(current, user, "Marked final" if to == ExceptionReport.State.FINAL else "Reopened to draft")
        return current


HISTORY_LABELS = {"successes": "Successes", "state": "State", "reason": "reason", "action": "action",
                  "decisions_required": "decisions required"}


def _shown(name: str, value) -> str:
    if name == "state" and value in ExceptionReport.State.values:
        return ExceptionReport.State(value).label
    return value or "–"


def _changes(records: list, excluded: list[str], prefix: str = "") -> list[dict]:
    """One entry per saved change in one object's history (oldest record first). The first record
    is the job's draft; what people changed since is what the history shows."""
    entries = []
    for older, newer in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older, excluded_fields=excluded)
        changes = [(prefix + HISTORY_LABELS.get(c.field, c.field), _shown(c.field, c.old), _shown(c.field, c.new)) for c in delta.changes]
        if changes:
            entries.append({"record": newer, "changes": changes})
    return entries


def report_history(report: ExceptionReport) -> list[dict]:
    """Every change to the report and its items, newest first: when, who, why, and what changed.
    (Prefetch `items__indicator`.)"""
    order = ("history_date", "history_id")
    entries = _changes(list(report.history.select_related("history_user").order_by(*order)), excluded=["version"])
    by_item = {}
    for record in ExceptionItem.history.filter(report_id=report.pk).select_related("history_user").order_by(*order):
        by_item.setdefault(record.id, []).append(record)
    for item in report.items.all():
        entries += _changes(by_item.get(item.pk, []), excluded=["position", "status"], prefix=f"{item.indicator.code}: ")
    return sorted(entries, key=lambda e: e["record"].history_date, reverse=True)


# --- the HSP/PMG report: layers ----------------------------------------------------------------


class Level(enum.StrEnum):
    OVERVIEW = "overview"
    DETAIL = "detail"


LEVEL_LABELS = {
    Level.OVERVIEW: "Overview (partnership and executive boards)",
    Level.DETAIL: "Detailed exceptions (business group and themes)",
}

# Seed 000's layers: the boards see the high-level overview; the business group and the themes
# see the detailed exceptions too.
SECTIONS = {
    Level.OVERVIEW: ("counts", "trends", "abg_spend", "escalations"),
    Level.DETAIL: ("counts", "red_items", "trends", "abg_spend", "escalations"),
}


def sections_for(level: str) -> tuple[str, ...]:
    return SECTIONS[Level(level)]


def default_level(access, boards: dict[int, str]) -> Level:
    """The layer a member sees first. boards: {board id: kind} of the partnership's boards.

    Administrators, anyone with a theme role and anyone on a board below the top two (the business
    group, theme boards...) work with the detail; everyone else, including members whose only
    seats are on the partnership or executive board, gets the overview."""
    if access.is_admin:
        return Level.DETAIL
    for grant in access.grants:
        if grant.theme_id is not None:
            return Level.DETAIL
        if grant.board_id is not None and boards.get(grant.board_id) not in OVERVIEW_KINDS:
            return Level.DETAIL
    return Level.OVERVIEW


def chosen_level(value: str | None, default: Level) -> Level:
    try:
        return Level(value)
    except ValueError:
        return default


@dataclass(frozen=True)
class HspReport:
    cycle: object
    data: dict
    provisional: bool  # built live because the report has not been assembled yet
    level: Level
    sections: tuple = field(default_factory=tuple)
    escalations: list = field(default_factory=list)
    risks: list = field(default_factory=list)

    @property
    def show(self) -> dict[str, bool]:
        """For templates: {% if hsp.show.red_items %}."""
        return {section: True for section in self.sections}

    @property
    def totals(self) -> dict:
        totals = {status: 0 for status in Status.values}
        for theme in self.data["themes"]:
            for status, count in theme["counts"].items():
                totals[status] = totals.get(status, 0) + count
        return totals

    @property
    def spend_variance(self):
        spend = self.data["abg_spend"]
        profile = spend["profile_to_date"]
        return None if not profile else (spend["spend_to_date"] - profile) / profile * 100


def hsp_report(cycle, level: Level) -> HspReport:
    """The assembled report when there is one, else the same data built live (provisional)."""
    assembled = PartnershipReport.objects.filter(cycle=cycle).first()
    data = assembled.data if assembled else partnership_report_data(cycle)
    escalations, risks = partnership_escalations_and_risks(cycle.partnership, level)
    return HspReport(cycle=cycle, data=data, provisional=assembled is None, level=level, sections=sections_for(level),
                     escalations=escalations, risks=risks)


def partnership_escalations_and_risks(partnership, level: Level, limit: int = 5) -> tuple[list, list]:
    """Open escalations across the themes (the overview shows stages 2 and 3, which the executive
    board owns or reports on; the detail shows every stage) and the partnership's top risks."""
    try:
        from escalation.services import escalations_for_themes, top_risks
    except ImportError:
        return [], []
    theme_ids = list(partnership.themes.values_list("pk", flat=True))
    escalations = list(escalations_for_themes(theme_ids))
    if level == Level.OVERVIEW:
        escalations = [e for e in escalations if e.stage >= 2]
    return escalations, list(top_risks(partnership, limit=limit))
