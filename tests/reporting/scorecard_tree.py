"""A partnership with Harrow's scorecard in miniature (seed 002): three perspectives, objectives
with owners, indicators in two themes at green, amber, red and grey, and one indicator of no
objective. Shared by the scorecard tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from indicators.models import AnnualTarget, Period
from indicators.periods import PeriodKind, Span, year_span
from partnership.models import Objective, Perspective
from reporting.services.chain import draft_at_deadline
from reporting.services.cycles import open_cycle

from ..builders import make_indicator

Q3 = Span(PeriodKind.QUARTER, dt.date(2025, 10, 1))  # Q3 2025/26: the quarter that gets frozen
Q2 = Q3.previous()  # Q2 2025/26: never frozen


def with_scorecard(tree, quarters=(Q2, Q3)):
    """The objectives and four scorecard indicators, with the same result in each of `quarters` and
    targets for the last one's financial year."""
    p = tree.partnership
    fy = quarters[-1].financial_year
    chair = tree.members["chair"]
    tree.resources = Objective.objects.create(
        partnership=p,
        perspective=Perspective.RESOURCES,
        title="Spend aligns with the stretched indicators delivery plan",
    )
    tree.people = Objective.objects.create(
        partnership=p,
        perspective=Perspective.PEOPLE,
        title="Make up of the HSP is reflective of the community",
        owner=chair,
    )
    tree.risks = Objective.objects.create(
        partnership=p, perspective=Perspective.SERVICE_DEVELOPMENT, title="Minimise risks that are over 20"
    )

    def indicator(code, title, objective, target, level, value, **extra):
        return make_indicator(
            tree,
            code,
            title=title,
            unit=extra.pop("unit", "percentage"),
            polarity=extra.pop("polarity", "higher"),
            objective=objective,
            targets=[(fy, Decimal(target), Decimal(level))] if target is not None else [],
            results=[(q, Decimal(value)) for q in quarters] if value is not None else [],
            **extra,
        )

    tree.spend = indicator(
        "HSP R1",
        "% variance from Well-Being profiled spend",
        tree.resources,
        5,
        6,
        "4",
        polarity="lower",
        outcome_lead=tree.members["outcome_lead"],
        baseline_note="Profiles to be established",
    )
    tree.bme = indicator(
        "HSP P1",
        "The % BME members in the HSP",
        tree.people,
        22,
        20,
        "21",
        outcome_lead=tree.members["outcome_lead"],
        baseline_value=Decimal(18),
        baseline_period=Period.objects.for_span(year_span(2006)),
    )
    tree.young = indicator(
        "HSP P2", "The % of members who are under 25", tree.people, 10, 8, "5", lead_theme=tree.other_theme
    )
    tree.risky = indicator(
        "HSP S1",
        "The number of risks that are 20 or over on the risk register",
        tree.risks,
        None,
        None,
        None,
        unit="count",
        polarity="lower",
        lead_theme=tree.other_theme,
        baseline_note="2/22",
    )
    return tree


def freeze(tree, quarter=Q3):
    """The quarter's cycle, its dashboards frozen at the collation deadline (one snapshot per theme)."""
    cycle = open_cycle(tree.partnership, quarter)
    draft_at_deadline(cycle, today=cycle.exception_reports_due, now=timezone.now())
    return cycle


def change_target(indicator, value, level):
    """Saved as a person's change is (with its history row). The indicator has one year's target."""
    target = AnnualTarget.objects.get(indicator=indicator)
    target.value, target.monitoring_level = Decimal(value), Decimal(level)
    target.save()


def rows(data) -> dict:
    """{code: row} of every row in a scorecard's data."""
    found = {}
    for perspective in data["perspectives"]:
        for objective in perspective["objectives"]:
            found.update({row["code"]: row for row in objective["rows"]})
    if data.get("other"):
        found.update({row["code"]: row for row in data["other"]["rows"]})
    return found
