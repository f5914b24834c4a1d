"""Boards: each board's next meeting and its pack (chairs and members), packs ready to read
(business group members read every board's papers), decisions due, and recommendations to answer
or waiting for an answer."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from partnership.models import Board, Meeting
from partnership.roles import BOARD_ROLES, Role
from reporting.models import BoardPack, Decision, Recommendation
from reporting.permissions import may_respond, seat_roles

from ..steps import Step

# How far ahead a business group member is shown packs to read.
READING_AHEAD = dt.timedelta(weeks=6)


def steps(seat) -> list[Step]:
    board_ids = {g.board_id for g in seat.access.grants if g.board_id is not None and g.role in BOARD_ROLES}
    if not board_ids:
        return []
    boards = {b.pk: b for b in Board.objects.for_partnership(seat.partnership)}
    seats = {pk for pk in board_ids if pk in boards and seat.access.has_board_role(pk, seat_roles(boards[pk]))}
    return [
        *_meeting_steps(seat, boards, board_ids),
        *_decision_steps(seat, seats),
        *_recommendation_steps(seat, seats),
    ]


def _local_day(moment) -> dt.date:
    return timezone.localtime(moment).date()


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _meeting_steps(seat, boards, board_ids) -> list[Step]:
    """Each of the person's boards' next meeting; for a business group member, also every other
    board's meeting soon whose pack is ready."""
    reader = seat.access.can_challenge_data()
    now = timezone.now()
    meetings = Meeting.objects.for_partnership(seat.partnership).filter(starts_at__gte=now).order_by("starts_at")
    if reader:
        meetings = meetings.filter(Q(board_id__in=board_ids) | Q(starts_at__lte=now + READING_AHEAD))
    else:
        meetings = meetings.filter(board_id__in=board_ids)
    meetings = list(meetings.select_related("board"))
    ready = set(
        BoardPack.objects.for_partnership(seat.partnership)
        .filter(meeting__in=meetings, status=BoardPack.Status.DONE)
        .values_list("meeting_id", flat=True)
    )
    result, seen = [], set()
    for meeting in meetings:
        own = meeting.board_id in board_ids
        if own and meeting.board_id in seen:
            continue  # only the next meeting of one's own board
        if not own and meeting.pk not in ready:
            continue
        seen.add(meeting.board_id)
        day = _local_day(meeting.starts_at)
        name = meeting.title or meeting.board.name
        has_pack = meeting.pk in ready
        chair = seat.access.has_board_role(meeting.board_id, {Role.BOARD_CHAIR})
        if has_pack:
            title = f"Read the board pack for {name} on {_long(day)}"
            hint = "The pack is ready to download."
        else:
            title = f"Get the board pack for {name} on {_long(day)}"
            hint = "No pack has been made for it yet: request one when the reports are in."
        if chair:
            hint += " You chair this meeting: its decisions and recommendations are recorded from the pack's page."
        result.append(
            Step(
                title=title,
                url=reverse("reporting:pack_meeting", args=[seat.partnership.slug, meeting.pk]),
                when=day,
                hint=hint,
                role="Chair" if chair else ("Business group" if reader and not own else "Board member"),
            )
        )
    return result


def _decision_steps(seat, seats) -> list[Step]:
    """Open decisions with a due date on the boards where the person has a seat (they may close
    them), and any they own there."""
    if not seats:
        return []
    decisions = (
        Decision.objects.for_partnership(seat.partnership)
        .filter(status=Decision.Status.OPEN, meeting__board_id__in=seats)
        .filter(Q(due_date__isnull=False) | Q(owner=seat.membership))
        .select_related("meeting__board", "owner__user")
        .order_by("due_date", "pk")
    )
    result = []
    for decision in decisions:
        mine = decision.owner_id == seat.membership.pk
        owner = "You own it." if mine else (f"Owner: {decision.owner.user.get_full_name()}." if decision.owner else "")
        result.append(
            Step(
                title=f"Decision due: {decision.subject}",
                url=reverse("reporting:meeting_decisions", args=[seat.partnership.slug, decision.meeting_id])
                + f"#decision-{decision.pk}",
                when=decision.due_date,
                hint=f"{decision.meeting.board.name}, {_long(_local_day(decision.meeting.starts_at))}. {owner}".strip(),
                role="Decision owner" if mine else "Board member",
            )
        )
    return result


def _recommendation_steps(seat, seats) -> list[Step]:
    pending = (
        Recommendation.objects.for_partnership(seat.partnership)
        .filter(response=Recommendation.Response.PENDING)
        .filter(Q(to_board_id__in=seats) | Q(meeting__board_id__in=seats))
        .select_related("meeting__board", "to_board")
        .order_by("recorded_at")
    )
    result = []
    for recommendation in pending:
        made_by, to = recommendation.meeting.board, recommendation.to_board
        since = _local_day(recommendation.meeting.starts_at)
        area = recommendation.get_area_display().lower()
        if recommendation.to_board_id in seats and may_respond(seat.access, to):
            result.append(
                Step(
                    title=f"Respond to the {made_by.name}'s recommendation on {area}",
                    url=reverse(
                        "reporting:recommendation_respond", args=[seat.partnership.slug, to.pk, recommendation.pk]
                    ),
                    when=since,
                    is_deadline=False,
                    hint=_quote(recommendation.text),
                    role=to.name,
                )
            )
        else:
            result.append(
                Step(
                    title=f"Your recommendation to the {to.name} is waiting for a response",
                    url=reverse("reporting:decision_log", args=[seat.partnership.slug, made_by.pk])
                    + f"#recommendation-{recommendation.pk}",
                    when=since,
                    is_deadline=False,
                    hint=_quote(recommendation.text),
                    status="Waiting for a response",
                    role=made_by.name,
                )
            )
    return result


def _quote(text: str, limit: int = 160) -> str:
    text = text.strip()
    return f"“{text[:limit]}{'…' if len(text) > limit else ''}”"
