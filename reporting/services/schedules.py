"""The project monitoring schedule (seed 001 §5.3: legacy NRF projects, reported separately from the
dashboard) and the balanced scorecard (seed 002), as plain data loaded in a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from indicators.models import BudgetProfile, Commission, Indicator, SpendReturn
from indicators.money import variance_percent
from indicators.periods import PeriodKind, latest_ended, spans_in_year
from indicators.services.results import summarise
from indicators.workflow import ReturnState
from partnership.models import Perspective


def project_schedule(partnership, today: dt.date) -> dict:
    latest = latest_ended(PeriodKind.QUARTER, today)
    fy = latest.financial_year
    quarters = spans_in_year(fy, PeriodKind.QUARTER)
    projects = list(
        Commission.objects.for_partnership(partnership)
        .filter(kind=Commission.Kind.PROJECT)
        .select_related("theme", "provider", "manager__user")
    )
    profile, spend = defaultdict(dict), defaultdict(dict)
    for row in BudgetProfile.objects.filter(
        commission__in=projects, period__start__gte=quarters[0].start, period__end__lte=quarters[-1].end
    ).select_related("period"):
        profile[row.commission_id][row.period.span] = row.amount
    for row in SpendReturn.objects.filter(
        commission__in=projects, period__start__gte=quarters[0].start, period__end__lte=quarters[-1].end
    ).select_related("period"):
        spend[row.commission_id][row.period.span] = row
    rows = []
    for project in projects:
        cells, profile_to_date, spend_to_date = [], Decimal(0), Decimal(0)
        for quarter in quarters:
            planned = profile[project.pk].get(quarter)
            ret = spend[project.pk].get(quarter)
            approved = ret.actual_spend if ret and ret.state == ReturnState.APPROVED else None
            if quarter <= latest:
                profile_to_date += planned or 0
                spend_to_date += approved or 0
            cells.append(
                {
                    "quarter": quarter.label,
                    "profile": planned,
                    "spend": approved,
                    "state": ret.shown_state.label if ret else ("Not started" if quarter <= latest else ""),
                }
            )
        rows.append(
            {
                "project": project,
                "quarters": cells,
                "profile_to_date": profile_to_date,
                "spend_to_date": spend_to_date,
                "variance": variance_percent(spend_to_date, profile_to_date),
            }
        )
    return {
        "financial_year": quarters[0].year().label,
        "up_to": latest.label,
        "quarters": [q.label for q in quarters],
        "rows": rows,
    }


def scorecard(partnership, today: dt.date) -> list[dict]:
    """Indicators grouped by perspective, then objective (seed 002's table), with owner and baseline."""
    indicators = list(
        Indicator.objects.for_partnership(partnership)
        .exclude(objective=None)
        .select_related("objective__owner__user", "outcome_lead__user", "baseline_period", "partnership")
    )
    summaries = summarise(indicators, partnership.tolerance_percent, today)
    grouped = defaultdict(lambda: defaultdict(list))
    for indicator in indicators:
        grouped[indicator.objective.perspective][indicator.objective].append((indicator, summaries[indicator.pk]))
    return [
        {
            "perspective": label,
            "objectives": [
                {"objective": objective, "rows": rows}
                for objective, rows in sorted(grouped[value].items(), key=lambda kv: (kv[0].position, kv[0].title))
            ],
        }
        for value, label in Perspective.choices
        if grouped.get(value)
    ]
