"""Returns: an officer's returns to submit (those sent back first) and challenges to answer; a
Report Coordinator's returns to approve."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from indicators.models import DataChallenge, Indicator, ReturnRound
from indicators.services.rounds import due_returns
from indicators.workflow import ReturnState
from partnership.roles import Role

from ..steps import Step

TO_SUBMIT = {ReturnState.NOT_STARTED, ReturnState.DRAFT}


def steps(seat) -> list[Step]:
    officer_themes = seat.access.theme_ids_with({Role.LEAD_INFORMATION_OFFICER})
    approver_themes = seat.access.theme_ids_with({Role.REPORT_COORDINATOR})
    raised = _raised_challenge_steps(seat) if seat.access.can_challenge_data() else []
    if not officer_themes and not approver_themes:
        return raised
    partnership = seat.partnership
    rounds = ReturnRound.objects.for_partnership(partnership).filter(locked_at=None).select_related("period")
    indicators = (
        Indicator.objects.for_partnership(partnership)
        .filter(lead_theme_id__in=officer_themes | approver_themes)
        .select_related("lead_theme")
    )
    result = []
    for round_ in rounds:
        due = due_returns(round_, indicators)
        result += _officer_steps(seat, round_, [d for d in due if d.indicator.lead_theme_id in officer_themes])
        result += _approver_steps(seat, round_, [d for d in due if d.indicator.lead_theme_id in approver_themes])
    if officer_themes:
        result += _challenge_steps(seat, officer_themes)
    return result + raised


def _returns_url(partnership, round_) -> str:
    return reverse("indicators:return_list", args=[partnership.slug]) + f"?round={round_.pk}"


def _by_theme(items):
    themes = {}
    for item in items:
        themes.setdefault(item.indicator.lead_theme, []).append(item)
    return sorted(themes.items(), key=lambda pair: pair[0].position)


def _officer_steps(seat, round_, items) -> list[Step]:
    partnership, period = seat.partnership, round_.period
    result = []
    for item in items:
        if item.state == ReturnState.RETURNED:
            reason = item.ret.return_reason.strip()
            result.append(
                Step(
                    title=f"Revise and resubmit the {item.indicator.code} return for {period}",
                    url=reverse("indicators:return_edit", args=[partnership.slug, item.indicator.pk, item.period.pk]),
                    when=round_.collation_deadline,
                    hint=f"Returned for revision: “{reason}”" if reason else "Returned for revision.",
                    first=True,
                    role=f"Lead Information Officer, {item.indicator.lead_theme.name}",
                )
            )
    for theme, theme_items in _by_theme(i for i in items if i.state in TO_SUBMIT):
        started = sum(1 for i in theme_items if i.state == ReturnState.DRAFT)
        count = len(theme_items)
        hint = f"{count - started} not started, {started} in progress." if started else f"{count} not started."
        result.append(
            Step(
                title=f"Submit {count} {theme.name} return{'s' if count != 1 else ''} for {period}",
                url=_returns_url(partnership, round_),
                when=round_.collation_deadline,
                hint=hint,
                role=f"Lead Information Officer, {theme.name}",
            )
        )
    return result


def _approver_steps(seat, round_, items) -> list[Step]:
    result = []
    for theme, theme_items in _by_theme(i for i in items if i.state == ReturnState.SUBMITTED):
        count = len(theme_items)
        codes = ", ".join(i.indicator.code for i in theme_items[:4]) + ("…" if count > 4 else "")
        result.append(
            Step(
                title=f"Approve or return {count} {theme.name} return{'s' if count != 1 else ''} for {round_.period}",
                url=_returns_url(seat.partnership, round_),
                when=round_.collation_deadline,
                hint=f"Submitted and waiting for you: {codes}.",
                role=f"Report Coordinator, {theme.name}",
            )
        )
    return result


def _challenge_url(partnership, ret) -> str:
    """The return's page, where its challenges are read and answered."""
    return reverse("indicators:return_edit", args=[partnership.slug, ret.indicator_id, ret.period_id]) + "#challenges"


def _challenge_steps(seat, theme_ids) -> list[Step]:
    challenges = (
        DataChallenge.objects.for_partnership(seat.partnership)
        .filter(state=DataChallenge.State.OPEN, indicator_return__indicator__lead_theme_id__in=theme_ids)
        .select_related("indicator_return__indicator__lead_theme", "indicator_return__period")
        .order_by("raised_at")
    )
    result = []
    for challenge in challenges:
        ret = challenge.indicator_return
        url = _challenge_url(seat.partnership, ret)
        question = challenge.question.strip()
        result.append(
            Step(
                title=f"Answer the challenge to the {ret.indicator.code} return for {ret.period}",
                url=url,
                when=timezone.localdate(challenge.raised_at),
                is_deadline=False,
                hint=f"“{question[:160]}{'…' if len(question) > 160 else ''}”",
                role=f"Lead Information Officer, {ret.indicator.lead_theme.name}",
            )
        )
    return result


# A business group member sees an answer for this long after it is given.
ANSWER_SHOWN_DAYS = 14


def _raised_challenge_steps(seat) -> list[Step]:
    """The business group member's own challenges: waiting for an answer, or answered lately."""
    since = seat.today - dt.timedelta(days=ANSWER_SHOWN_DAYS)
    challenges = (
        DataChallenge.objects.for_partnership(seat.partnership)
        .filter(raised_by=seat.membership)
        .filter(Q(state=DataChallenge.State.OPEN) | Q(answered_at__date__gte=since))
        .select_related("indicator_return__indicator", "indicator_return__period")
        .order_by("raised_at")
    )
    result = []
    for challenge in challenges:
        ret = challenge.indicator_return
        url = _challenge_url(seat.partnership, ret)
        is_open = challenge.state == DataChallenge.State.OPEN
        words = challenge.question if is_open else challenge.answer
        result.append(
            Step(
                title=(
                    f"Your challenge to the {ret.indicator.code} return for {ret.period} is waiting for an answer"
                    if is_open
                    else f"Read the answer to your challenge to the {ret.indicator.code} return for {ret.period}"
                ),
                url=url,
                when=timezone.localdate(challenge.raised_at if is_open else challenge.answered_at),
                is_deadline=False,
                hint=f"“{words.strip()[:160]}{'…' if len(words.strip()) > 160 else ''}”",
                status="Waiting for an answer" if is_open else "Answered",
                role="Business group",
            )
        )
    return result
