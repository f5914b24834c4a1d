"""Balanced scorecards (seed 002, Harrow): each management group's (a theme's) and the overarching
partnership scorecard, "broken into five perspectives" (Resources, People, Community Involvement,
Partnerships, Service Development), each listing objectives and their indicators with an owner and
a baseline, for a chosen quarter.

Computed once, as plain JSON-able data (like reporting.services.dashboards.theme_dashboard), so
the page, its PDF and a board pack's stored inputs show the same figures.

What a board was shown never changes: for a quarter whose themes have frozen snapshots
(reporting.models.ThemeSnapshot, the latest version of each theme's for that quarter's
ReportingCycle), an indicator that its lead theme's snapshot holds takes its period, actual,
target, status, direction and forecast from the snapshot as frozen, even if a target or a result
has changed since. Only indicators without a frozen row are worked out live, as at the quarter's
end (the day after it ends, as snapshots are). A fixed number of queries, whatever the number of
indicators.
"""

import datetime as dt
from collections import Counter

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from indicators.models import Indicator, Result
from indicators.periods import PeriodKind, Span, latest_ended, span_containing
from indicators.services.results import span_of, summarise
from indicators.status import STATUS_MEANING, Direction, Forecast, Status
from partnership.models import Perspective
from partnership.numbers import plain_number
from reporting.models import ReportingCycle, ThemeSnapshot
from reporting.services.dashboards import own_rows
from reporting.services.snapshots import as_stored

OTHER_INDICATORS = "Other indicators"
FROZEN, LIVE = "frozen", "live"


def quarter_end_as_of(quarter: Span) -> dt.date:
    """The day figures for a quarter are worked out as at: the day after it ends (as snapshots)."""
    return quarter.end + dt.timedelta(days=1)


def partnership_scorecard(partnership, quarter: Span) -> dict:
    """The overarching partnership scorecard: every indicator linked to an objective, by
    perspective and objective."""
    indicators = scorecard_indicators(Indicator.objects.for_partnership(partnership).exclude(objective=None))
    data = build(partnership, quarter, indicators, frozen_rows(partnership, quarter), with_other=False)
    data.update(kind="partnership", title="Partnership scorecard", theme="", theme_id=None, theme_slug="")
    return as_stored(data)


def theme_scorecard(theme, quarter: Span) -> dict:
    """A management group's scorecard: the indicators its theme leads, by perspective and objective
    where they have one, and the rest under "Other indicators"."""
    partnership = theme.partnership
    indicators = scorecard_indicators(Indicator.objects.for_partnership(partnership).filter(lead_theme=theme))
    data = build(partnership, quarter, indicators, frozen_rows(partnership, quarter, theme), with_other=True)
    data.update(
        kind="theme", title=f"{theme.name} scorecard", theme=theme.name, theme_id=theme.pk, theme_slug=theme.slug
    )
    return as_stored(data)


def scorecard_indicators(queryset) -> list:
    """In code order under each objective: the order the partnership numbered its scorecard in
    (seed 002's rows run across the management groups)."""
    return list(
        queryset.select_related(
            "objective__owner__user", "outcome_lead__user", "baseline_period", "lead_theme"
        ).order_by("code")
    )


# --- the frozen rows -------------------------------------------------------------------------


def frozen_rows(partnership, quarter: Span, theme=None) -> dict[tuple[int, int], dict]:
    """{(theme id, indicator id): the row as frozen, with the snapshot's `frozen_at` and `version`}
    for the rows each theme's latest snapshot of the quarter holds for the indicators it leads."""
    cycle = (
        ReportingCycle.objects.for_partnership(partnership)
        .filter(period__kind=quarter.kind, period__start=quarter.start)
        .first()
    )
    if cycle is None:
        return {}
    latest_version = (
        ThemeSnapshot.objects.filter(cycle=cycle, theme=OuterRef("theme")).order_by("-version").values("version")[:1]
    )
    snapshots = ThemeSnapshot.objects.filter(cycle=cycle, version=Subquery(latest_version))
    if theme is not None:
        snapshots = snapshots.filter(theme=theme)
    frozen = {}
    for snapshot in snapshots:
        for row in own_rows(snapshot.data):
            frozen[(snapshot.theme_id, row["indicator_id"])] = {
                **row,
                "frozen_at": snapshot.frozen_at,
                "version": snapshot.version,
            }
    return frozen


# --- the rows --------------------------------------------------------------------------------


def build(partnership, quarter: Span, indicators: list, frozen: dict, *, with_other: bool) -> dict:
    as_of = quarter_end_as_of(quarter)
    live = [i for i in indicators if (i.lead_theme_id, i.pk) not in frozen]
    summaries = summarise(live, partnership.tolerance_percent, as_of) if live else {}
    rows = []
    for indicator in indicators:
        held = frozen.get((indicator.lead_theme_id, indicator.pk))
        figures = frozen_figures(held) if held else live_figures(indicator, summaries[indicator.pk])
        rows.append((indicator, describe(indicator) | figures))
    frozen_times = [held["frozen_at"] for held in frozen.values()]
    grouped = group(rows, with_other=with_other)
    return {
        "partnership": partnership.name,
        "quarter": quarter.label,
        "quarter_start": quarter.start.isoformat(),
        "as_of": as_of.isoformat(),
        "counts": status_counts(row for _, row in rows),
        "total": len(rows),
        "frozen_rows": sum(row["source"] == FROZEN for _, row in rows),
        "live_rows": sum(row["source"] == LIVE for _, row in rows),
        "frozen_on": day_label(min(frozen_times)) if frozen_times else "",
        **grouped,
    }


def describe(indicator) -> dict:
    """What the scorecard says about an indicator whatever the quarter: who owns it, its baseline."""
    owner = indicator.outcome_lead or (indicator.objective.owner if indicator.objective else None)
    return {
        "indicator_id": indicator.pk,
        "code": indicator.code,
        "title": indicator.title,
        "lead_theme": indicator.lead_theme.name,
        "lead_theme_id": indicator.lead_theme_id,
        "is_laa": indicator.is_laa,
        "is_stretch": indicator.is_stretch,
        "owner": owner.display_name if owner else "",
        "baseline": baseline_text(indicator),
    }


def baseline_text(indicator) -> str:
    """The baseline value with its period ("18.0% (2006/07)"), or the baseline note ("Profiles to
    be established"), or both; empty when there is neither."""
    parts = []
    if indicator.baseline_value is not None:
        value = indicator.format(indicator.baseline_value)
        parts.append(f"{value} ({indicator.baseline_period.label})" if indicator.baseline_period else value)
    if indicator.baseline_note and indicator.baseline_note != indicator.format(indicator.baseline_value):
        parts.append(indicator.baseline_note)  # unless it only repeats the value ("Amber (2023/24); Amber")
    return "; ".join(parts)


def live_figures(indicator, summary) -> dict:
    latest = summary.latest
    return figures(
        period=latest.span.label if latest else "",
        actual=plain_number(latest.assessment.compared) if latest else None,
        actual_display=indicator.format(latest.assessment.compared) if latest else "–",
        target=plain_number(latest.assessment.target) if latest else None,
        target_display=indicator.format(latest.assessment.target) if latest else "–",
        status=str(summary.status),
        direction=str(latest.assessment.direction_from_previous) if latest else str(Direction.UNKNOWN),
        forecast=str(summary.forecast),
        source=LIVE,
    )


def frozen_figures(held: dict) -> dict:
    """A snapshot row's figures exactly as frozen (older snapshots may lack a key: shown as unknown)."""
    return figures(
        period=held.get("period", ""),
        actual=held.get("actual"),
        actual_display=held.get("actual_display", "–"),
        target=held.get("target"),
        target_display=held.get("target_display", "–"),
        status=held.get("status", Status.GREY),
        direction=held.get("direction", Direction.UNKNOWN),
        forecast=held.get("forecast", Forecast.UNKNOWN),
        source=FROZEN,
        frozen_on=day_label(held["frozen_at"]),
        snapshot_version=held["version"],
    )


def figures(*, status, direction, forecast, source, frozen_on="", snapshot_version=None, **values) -> dict:
    status = Status(status) if status in Status.values else Status.GREY
    direction = Direction(direction) if direction in Direction.values else Direction.UNKNOWN
    forecast = Forecast(forecast) if forecast in Forecast.values else Forecast.UNKNOWN
    return {
        **values,
        "status": str(status),
        "status_label": status.label,
        "status_meaning": STATUS_MEANING[status],
        "direction": str(direction),
        "direction_label": direction.label,
        "forecast": str(forecast),
        "forecast_label": forecast.label,
        "source": source,
        "source_label": "As reported to the board" if source == FROZEN else "Live",
        "frozen_on": frozen_on,
        "snapshot_version": snapshot_version,
    }


# --- grouping and counts ---------------------------------------------------------------------


def status_counts(rows) -> dict[str, int]:
    counts = Counter(row["status"] for row in rows)
    return {status: counts.get(status, 0) for status in Status.values}


def group(rows: list[tuple], *, with_other: bool) -> dict:
    """{"perspectives": [...], "other": {...} or None}: perspectives in seed 002's order, objectives
    by position and title, indicators in the order given; counts on each perspective and objective."""
    objectives, other = {}, []
    for indicator, row in rows:
        if indicator.objective is None:
            other.append(row)
        else:
            objectives.setdefault(indicator.objective, []).append(row)
    perspectives = []
    for value, label in Perspective.choices:
        these = sorted((o for o in objectives if o.perspective == value), key=lambda o: (o.position, o.title))
        if not these:
            continue
        groups = [
            {
                "objective_id": objective.pk,
                "title": objective.title,
                "owner": objective.owner.display_name if objective.owner else "",
                "counts": status_counts(objectives[objective]),
                "total": len(objectives[objective]),
                "rows": objectives[objective],
            }
            for objective in these
        ]
        all_rows = [row for g in groups for row in g["rows"]]
        perspectives.append(
            {
                "perspective": value,
                "title": label,
                "counts": status_counts(all_rows),
                "total": len(all_rows),
                "objectives": groups,
            }
        )
    return {
        "perspectives": perspectives,
        "other": {"title": OTHER_INDICATORS, "counts": status_counts(other), "total": len(other), "rows": other}
        if with_other and other
        else None,
    }


def day_label(moment) -> str:
    day = timezone.localtime(moment).date() if isinstance(moment, dt.datetime) else moment
    return f"{day.day} {day:%B %Y}"


# --- which quarters --------------------------------------------------------------------------


def scorecard_quarters(partnership, today: dt.date) -> list[Span]:
    """The quarters a scorecard can be shown for, newest first: every ended quarter in which one of
    the partnership's results falls, or that has a reporting cycle, and always the latest ended."""
    quarters = {latest_ended(PeriodKind.QUARTER, today)}
    for end in Result.objects.for_partnership(partnership).values_list("period__end", flat=True).distinct():
        quarters.add(span_containing(PeriodKind.QUARTER, end))
    cycles = ReportingCycle.objects.for_partnership(partnership).filter(period__kind=PeriodKind.QUARTER)
    for start in cycles.values_list("period__start", flat=True):
        quarters.add(span_of(PeriodKind.QUARTER, start))
    return sorted((q for q in quarters if q.has_ended(today)), reverse=True)
