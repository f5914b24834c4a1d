"""The annual performance review, step by step: opening it from the year's figures, placing each
target, SMART action points on those at risk, the partnership board's agreement, and progress on
the action points through the next year. Each change checks the version its page showed."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from escalation.smart import smart_problems
from indicators.models import AnnualTarget, Indicator
from indicators.services.results import assess_financial_year, load_data
from indicators.status import Forecast, Status
from partnership.concurrency import StaleEdit
from planning.models import ActionPoint, AnnualReview, ReviewTarget
from planning.review_rules import agree_problems
from planning.services.plans import PlanRefused


def _fresh(model, obj, expected_version):
    current = model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise StaleEdit(current)
    return current


def _saved(obj, user, reason):
    obj.version += 1
    obj._history_user, obj._change_reason = user, reason
    obj.save()
    return obj


def year_end_rows(partnership, financial_year: int) -> list[dict]:
    """Each indicator with an agreed target for the year: its target, its latest result in the year,
    that result's status and the year-end forecast (indicators.services.results)."""
    agreed = AnnualTarget.objects.filter(period__start__year=financial_year, period__start__month=4)
    indicators = list(
        Indicator.objects.for_partnership(partnership)
        .filter(annual_targets__in=agreed)
        .distinct()
        .select_related("partnership")
        .order_by("code")
    )
    data = load_data(indicators)
    rows = []
    for indicator in indicators:
        year = assess_financial_year(indicator, data[indicator.pk], financial_year, partnership.tolerance_percent)
        if year.annual_target is None:  # proposed, not agreed: it is not the year's target
            continue
        reported = [row for row in year.rows if row.assessment.actual is not None or row.assessment.compared]
        latest = reported[-1] if reported else None
        rows.append(
            {
                "indicator": indicator,
                "annual_target": year.annual_target,
                "latest_value": latest.assessment.compared if latest else None,
                "latest_period": latest.span.label if latest else "",
                "status": latest.assessment.status if latest else Status.GREY,
                "forecast": year.forecast.forecast,
            }
        )
    return rows


def open_review(partnership, financial_year: int, *, user) -> AnnualReview:
    with transaction.atomic():
        review, created = AnnualReview.objects.get_or_create(
            partnership=partnership, financial_year=financial_year, defaults={"opened_by": user}
        )
        if created:
            for row in year_end_rows(partnership, financial_year):
                suggested = row["forecast"] if row["forecast"] != Forecast.UNKNOWN else ""
                ReviewTarget.objects.create(review=review, judgement=suggested, **row)
    return review


def _draft_only(review):
    if review.state != AnnualReview.State.DRAFT:
        raise PlanRefused("The partnership board has agreed this review: its judgements are fixed.")


def place_target(target: ReviewTarget, *, judgement, reason, expected_version, user) -> ReviewTarget:
    with transaction.atomic():
        target = _fresh(ReviewTarget, target, expected_version)
        _draft_only(target.review)
        target.judgement, target.reason = judgement, reason
        return _saved(target, user, f"Placed: {Forecast(judgement).label}")


def action_point_problems(fields, today) -> dict[str, str]:
    return smart_problems(
        description=fields.get("description", ""),
        measure=fields.get("measure", ""),
        resources=fields.get("resources", ""),
        lead_named=fields.get("lead") is not None,
        due_date=fields.get("due_date"),
        today=today,
    )


def add_action_point(target: ReviewTarget, *, user, today, **fields) -> ActionPoint:
    with transaction.atomic():
        target = ReviewTarget.objects.select_for_update().select_related("review").get(pk=target.pk)
        _draft_only(target.review)
        problems = action_point_problems(fields, today)
        if problems:
            raise PlanRefused("The action point is not SMART:", tuple(problems.values()))
        point = ActionPoint(target=target, **fields)
        point._history_user = user
        point.save()
    return point


def agree_review(review: AnnualReview, *, summary, expected_version, user) -> AnnualReview:
    with transaction.atomic():
        review = _fresh(AnnualReview, review, expected_version)
        _draft_only(review)
        targets = review.targets.select_related("indicator").annotate(point_count=Count("action_points"))
        problems = agree_problems(targets)
        if problems:
            raise PlanRefused("The review cannot be agreed yet:", tuple(problems))
        review.summary = summary
        review.state, review.agreed_by, review.agreed_at = AnnualReview.State.AGREED, user, timezone.now()
        return _saved(review, user, "Agreed by the partnership board")


def record_point_progress(point: ActionPoint, *, status, progress, expected_version, user) -> ActionPoint:
    with transaction.atomic():
        point = _fresh(ActionPoint, point, expected_version)
        point.status, point.progress = status, progress
        return _saved(point, user, "Progress recorded")
