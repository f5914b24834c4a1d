"""Board packs: which sections a board sees, and the data they are made from.

A pack is made in two steps. When it is requested, `collect_inputs` gathers everything the PDF
shows as plain JSON (the quarter's frozen snapshots where they exist, otherwise live dashboards;
exception reports; escalations and risks) and `inputs_hash` fingerprints it: a request whose
fingerprint matches a finished pack gets that pack straight away. The Celery task then renders
the stored inputs (reporting.packs.render), so the PDF shows exactly the data that was hashed.

What each kind of board sees ("right level of information at the right level", seed 000):

- partnership board, executive board (overview kinds) and area committee: the HSP/PMG overview
  and every theme's dashboard. There is no locality dimension in the data yet, so an area
  committee gets the partnership-wide overview rather than nothing.
- business group: the overview and, for every theme, its dashboard and exception report (it
  challenges the detail, concentrating on targets not being met).
- theme board: its own themes' dashboards and exception reports.
- sub-group: as a theme board, for the themes it manages or else those of the nearest board
  above it that manages themes (a theme's working group sees its theme).
- scrutiny: the overview and the escalations (it receives escalated items, seed 001 §6).
- the partnership and executive boards also get the partnership scorecard after the overview, where
  the partnership links indicators to scorecard objectives (reporting.packs.scorecard).
Every board also gets escalations and top risks for the themes it sees; cover and contents always
come first, then the matters arising when there are any (decisions of the board's earlier meetings
still open, recommendations it made or received still awaiting a response:
reporting.services.decisions.matters_arising).

The period block names the HSP/PMG report version the pack used (the latest assembled before the
meeting), and the overview is collated from it: each theme's status counts and the red items as
the report has them. With no version assembled, the overview comes from the theme dashboards.
The partnership and executive boards' overview carries the executive board's assurance statement.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.formats import date_format

from escalation.services.escalations import escalations_for_themes
from escalation.services.risks import theme_risks
from indicators.money import variance_percent
from indicators.periods import PeriodKind, latest_ended
from partnership.models import BoardKind, Theme
from partnership.models.governance import OVERVIEW_KINDS
from partnership.roles import BOARD_ROLES
from reporting.clock import clock
from reporting.models import ExceptionReport, PartnershipReport, ReportingCycle, ThemeSnapshot
from reporting.packs.scorecard import SCORECARD_KINDS, pack_quarter, scorecard_section, wants_scorecard
from reporting.services.dashboards import own_rows, theme_dashboard
from reporting.services.exception_reports import chart_fields, print_items
from reporting.timetable import REPORTING_KINDS

# Bump when a pack template or the layout changes, so cached packs are made again.
TEMPLATE_VERSION = 4
TOP_RISKS = 10


# --- which sections ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    kind: str  # matters_arising | overview | scorecard | dashboard | exception_report | escalations | risks
    theme_id: int | None = None


DETAIL_KINDS = frozenset({BoardKind.THEME_BOARD, BoardKind.SUB_GROUP})


def plan_sections(
    board_kind: str,
    theme_ids: list[int],
    own_theme_ids: list[int],
    *,
    with_escalations: bool,
    with_matters_arising: bool = False,
    with_scorecard: bool = False,
) -> list[Section]:
    """The sections after the cover and contents, in order. `theme_ids`: all the partnership's
    themes in report order; `own_theme_ids`: those a theme board or sub-group looks at;
    `with_scorecard`: the partnership scorecard, for the boards of SCORECARD_KINDS."""
    opening = [Section("matters_arising")] if with_matters_arising else []
    if board_kind == BoardKind.BUSINESS_GROUP:
        sections = [Section("overview")]
        for theme_id in theme_ids:
            sections += [Section("dashboard", theme_id), Section("exception_report", theme_id)]
    elif board_kind in DETAIL_KINDS and own_theme_ids:
        sections = []
        for theme_id in own_theme_ids:
            sections += [Section("dashboard", theme_id), Section("exception_report", theme_id)]
    elif board_kind == BoardKind.SCRUTINY:
        sections = [Section("overview")]
    else:  # OVERVIEW_KINDS, area committees, and detail boards with no themes to look at
        scorecard = [Section("scorecard")] if with_scorecard and board_kind in SCORECARD_KINDS else []
        sections = [Section("overview"), *scorecard] + [Section("dashboard", theme_id) for theme_id in theme_ids]
    if with_escalations:
        sections += [Section("escalations"), Section("risks")]
    return opening + sections


def own_themes(board, themes: list[Theme]) -> list[Theme]:
    """The themes a detail board looks at: its own, else those of the nearest board above it."""
    by_board = {}
    for theme in themes:
        by_board.setdefault(theme.board_id, []).append(theme)
    seen = set()
    while board is not None and board.pk not in seen:
        if by_board.get(board.pk):
            return by_board[board.pk]
        seen.add(board.pk)
        board = board.parent
    return []


def may_get_board_pack(access, board) -> bool:
    """Members with a seat on the board, business group members (they read every board's
    papers to challenge performance, seed 000) and administrators."""
    return access.is_admin or access.can_challenge_data() or access.has_board_role(board.pk, BOARD_ROLES)


# --- escalations and risks -------------------------------------------------------------------


def escalation_rows(theme_ids, today, indicator_rows=None) -> list[dict]:
    """`indicator_rows`: {indicator id: its dashboard row}, for each escalated indicator's chart."""
    indicator_rows = indicator_rows or {}
    return [
        {
            "code": e.indicator.code,
            "title": e.indicator.title,
            "theme": e.indicator.lead_theme.name,
            "stage": e.stage,
            "stage_label": e.stage_label,
            "owner": e.owner_label,
            "report_to": str(e.report_to) if e.report_to else "",
            "report_due": e.report_due,
            "overdue": e.is_overdue(today),
            "plan": e.plan,
            "opened": date_format(e.opened_on, "j M Y"),  # as words: render.section_context parses due dates only
            "indicator": chart_fields(indicator_rows[e.indicator_id]) if e.indicator_id in indicator_rows else None,
        }
        for e in escalations_for_themes(theme_ids)
    ]


def risk_rows(partnership, theme_ids=None) -> list[dict]:
    """The top risks to these themes (None: to the whole partnership)."""
    return [
        {
            "title": r.title,
            "score": r.score,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "highlighted": r.is_highlighted,
            "owner": r.owner.display_name if r.owner else "",
            "mitigation": r.mitigation,
            "review_date": r.review_date,
            "themes": ", ".join(t.name for t in r.themes.all()),
        }
        for r in theme_risks(partnership, theme_ids, limit=TOP_RISKS)
    ]


# --- the data --------------------------------------------------------------------------------


def cycle_for(meeting) -> ReportingCycle | None:
    """The quarter a meeting reviews: the latest quarter with reports (a performance review, or
    Halton's Quarter 3 update) ended before it."""
    day = timezone.localtime(meeting.starts_at).date()
    return (
        ReportingCycle.objects.for_partnership(meeting.board.partnership)
        .filter(period__end__lt=day, kind__in=REPORTING_KINDS)
        .select_related("period")
        .order_by("-period__end")
        .first()
    )


def overview(dashboards: list[dict], report: dict | None = None) -> dict:
    """The HSP/PMG overview: each theme's status counts and spend against profile, and every
    indicator that is red. `report`: the HSP/PMG report version's data, whose counts and red items
    (with their reasons, and "draft" where the theme's report was not final) are used where it
    has them; without one, everything comes from the dashboards."""
    counted = {theme["theme"]: theme["counts"] for theme in (report or {}).get("themes", [])}
    rows, reds = [], []
    for data in dashboards:
        money = {key: sum(float(c.get(key) or 0) for c in data["commissions"]) for key in SPEND_FIELDS}
        variance = variance_percent(money["spend_to_date"], money["profile_to_date"])
        counts = counted.get(data["theme"])
        rows.append(
            {
                "theme": data["theme"],
                "name": data["theme"],  # what the spend chart names (a commission's keys)
                "counts": counts or data["counts"],
                "total": sum(counts.values()) if counts else len(own_rows(data)),
                **money,
                "variance": None if variance is None else round(float(variance), 1),
            }
        )
        if report is None:
            reds += [
                {"theme": data["theme"], **chart_fields(row), "reason": row["variance_reason"], "draft": False}
                for row in own_rows(data)
                if row["status"] == "red"
            ]
    if report is not None:
        reds = [
            {"theme": row.get("theme", ""), **chart_fields(row), **{k: row.get(k, "") for k in RED_FIELDS}}
            | {"reason": row.get("variance_reason", ""), "draft": row.get("draft", False)}
            for row in report["red_items"]
        ]
    return {"rows": rows, "red_items": reds}


RED_FIELDS = ("code", "title", "actual_display", "target_display")
SPEND_FIELDS = ("annual_budget", "profile_to_date", "spend_to_date")


def hsp_version(cycle, meeting) -> PartnershipReport | None:
    """The latest HSP/PMG report version assembled for the quarter before the meeting began."""
    if cycle is None:
        return None
    versions = PartnershipReport.objects.filter(cycle=cycle, assembled_at__lte=meeting.starts_at)
    return versions.order_by("-version").first()


def exception_report_data(report: ExceptionReport, before=None) -> dict:
    """The report as the pack shows it: each item's frozen figures and chart points, its words, its
    Outcome Lead and the decisions recorded on it at meetings before `before` (the pack's meeting)."""
    return {
        "id": report.pk,
        "version": report.version,
        "state": report.get_state_display(),
        "successes": report.successes,
        "counts": report.snapshot.data.get("counts", {}),
        "items": print_items(report, before),
    }


def theme_dashboards(cycle, themes, as_of) -> dict[int, tuple[dict, object]]:
    """{theme id: (dashboard data, frozen at)}. A past quarter comes from its frozen snapshots,
    so an old pack can be made again exactly; a quarter not frozen yet (or a theme added since)
    uses live figures."""
    # Ascending versions, so each theme's latest snapshot is the one kept.
    snapshots = {s.theme_id: s for s in ThemeSnapshot.objects.filter(cycle=cycle).order_by("version")} if cycle else {}
    return {
        theme.pk: (snapshots[theme.pk].data, snapshots[theme.pk].frozen_at)
        if theme.pk in snapshots
        else (theme_dashboard(theme, as_of), None)
        for theme in themes
    }


def exception_reports(cycle) -> dict[int, ExceptionReport]:
    if cycle is None:
        return {}
    reports = (
        ExceptionReport.objects.filter(cycle=cycle).select_related("snapshot").prefetch_related("items__indicator")
    )
    return {report.theme_id: report for report in reports}


def collect_inputs(meeting, today=None) -> dict:
    """Everything a meeting's pack shows, as JSON-ready data (what is hashed and rendered)."""
    # Imported here: reporting.services.decisions reads which themes a board looks at from this module.
    from reporting.services.decisions import assurance_data, matters_arising

    today = today or clock.today()
    board = meeting.board
    partnership = board.partnership
    themes = list(Theme.objects.for_partnership(partnership).select_related("partnership"))
    names = {t.pk: t.name for t in themes}
    detail = own_themes(board, themes) if board.kind in DETAIL_KINDS else []
    arising = matters_arising(board, meeting.starts_at)
    plan = plan_sections(
        board.kind,
        [t.pk for t in themes],
        [t.pk for t in detail],
        with_escalations=True,
        with_matters_arising=any(arising.values()),
        with_scorecard=wants_scorecard(board),
    )
    planned_ids = {s.theme_id for s in plan if s.theme_id}
    seen_ids = sorted(planned_ids or names)  # the themes whose escalations and risks are shown

    cycle = cycle_for(meeting)
    as_of = min(today, timezone.localtime(meeting.starts_at).date())  # live figures: never after the meeting
    with_overview = any(s.kind == "overview" for s in plan)
    dashboards = theme_dashboards(cycle, [t for t in themes if with_overview or t.pk in planned_ids], as_of)
    reports = exception_reports(cycle)
    version = hsp_version(cycle, meeting)

    sections, omitted = [], []
    for section in plan:
        name = names.get(section.theme_id, "")
        if section.kind == "matters_arising":
            sections.append({"kind": "matters_arising", "title": "Matters arising", **arising})
        elif section.kind == "overview":
            sections.append(
                {
                    "kind": "overview",
                    "title": "Overview of performance by theme",
                    **overview([dashboards[t.pk][0] for t in themes], version.data if version else None),
                    "assurance": assurance_data(cycle) if cycle and board.kind in OVERVIEW_KINDS else None,
                    "with_assurance": board.kind in OVERVIEW_KINDS,
                }
            )
        elif section.kind == "scorecard":
            sections.append(scorecard_section(partnership, pack_quarter(cycle, as_of)))
        elif section.kind == "dashboard":
            data, frozen_at = dashboards[section.theme_id]
            sections.append(
                {
                    "kind": "dashboard",
                    "title": f"{name}: performance dashboard",
                    "theme_id": section.theme_id,
                    "data": data,
                    "frozen_at": frozen_at,
                }
            )
        elif section.kind == "exception_report":
            report = reports.get(section.theme_id)
            if report is None:
                omitted.append(f"{name}: no exception report has been written for this quarter yet.")
                continue
            sections.append(
                {
                    "kind": "exception_report",
                    "title": f"{name}: exception report",
                    "theme_id": section.theme_id,
                    "report": exception_report_data(report, meeting.starts_at),
                }
            )
        elif section.kind == "escalations":
            indicator_rows = {row["indicator_id"]: row for data, _ in dashboards.values() for row in own_rows(data)}
            rows = escalation_rows(seen_ids, today, indicator_rows)
            sections.append({"kind": "escalations", "title": "Escalations", "rows": rows})
        elif section.kind == "risks":
            whole = board.kind not in DETAIL_KINDS or not detail
            sections.append(
                {"kind": "risks", "title": "Top risks", "rows": risk_rows(partnership, None if whole else seen_ids)}
            )

    frozen = [frozen_at for _, frozen_at in dashboards.values() if frozen_at]
    inputs = {
        "template_version": TEMPLATE_VERSION,
        "partnership": {"id": partnership.pk, "name": partnership.name},
        "board": {"id": board.pk, "name": str(board), "kind": board.kind, "kind_label": board.get_kind_display()},
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title or board.name,
            "starts_at": meeting.starts_at,
            "location": meeting.location,
        },
        "period": {
            "cycle_id": cycle.pk if cycle else None,
            "label": cycle.period.label if cycle else latest_ended(PeriodKind.QUARTER, as_of).label,
            "source": "snapshot" if frozen else "live",
            "frozen_at": min(frozen) if frozen else None,
            "as_of": None if frozen else as_of,
            "hsp_report": {
                "version": version.version,
                "assembled_at": version.assembled_at,
                "is_complete": version.is_complete,
            }
            if version
            else None,
        },
        "sections": sections,
        "omitted": omitted,
    }
    # Through JSON and back, so what is stored is exactly what was hashed.
    return json.loads(json.dumps(inputs, cls=DjangoJSONEncoder))


def inputs_hash(inputs: dict) -> str:
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
