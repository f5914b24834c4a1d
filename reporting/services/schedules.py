"""The project monitoring schedule (seed 001 §5.3: legacy NRF projects, reported separately from the
dashboard), as plain data loaded in a fixed number of queries. (Balanced scorecards: scorecards.py.)"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from indicators.models import BudgetProfile, Commission, SpendReturn
from indicators.money import variance_percent
from indicators.periods import PeriodKind, latest_ended, spans_in_year
from indicators.workflow import ReturnState


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
                "name": project.name,
                "annual_budget": sum((amount or 0 for amount in profile[project.pk].values()), Decimal(0)),
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
