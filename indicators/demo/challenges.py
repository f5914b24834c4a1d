"""The business group's challenges to the demo's data (seed 000: it challenges the robustness of
partnership data, and the source answers): one still open, one answered, in Haringey."""

import datetime as dt

from django.utils import timezone

from indicators.models import DataChallenge, IndicatorReturn, ReturnRound
from partnership.models import Membership
from partnership.roles import Role

# (indicator code, rounds back from the latest (returns are kept for the rounds the demo opens),
#  question, answer or "" while open)
CHALLENGES = [
    (
        "L SC1",
        0,
        "The quarter's figure is well below the last while the borough's recorded crime rose: which police "
        "extract was used, and does it include the late-recorded offences?",
        "",
    ),
    (
        "NI 112",
        0,
        "Is the quarter's rate provisional? Last year's Q1 figure was revised by the ONS in the autumn.",
        "Yes: it is the ONS provisional rate. We re-submit the revised figure when the annual release comes out.",
    ),
]


def load_challenges(today: dt.date | None = None) -> int:
    """Idempotent: returns how many challenges were made."""
    today = today or timezone.localdate()
    member = (
        Membership.objects.filter(partnership__slug="haringey", user__username="business")
        .select_related("partnership")
        .first()
    )
    if member is None:
        return 0
    rounds = list(ReturnRound.objects.for_partnership(member.partnership).select_related("period"))
    made = 0
    for code, back, question, answer in CHALLENGES:
        if back >= len(rounds):
            continue
        ret = (
            IndicatorReturn.objects.for_partnership(member.partnership)
            .filter(indicator__code=code, period__end=rounds[back].period.end)
            .select_related("indicator__lead_theme")
            .first()
        )
        if ret is None:
            continue
        challenge, created = DataChallenge.objects.get_or_create(
            indicator_return=ret, raised_by=member, question=question
        )
        made += created
        if answer and created:
            answerer = (
                Membership.objects.filter(
                    partnership=member.partnership,
                    role_assignments__theme=ret.indicator.lead_theme,
                    role_assignments__role=Role.LEAD_INFORMATION_OFFICER,
                )
                .order_by("pk")
                .first()
            )
            challenge.answer = answer
            challenge.answered_by = answerer
            challenge.answered_at = timezone.now() - dt.timedelta(days=3)
            challenge.state = DataChallenge.State.ANSWERED
            challenge.save()
    return made
