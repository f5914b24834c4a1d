"""The Annual Report (seed 003: "Report to HSP Board. Annual report. Financial report."): progress
against every target, the financial report for the year, and the action points, computed once for
the page and the PDF."""

from collections import Counter

from indicators.models import Commission
from indicators.periods import PeriodKind, spans_in_year
from indicators.services.money import commission_summaries, spend_by_stream
from indicators.status import STATUS_MEANING, Forecast
from planning.models import AnnualReview


def annual_report_data(review: AnnualReview) -> dict:
    partnership, fy = review.partnership, review.financial_year
    targets = list(review.targets.select_related("indicator__lead_theme").prefetch_related("action_points__lead__user"))
    themes = {}
    for target in targets:
        theme = themes.setdefault(target.indicator.lead_theme.name, [])
        theme.append(
            {
                "code": target.code,
                "title": target.indicator.title,
                "target": target.indicator.format(target.annual_target) if target.annual_target is not None else "–",
                "latest": target.indicator.format(target.latest_value) if target.latest_value is not None else "–",
                "period": target.latest_period,
                "status": target.status,
                "status_words": STATUS_MEANING[target.status],
                "judgement": Forecast(target.judgement).label if target.judgement else "Not yet placed",
                "reason": target.reason,
                "points": [_point(point) for point in target.action_points.all()],
            }
        )
    counts = Counter(target.judgement or "unplaced" for target in targets)
    return {
        "partnership": partnership.name,
        "title": f"Annual Report {review.year_label}",
        "year": review.year_label,
        "state": review.get_state_display(),
        "agreed_at": review.agreed_at,
        "summary": review.summary,
        "themes": [{"theme": name, "targets": rows} for name, rows in themes.items()],
        "counts": [(label, counts.get(value, 0)) for value, label in Forecast.choices if value != Forecast.UNKNOWN],
        "unplaced": counts.get("unplaced", 0),
        "finance": _finance(partnership, fy),
        "points": [point for theme in themes.values() for row in theme for point in row["points"]],
    }


def _point(point) -> dict:
    return {
        "code": point.target.code,
        "description": point.description,
        "measure": point.measure,
        "lead": point.lead.display_name,
        "due_date": point.due_date,
        "status": point.get_status_display(),
        "progress": point.progress,
    }


def _finance(partnership, fy: int) -> dict:
    last_quarter = spans_in_year(fy, PeriodKind.QUARTER)[-1]
    commissions = list(Commission.objects.for_partnership(partnership).select_related("theme"))
    money = commission_summaries(commissions, fy, last_quarter)
    by_theme = {}
    for commission in commissions:
        row = by_theme.setdefault(commission.theme.name, {"theme": commission.theme.name, "budget": 0, "spend": 0})
        row["budget"] += float(money[commission.pk].annual_budget)
        row["spend"] += float(money[commission.pk].spend_to_date)
    return {"streams": spend_by_stream(partnership, last_quarter), "themes": list(by_theme.values())}
