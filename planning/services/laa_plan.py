"""The partnership's annual LAA action plan, assembled from the themes' approved plans (seed 003:
the PSG prepares "an annual LAA action plan for Board approval"). Computed once, rendered twice:
the page and the PDF read the same dict."""

from django.db.models import Count, Prefetch, Q

from indicators.models import Indicator
from partnership.models import Theme
from partnership.years import financial_year_label
from planning.models import ActionPlan, PlanItem, PlanState


def plan_rows(partnership, financial_year: int):
    """Each theme of the partnership, in order, with its plan for the year (or None)."""
    items = PlanItem.objects.select_related("indicator", "lead_partner", "lead_officer__user")
    plans = {
        plan.theme_id: plan
        for plan in ActionPlan.objects.for_partnership(partnership)
        .filter(financial_year=financial_year)
        .annotate(open_challenges=Count("challenges", filter=Q(challenges__answered_at=None)))
        .select_related("approved_by")
        .prefetch_related(Prefetch("items", queryset=items))
    }
    themes = Theme.objects.for_partnership(partnership).select_related("board").order_by("position", "name")
    return [(theme, plans.get(theme.pk)) for theme in themes]


def laa_plan_data(partnership, financial_year: int) -> dict:
    themes, waiting = [], []
    for theme, plan in plan_rows(partnership, financial_year):
        if plan is not None and plan.state == PlanState.APPROVED:
            themes.append(
                {
                    "theme": theme.name,
                    "board": str(theme.board),
                    "priorities": plan.priorities,
                    "funding": plan.funding,
                    "approved_at": plan.approved_at,
                    "approved_by": plan.approved_by.get_full_name() if plan.approved_by else "",
                    "items": [_item_row(item) for item in plan.items.all()],
                }
            )
        else:
            waiting.append({"theme": theme.name, "state": PlanState(plan.state).label if plan else "Not started"})
    covered = {item["code"] for theme in themes for item in theme["items"]}
    return {
        "partnership": partnership.name,
        "year": financial_year_label(financial_year),
        "financial_year": financial_year,
        "themes": themes,
        "waiting": waiting,
        "targets": sum(len(theme["items"]) for theme in themes),
        "designated": _designated(partnership, covered),
    }


def _designated(partnership, covered: set) -> dict:
    """The partnership's designated LAA indicators, and those no approved theme plan has an item for:
    the PSG's check that the plan covers the whole agreement."""
    designated = list(
        Indicator.objects.for_partnership(partnership)
        .filter(is_laa=True)
        .select_related("lead_theme")
        .order_by("lead_theme__position", "code")
    )
    return {
        "count": len(designated),
        "uncovered": [
            {"code": i.code, "title": i.title, "theme": i.lead_theme.name} for i in designated if i.code not in covered
        ],
    }


def _item_row(item) -> dict:
    return {
        "code": item.indicator.code if item.indicator_id else "",
        "target": item.indicator.title if item.indicator_id else "",
        "activity": item.activity,
        "outcome": item.outcome,
        "funding": item.funding,
        "lead_partner": str(item.lead_partner or ""),
        "lead_officer": item.lead_officer.user.get_full_name() if item.lead_officer_id else "",
        "due_date": item.due_date,
    }
