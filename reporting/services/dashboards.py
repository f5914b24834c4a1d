"""A theme's dashboard as plain data (seed 001 §5.3: performance against targets, expenditure
against profiled budgets). Computed once; stored in snapshots; rendered as HTML and PDF."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, Prefetch, Q, When

from indicators.models import Commission, Indicator, IndicatorReturn
from indicators.periods import PeriodKind, latest_ended
from indicators.services.chart_points import chart_points
from indicators.services.money import commission_summaries
from indicators.services.results import span_of, summarise
from indicators.status import STATUS_MEANING, Direction, Status
from indicators.workflow import ReturnState
from partnership.numbers import plain_number


def theme_dashboard(theme, today: dt.date) -> dict:
    """The theme's own indicators, then the cross-thematic ones it contributes to (marked with
    their lead theme, and left out of its counts so the HSP/PMG report counts each indicator once,
    under the theme that leads it)."""
    partnership = theme.partnership
    indicators = list(
        Indicator.objects.for_partnership(partnership)
        .filter(Q(lead_theme=theme) | Q(contributing_themes=theme))
        .distinct()
        .select_related("partnership", "lead_theme")
        .order_by(Case(When(lead_theme=theme, then=0), default=1), "lead_theme__position", "code")
    )
    summaries = summarise(indicators, partnership.tolerance_percent, today)
    explanations = latest_explanations(indicators, summaries)
    charts = chart_points(indicators, summaries, partnership.tolerance_percent, today)
    rows = []
    for indicator in indicators:
        summary = summaries[indicator.pk]
        latest = summary.latest
        variance_reason, action_taken = explanations.get((indicator.pk, latest.span), ("", "")) if latest else ("", "")
        rows.append(
            {
                "indicator_id": indicator.pk,
                "code": indicator.code,
                "title": indicator.title,
                "is_laa": indicator.is_laa,
                "is_lead": indicator.lead_theme_id == theme.pk,
                "lead_theme": indicator.lead_theme.name,
                "lead_theme_id": indicator.lead_theme_id,
                "period": latest.span.label if latest else "",
                "actual": plain_number(latest.assessment.compared) if latest else None,
                "actual_display": indicator.format(latest.assessment.compared) if latest else "–",
                "target": plain_number(latest.assessment.target) if latest else None,
                "target_display": indicator.format(latest.assessment.target) if latest else "–",
                "status": str(summary.status),
                "status_meaning": STATUS_MEANING[summary.status],
                "direction": str(latest.assessment.direction_from_previous) if latest else str(Direction.UNKNOWN),
                "forecast": str(summary.forecast),
                "forecast_label": summary.forecast.label
                if hasattr(summary.forecast, "label")
                else str(summary.forecast),
                "trend": [float(v) if v is not None else None for v in summary.trend],
                "chart": charts[indicator.pk],
                "commentary": latest.commentary if latest else "",
                "variance_reason": variance_reason,
                "action_taken": action_taken,
            }
        )
    quarter = latest_ended(PeriodKind.QUARTER, today)
    commissions = list(
        Commission.objects.for_partnership(partnership)
        .filter(theme=theme, kind=Commission.Kind.COMMISSION)
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("code")))
    )
    money = commission_summaries(commissions, quarter.financial_year, quarter)
    spend_rows = [
        {
            "name": c.name,
            "commission_id": c.pk,
            "annual_budget": plain_number(money[c.pk].annual_budget),
            "profile_to_date": plain_number(money[c.pk].profile_to_date),
            "spend_to_date": plain_number(money[c.pk].spend_to_date),
            "variance": plain_number(money[c.pk].variance),
            "variance_words": money[c.pk].variance_words,
            "delivers": [indicator.code for indicator in c.indicators.all()],  # the outcomes its spend is for
            "funding": c.funding_display,
        }
        for c in commissions
    ]
    counts = Counter(row["status"] for row in rows if row["is_lead"])
    return {
        "theme": theme.name,
        "theme_id": theme.pk,
        "as_of": today.isoformat(),
        "quarter": quarter.label,
        "indicators": rows,
        "commissions": spend_rows,
        "counts": {status: counts.get(status, 0) for status in Status.values},
    }


def latest_explanations(indicators, summaries) -> dict:
    """{(indicator id, span): (reason for variance, action taken)} for each indicator's latest
    period. One query, read as tuples (model instances of every period's returns cost more than
    the rest of the page's data)."""
    latest = {(pk, summary.latest.span) for pk, summary in summaries.items() if summary.latest}
    # Approved returns only, as for the figures: a draft's words are not the partnership's yet.
    rows = IndicatorReturn.objects.filter(indicator__in=indicators, state=ReturnState.APPROVED).values_list(
        "indicator_id", "period__kind", "period__start", "variance_reason", "action_taken"
    )
    explanations = {}
    for indicator_id, kind, start, reason, action in rows:
        key = (indicator_id, span_of(kind, start))
        if key in latest:
            explanations[key] = (reason, action)
    return explanations


@dataclass(frozen=True)
class Successes:
    """The data behind the successes summary: greens and improvements, by name."""

    greens: list
    improving: list
    total: int


def own_rows(data: dict) -> list[dict]:
    """The indicators the theme leads (snapshots taken before cross-thematic rows had `is_lead`
    held only those)."""
    return [row for row in data.get("indicators", []) if row.get("is_lead", True)]


def contributed_rows(data: dict) -> list[dict]:
    return [row for row in data.get("indicators", []) if not row.get("is_lead", True)]


def successes_from(data: dict) -> Successes:
    rows = own_rows(data)
    return Successes(
        greens=[r for r in rows if r["status"] == Status.GREEN],
        improving=[r for r in rows if r["direction"] == Direction.IMPROVING],
        total=len(rows),
    )


def successes_summary(data: dict) -> str:
    """The exception report's brief summary of successes, drafted from the data."""
    successes = successes_from(data)
    greens = [f"{r['code']} {r['title']}" for r in successes.greens]
    improving = [r["code"] for r in successes.improving]
    parts = [
        f"{len(greens)} of {successes.total} indicators are on target" + (f": {'; '.join(greens)}." if greens else ".")
    ]
    if improving:
        parts.append(f"{len(improving)} improved since the last period: {', '.join(improving)}.")
    return " ".join(parts)
