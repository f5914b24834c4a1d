"""A member's open self-assessment surveys not answered yet (seed 002's questionnaire)."""

from django.urls import reverse

from surveys.models import Submission, Survey

from ..steps import Step


def steps(seat) -> list[Step]:
    """One step per survey open today that the member has not answered, due on its last day. Two
    queries."""
    open_now = Survey.objects.for_partnership(seat.partnership).filter(
        opened_at__isnull=False, opens_on__lte=seat.today, closes_on__gte=seat.today
    )
    answered = Submission.objects.filter(membership=seat.membership).values("survey_id")
    return [
        Step(
            title=f"Answer the {survey.title}",
            url=reverse("surveys:answer", args=[seat.partnership.slug, survey.pk]),
            when=survey.closes_on,
            hint="Anonymous: only the totals are kept, and nobody can see which answers were yours.",
            role="Member",
        )
        for survey in open_now.exclude(pk__in=answered).order_by("closes_on", "pk")
    ]
