"""Action plans and targets waiting for this person: challenges to answer on their theme's plan,
plans their executive board is to challenge or recommend and targets it is to agree, plans their
partnership board is to approve."""

from django.db.models import Count, Q
from django.urls import reverse

from indicators.models import Agreement, AnnualTarget
from partnership.models import Board, BoardKind
from partnership.roles import THEME_ROLES
from planning.models import ActionPlan, PlanState
from planning.permissions import SEAT_ROLES

from ..steps import Step


def _url(seat, plan):
    return reverse("planning:plan", args=[seat.partnership.slug, plan.pk])


def steps(seat) -> list[Step]:
    """At most four queries: the person's boards' kinds, then their theme and board plans, and the
    targets awaiting agreement."""
    plans = ActionPlan.objects.for_partnership(seat.partnership).select_related("theme")
    found = []
    theme_ids = seat.access.theme_ids_with(THEME_ROLES)
    if theme_ids:
        waiting = plans.filter(theme_id__in=theme_ids).annotate(
            open_challenges=Count("challenges", filter=Q(challenges__answered_at=None))
        )
        for plan in waiting.filter(open_challenges__gt=0, state__in=(PlanState.SUBMITTED, PlanState.DRAFT)):
            count = plan.open_challenges
            found.append(
                Step(
                    title=f"Answer {count} challenge{'s' if count != 1 else ''}: {plan}",
                    url=_url(seat, plan),
                    when=plan.submitted_at.date() if plan.submitted_at else None,
                    is_deadline=False,
                    hint="The executive board recommends the plan once every challenge is answered.",
                    role="Theme officer",
                )
            )
    seats = {g.board_id for g in seat.access.grants if g.board_id and g.role in SEAT_ROLES}
    kinds = (
        set(
            Board.objects.filter(pk__in=seats, kind__in=(BoardKind.EXECUTIVE_BOARD, BoardKind.PARTNERSHIP_BOARD))
            .values_list("kind", flat=True)
            .distinct()
        )
        if seats
        else set()
    )
    if BoardKind.EXECUTIVE_BOARD in kinds:
        for plan in plans.filter(state=PlanState.SUBMITTED):
            found.append(
                Step(
                    title=f"Challenge or recommend: {plan}",
                    url=_url(seat, plan),
                    when=plan.submitted_at.date() if plan.submitted_at else None,
                    is_deadline=False,
                    hint="Challenge items for plausibility; recommend the plan once every challenge is answered.",
                    role="Executive board",
                )
            )
    if BoardKind.EXECUTIVE_BOARD in kinds:
        found += _agreement_steps(seat)
    if BoardKind.PARTNERSHIP_BOARD in kinds:
        for plan in plans.filter(state=PlanState.RECOMMENDED):
            found.append(
                Step(
                    title=f"Approve: {plan}",
                    url=_url(seat, plan),
                    when=plan.recommended_at.date() if plan.recommended_at else None,
                    is_deadline=False,
                    hint="Recommended by the executive board.",
                    role="Partnership board",
                )
            )
    return found


def _agreement_steps(seat) -> list[Step]:
    # Nobody agrees what they proposed themselves (indicators.agreement).
    proposed = (
        AnnualTarget.objects.for_partnership(seat.partnership)
        .filter(agreement=Agreement.PROPOSED)
        .exclude(proposed_by_id=seat.membership.user_id)
    )
    count = proposed.count()
    if not count:
        return []
    return [
        Step(
            title=f"Agree {count} proposed target{'s' if count != 1 else ''}",
            url=reverse("indicators:targets_awaiting", args=[seat.partnership.slug]),
            is_deadline=False,
            hint="Proposed by Outcome Leads: a target counts for status only once the executive board agrees it.",
            role="Executive board",
        )
    ]
