"""Demo timetables, meetings and the way the papers climb the boards (seed 001 §5.2-5.3, seed 000).
Halton reviews performance six-monthly (seed 003); the others quarterly.

- Meetings: each board meets on a quarter after its papers, on a day of its own
  (partnership.demo.meetings), for the quarter before last, the latest quarter and the rest of
  the financial year; the timetable page's check (reporting.timetable.meeting_papers_problem)
  finds nothing wrong with them.
- The quarter before last has been through the whole timetable, without its emails: returns
  locked, each theme's snapshot taken and its exception report written and made final by its
  Performance Management Lead, the HSP/PMG report assembled from the final reports; the theme
  boards' decisions against the "decisions required" (some done, some still open, so the next
  packs have matters arising), the business group's recommendations to the executive board with
  its responses, the executive board's assurance statement and its recommendations to the
  partnership board (words: partnership.demo.decisions).
- The latest quarter is part-way through collation (its deadline, set by the indicator demo, is
  still ahead whatever the date): one theme in each partnership has every return approved by its
  Report Coordinator (indicators.demo), so the chain has drafted its exception report; the others
  are collating.
- Notices: what the product told each person about all this (reporting.demo_notices).

Idempotent: rows are found by their natural keys, steps are claimed, and every service refuses to
do twice what it did once. The demo's own meetings follow the timetable on every run."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from indicators.demo.variation import COLLATED_THEMES
from indicators.periods import PeriodKind, latest_ended
from indicators.services.rounds import lock_round
from partnership.demo.decisions import words_for
from partnership.demo.meetings import HOURS, ORDER, meeting_days, meeting_title
from partnership.demo.partnerships import PARTNERSHIPS
from partnership.demo.personas import PERSONAS
from partnership.demo.recommendations import ASSURANCE, RECOMMENDATIONS
from partnership.models import Board, BoardKind, Meeting, Membership, Partnership, Theme
from partnership.roles import Role
from reporting.demo_notices import load_demo_notices
from reporting.holidays import england_and_wales
from reporting.models import (
    AssuranceStatement,
    Cadence,
    Decision,
    ExceptionReport,
    PartnershipReport,
    Recommendation,
    ThemeSnapshot,
)
from reporting.services import decisions
from reporting.services.chain import theme_returns_in
from reporting.services.collation import cycle_milestones
from reporting.services.cycles import open_cycle, settings_for
from reporting.services.exception_reports import ItemText, save_exception_report
from reporting.services.partnership_reports import assemble
from reporting.services.snapshots import draft_theme_report
from reporting.timetable import is_performance_review, milestones

CADENCES = {"halton": Cadence.SIX_MONTHLY}
SPECS = {spec.slug: spec for spec in PARTNERSHIPS}
PERSONA_NAMES = frozenset(persona.username for persona in PERSONAS)
DAY = dt.timedelta(days=1)
DECISIONS_DUE = dt.timedelta(weeks=8)  # a decision is due to be carried out before the next review
OLD_TITLES = r"^Quarter [1-4] performance review$"  # the meetings earlier versions of the demo made


def load_reporting_demo(today: dt.date | None = None):
    today = today or timezone.localdate()
    now = timezone.now()
    latest = latest_ended(PeriodKind.QUARTER, today)
    holidays = england_and_wales()
    for partnership in Partnership.objects.filter(slug__in=list(SPECS)).order_by("slug"):
        settings = settings_for(partnership)
        cadence = CADENCES.get(partnership.slug, Cadence.QUARTERLY)
        if settings.cadence != cadence:
            settings.cadence = cadence
            settings.save()
        previous = open_cycle(partnership, latest.previous())
        current = open_cycle(partnership, latest)
        meetings = schedule_meetings(partnership, [previous, current], settings, holidays)
        complete_past_cycle(previous, now)
        if previous.has_reports:
            with transaction.atomic():  # the chain's tasks run once, after it, and find it done
                finalise_reports(previous, now)
                record_what_the_boards_did(previous, meetings[previous.period.label])
        collate_current(current, today=today, now=now)
        load_demo_notices(previous, today)


# --- meetings --------------------------------------------------------------------------------------


def schedule_meetings(partnership, cycles, settings, holidays) -> dict[str, dict[str, Meeting]]:
    """Each board's meeting on each quarter: the cycles' (at their own milestones, an extended
    deadline included) and the rest of the financial year's (at the partnership's offsets).
    Returns {quarter label: {board key: meeting}}."""
    spec = SPECS[partnership.slug]
    boards = {
        key: Board.objects.get(partnership=partnership, name=name)
        for key, name, _short, kind, _parent, _remit in spec.boards
        if kind in ORDER
    }
    quarters = [(c.period.span, cycle_milestones(c), c.is_performance_review) for c in cycles]
    span = cycles[-1].period.span.next()
    while span.financial_year == cycles[-1].period.span.financial_year:
        dates = milestones(span.end, settings.offsets, holidays)
        quarters.append((span, dates, is_performance_review(span.end, settings.cadence)))
        span = span.next()
    tz = timezone.get_current_timezone()
    made = {}
    for span, dates, reviews in quarters:
        days = meeting_days([(key, board.kind) for key, board in boards.items()], dates, holidays)
        made[span.label] = {}
        for key, day in days.items():
            board = boards[key]
            starts_at = dt.datetime.combine(day, dt.time(HOURS.get(board.kind, 10)), tzinfo=tz)
            made[span.label][key], _ = Meeting.objects.update_or_create(
                board=board,
                title=meeting_title(span.label, reviews),
                defaults={"starts_at": starts_at, "location": spec.venue},
            )
    Meeting.objects.filter(
        board__partnership=partnership,
        title__regex=OLD_TITLES,
        board_packs__isnull=True,
        decisions__isnull=True,
        recommendations__isnull=True,
        responses__isnull=True,
    ).delete()
    return made


# --- the quarter before last ---------------------------------------------------------------------


def complete_past_cycle(cycle, now):
    """Every step of the timetable for a quarter already past, without its emails (idempotent):
    returns locked, every theme's snapshot taken and its report drafted, the reports sent out."""
    with transaction.atomic():
        if cycle.claim("locked_at", now):
            lock_round(cycle.return_round, now)
        cycle.claim("reminders_sent_at", now)
        cycle.claim("chasers_sent_at", now)
    if not cycle.has_reports:
        return
    with transaction.atomic():
        if cycle.claim("snapshot_at", now):
            drafted = ThemeSnapshot.objects.filter(cycle=cycle).values_list("theme_id", flat=True)
            for theme in Theme.objects.for_partnership(cycle.partnership).exclude(pk__in=list(drafted)):
                draft_theme_report(cycle, theme, today=cycle.collation_deadline + DAY, reason="Collation deadline")
        cycle.claim("reports_sent_at", now)


def finalise_reports(cycle, now):
    """Each theme's Performance Management Lead writes the reasons, actions and decisions required
    and makes the report final; then the HSP/PMG report is assembled from the final reports."""
    executive = _executive_name(cycle.partnership)
    drafts = cycle.exception_reports.filter(state=ExceptionReport.State.DRAFT).select_related("theme")
    for report in drafts.prefetch_related("items__indicator"):
        lead = _holder(Role.PERFORMANCE_MANAGEMENT_LEAD, theme=report.theme)
        texts = {}
        for item in report.items.all():
            words = words_for(item.indicator.code if item.indicator_id else "", executive)
            texts[item.pk] = ItemText(
                item.reason or words.reason,
                item.action or words.action,
                item.decisions_required or words.decisions_required,
            )
        save_exception_report(
            report,
            successes=report.successes,
            texts=texts,
            expected_version=report.version,
            user=lead.user if lead else None,
            finalise=True,
            note="ready for the theme board",
        )
    version = assemble(cycle, today=cycle.partnership_report_due, now=now, reason="Every theme's report final")
    if version is not None:  # assembled on its milestone, so the boards' packs find it
        PartnershipReport.objects.filter(pk=version.pk).update(assembled_at=_at(cycle.partnership_report_due, 9))


def record_what_the_boards_did(cycle, meetings: dict[str, Meeting]):
    """At their meetings on the quarter: the theme boards' decisions, the recommendations up the
    layers and the responses to them, and the executive board's assurance statement."""
    partnership = cycle.partnership
    executive = _executive_name(partnership)
    by_board = {meeting.board_id: meeting for meeting in meetings.values()}
    reports = cycle.exception_reports.select_related("theme__board").prefetch_related("items__indicator")
    for report in reports:
        meeting = by_board.get(report.theme.board_id)
        if meeting is None:
            continue
        chair = _holder(Role.BOARD_CHAIR, board=report.theme.board)
        for item in (item for item in report.items.all() if item.indicator_id):
            words = words_for(item.indicator.code, executive)
            if words.decision and item.decisions_required and not item.decisions.exists():
                _decide(meeting, item, words, chair)
    for proposal in RECOMMENDATIONS.get(partnership.slug, []):
        meeting = meetings.get(proposal.board)
        if meeting is not None and not Recommendation.objects.filter(meeting=meeting, text=proposal.text).exists():
            _recommend(cycle, meeting, proposal, by_board)
    _assure(cycle, by_board)


def _decide(meeting, item, words, chair):
    owner = item.indicator.outcome_lead or _holder(Role.OUTCOME_LEAD, theme=item.report.theme)
    made = decisions.record_decision(
        meeting,
        exception_item=item,
        decision=words.decision,
        owner=owner,
        due_date=timezone.localtime(meeting.starts_at).date() + DECISIONS_DUE,
        user=chair.user if chair else None,
    )
    Decision.objects.filter(pk=made.pk).update(recorded_at=meeting.starts_at)
    if words.outcome:
        decisions.close_decision(
            made, status=Decision.Status.DONE, outcome=words.outcome, expected_version=made.version, user=owner.user
        )


def _recommend(cycle, meeting, proposal, by_board):
    chair = _holder(Role.BOARD_CHAIR, board=meeting.board)
    target = decisions.recommendation_target(meeting.board)
    made = decisions.make_recommendation(
        meeting,
        to_board=target,
        area=proposal.area,
        text=proposal.text,
        cycle=cycle,
        user=chair.user if chair else None,
    )
    Recommendation.objects.filter(pk=made.pk).update(recorded_at=meeting.starts_at)
    response_meeting = by_board.get(target.pk)
    if proposal.response == Recommendation.Response.PENDING or response_meeting is None:
        return
    their_chair = _holder(Role.BOARD_CHAIR, board=target)
    decisions.respond(
        made,
        response=proposal.response,
        reason=proposal.reason,
        meeting=response_meeting,
        expected_version=made.version,
        user=their_chair.user if their_chair else None,
    )
    Recommendation.objects.filter(pk=made.pk).update(responded_at=response_meeting.starts_at)


def _assure(cycle, by_board):
    board = Board.objects.for_partnership(cycle.partnership).filter(kind=BoardKind.EXECUTIVE_BOARD).first()
    report = PartnershipReport.objects.filter(cycle=cycle).order_by("-version").first()
    if board is None or report is None or AssuranceStatement.objects.filter(cycle=cycle).exists():
        return
    totals = {}
    for theme in report.data["themes"]:
        for status, count in theme["counts"].items():
            totals[status] = totals.get(status, 0) + count
    reds = [f"{row['code']} {row['title']} ({row['theme']})" for row in report.data["red_items"]]
    statement = ASSURANCE.format(
        executive=board.name,
        quarter=cycle.period.label,
        themes=len(report.data["themes"]),
        total=sum(totals.values()),
        green=totals.get("green", 0),
        amber=totals.get("amber", 0),
        red=totals.get("red", 0),
        critical="; ".join(reds) if reds else "none this quarter",
        partnership_board=board.parent.name if board.parent else "partnership board",
    )
    chair = _holder(Role.BOARD_CHAIR, board=board)
    saved = decisions.save_assurance(
        cycle, statement=statement, expected_version=None, user=chair.user if chair else None
    )
    if board.pk in by_board:
        AssuranceStatement.objects.filter(pk=saved.pk).update(updated_at=by_board[board.pk].starts_at)


# --- the latest quarter --------------------------------------------------------------------------


def collate_current(cycle, *, today, now):
    """The chain drafts the exception report of the theme whose returns the indicator demo had
    approved (called here: the tasks queued when they were approved found no quarter open yet)."""
    theme = Theme.objects.for_partnership(cycle.partnership).filter(slug=COLLATED_THEMES.get(cycle.partnership.slug))
    theme = theme.select_related("partnership").first()
    if theme is not None:
        theme_returns_in(cycle, theme, today=today, now=now)


# --- who ---------------------------------------------------------------------------------------------


def _holder(role, *, theme=None, board=None) -> Membership | None:
    """Who holds a role over a theme or a board: a persona where one does, else the first."""
    scope = {"role_assignments__theme": theme} if theme is not None else {"role_assignments__board": board}
    members = list(
        Membership.objects.filter(is_active=True, role_assignments__role=role, **scope)
        .select_related("user")
        .order_by("pk")
    )
    return next((m for m in members if m.user.username in PERSONA_NAMES), members[0] if members else None)


def _executive_name(partnership) -> str:
    board = Board.objects.for_partnership(partnership).filter(kind=BoardKind.EXECUTIVE_BOARD).first()
    return board.name if board else "executive board"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())
