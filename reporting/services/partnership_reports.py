"""The HSP/PMG report (seed 001 §5.3): collated from the theme reports for the executive and
partnership boards, in layers (seed 000: "right level of information at the right level")."""

import enum
from dataclasses import dataclass, field

from django.db import transaction

from escalation.services.escalations import escalations_for_themes
from escalation.services.risks import theme_risks
from indicators.money import variance_percent
from indicators.periods import PeriodKind, Span, span_containing
from indicators.services.money import spend_by_stream
from indicators.status import Status
from partnership.models.governance import OVERVIEW_KINDS
from reporting.models import PartnershipReport, ReportingCycle
from reporting.services.dashboards import own_rows
from reporting.services.snapshots import as_stored
from reporting.services.spend_exceptions import spend_rows


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
    Level.DETAIL: ("counts", "red_items", "trends", "spend_items", "abg_spend", "escalations"),
}
# Halton's Quarter 3 update (seed 003: "update on spending and activities ... Exception / summary
# report to HSP Board") is lighter: the exceptions and the money, without the trends or escalations
# that the six-monthly reviews take.
UPDATE_SECTIONS = {
    Level.OVERVIEW: ("counts", "abg_spend"),
    Level.DETAIL: ("counts", "red_items", "spend_items", "abg_spend"),
}
TITLES = {"review": "HSP/PMG report", "update": "Quarter 3 update on spending and activities"}


def sections_for(level: str, kind: str = "review") -> tuple[str, ...]:
    return (UPDATE_SECTIONS if kind == "update" else SECTIONS)[Level(level)]


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
    version: PartnershipReport | None = None  # the assembled version shown (None: provisional)

    @property
    def title(self) -> str:
        """ "HSP/PMG report", or Halton's "Quarter 3 update on spending and activities"."""
        return self.data.get("title", TITLES["review"])

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
        return variance_percent(spend["spend_to_date"], spend["profile_to_date"])


def partnership_report_data(cycle) -> dict:
    """The HSP/PMG report's data, collated from the theme reports as they stand. Each theme says
    whether its report is draft or final (and which version), so drafts are marked; the text is
    the report's, as its Performance Management Lead wrote it; a cross-thematic indicator is counted
    once, under its lead theme."""
    themes, reds, spend_items = [], [], []
    improving = worsening = 0
    reports = cycle.exception_reports.select_related("snapshot", "theme").prefetch_related("items")
    for report in sorted(reports, key=lambda r: (r.theme.position, r.theme.name)):
        data = report.snapshot.data
        themes.append(
            {
                "theme": data["theme"],
                "counts": data["counts"],
                "exception_report_id": report.pk,
                "state": report.state,
                "report_version": report.version,
                "snapshot_version": report.snapshot.version,
            }
        )
        written = {item.indicator_id: item for item in report.items.all() if item.indicator_id}
        spend = spend_rows(data)
        for item in report.items.all():
            if item.commission_id:
                row = spend.get(item.commission_id, {})
                spend_items.append(
                    {
                        "theme": data["theme"],
                        "draft": report.state != report.State.FINAL,
                        "status": item.status,
                        **{k: row.get(k, "") for k in ("title", "actual_display", "target_display")},
                        "variance_display": row.get("variance_display", ""),
                        "variance_reason": item.reason,
                        "action_taken": item.action,
                        "decisions_required": item.decisions_required,
                    }
                )
        for row in own_rows(data):
            improving += row["direction"] == "improving"
            worsening += row["direction"] == "worsening"
            if row["status"] == "red":
                item = written.get(row["indicator_id"])
                reds.append(
                    {
                        "theme": data["theme"],
                        "draft": report.state != report.State.FINAL,
                        **{k: row[k] for k in ("code", "title", "actual_display", "target_display")},
                        # For the PDF's trend chart (indicators.board_charts reads these keys).
                        **{k: row.get(k) for k in ("period", "actual", "target", "status", "direction")},
                        "chart": row.get("chart", []),
                        "trend": row.get("trend", []),
                        "variance_reason": item.reason if item else row["variance_reason"],
                        "action_taken": item.action if item else row["action_taken"],
                        "decisions_required": item.decisions_required if item else "",
                    }
                )
    # Money by funding stream from the approved spend returns as they stand: every commission and
    # legacy project, so ABG-funded projects count in the ABG total, and other money is shown apart.
    abg, *other = spend_by_stream(cycle.partnership, quarter_of(cycle.period.span))
    return {
        "title": TITLES.get(cycle.kind, TITLES["review"]),
        "kind": cycle.kind,
        "period": str(cycle.period),
        "themes": themes,
        "red_items": reds,
        "spend_items": spend_items,
        "trends": {"improving": improving, "worsening": worsening},
        "abg_spend": abg,
        "other_spend": other,
    }


def quarter_of(span: Span) -> Span:
    """The quarter money is reported to: the span itself, or the last quarter of a longer one."""
    return span if span.kind == PeriodKind.QUARTER else span_containing(PeriodKind.QUARTER, span.end)


def report_versions(cycle) -> list[PartnershipReport]:
    """Every assembled version, newest first (without their data)."""
    return list(PartnershipReport.objects.filter(cycle=cycle).defer("data").order_by("-version"))


def hsp_report(cycle, level: Level, version: int | None = None) -> HspReport:
    """The latest assembled version (or the one asked for) when there is one, else the same data
    built live (provisional)."""
    assembled = PartnershipReport.objects.filter(cycle=cycle)
    assembled = (assembled.filter(version=version) if version else assembled.order_by("-version")).first()
    data = assembled.data if assembled else partnership_report_data(cycle)
    escalations, risks = partnership_escalations_and_risks(cycle.partnership, level)
    return HspReport(
        cycle=cycle,
        data=data,
        provisional=assembled is None,
        level=level,
        sections=sections_for(level, data.get("kind", "review")),
        escalations=escalations,
        risks=risks,
        version=assembled,
    )


def partnership_escalations_and_risks(partnership, level: Level, limit: int = 5) -> tuple[list, list]:
    """Open escalations across the themes (the overview shows stages 2 and 3, which the executive
    board owns or reports on; the detail shows every stage) and the partnership's top risks."""
    theme_ids = list(partnership.themes.values_list("pk", flat=True))
    escalations = list(escalations_for_themes(theme_ids))
    if level == Level.OVERVIEW:
        escalations = [e for e in escalations if e.stage >= 2]
    return escalations, theme_risks(partnership, limit=limit)


# --- assembling versions ------------------------------------------------------------------------


def assemble(cycle, *, today, now, reason: str) -> PartnershipReport | None:
    """Make a new version of the HSP/PMG report when it is due and its data changed.

    Due once every theme's exception report is final, or from the milestone on (from what exists,
    drafts marked); after the first version, any change to a theme report makes the next. Holds the
    cycle's row lock and compares with the latest version, so two deliveries make one version."""
    if not cycle.has_reports:
        return None
    with transaction.atomic():
        ReportingCycle.objects.select_for_update().filter(pk=cycle.pk).first()
        latest = PartnershipReport.objects.filter(cycle=cycle).order_by("-version").first()
        reports = list(cycle.exception_reports.values_list("state", flat=True))
        theme_count = cycle.partnership.themes.count()
        all_final = len(reports) == theme_count > 0 and all(state == "final" for state in reports)
        if latest is None and not (all_final or (today >= cycle.partnership_report_due and reports)):
            return None
        data = as_stored(partnership_report_data(cycle))
        if latest is not None and latest.data == data:
            return None
        version = PartnershipReport.objects.create(
            cycle=cycle,
            version=latest.version + 1 if latest else 1,
            is_complete=all_final,
            reason=reason[:200],
            data=data,
        )
        if cycle.report_assembled_at is None:
            cycle.claim("report_assembled_at", now)
    return version
