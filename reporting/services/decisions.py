"""What boards decide and recommend at meetings, and the executive board's assurance (models: reporting.models.
decisions; docs/governance.md, "Decisions, recommendations and matters arising"). Changes check their rules and raise
DecisionError (refused in this state) or DecisionInvalid (field: message), or StaleEdit when begun from an older
version; every save keeps its history (who, why). Who may do what is the views' question. Reads return plain JSON-ready
data, so a board pack stores exactly what the HTML page and its PDF show."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from escalation.models import Action, Escalation, EscalationStatus
from escalation.services.escalations import executive_board
from escalation.smart import smart_problems
from partnership.concurrency import StaleEdit
from partnership.models import BoardKind, Theme
from reporting.clock import clock
from reporting.models import AssuranceStatement, Decision, ExceptionReport, Recommendation
from reporting.packs.inputs import DETAIL_KINDS, own_themes
from reporting.services.exception_reports import item_name, item_views
from reporting.services.notifications import notify_decision_owner

HISTORY_REASON_LENGTH = 100  # simple-history's history_change_reason column
WHOLE_PARTNERSHIP_KINDS = frozenset({BoardKind.BUSINESS_GROUP, BoardKind.EXECUTIVE_BOARD, BoardKind.PARTNERSHIP_BOARD})
CLOSED = (Decision.Status.DONE, Decision.Status.DROPPED)
RESPONSES = (Recommendation.Response.ACCEPTED, Recommendation.Response.REJECTED)


class DecisionError(ValueError):
    """A change the rules do not allow; the message says why, in words for the person."""


class DecisionInvalid(DecisionError):
    """What was typed breaks a rule: {field: message}, shown beside each field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def _record(obj, user, reason: str):
    obj._history_user = user
    obj._change_reason = reason[:HISTORY_REASON_LENGTH]
    obj.save()


def _problems(**messages):
    """Raise DecisionInvalid with the messages that are not None, if any."""
    problems = {field: message for field, message in messages.items() if message}
    if problems:
        raise DecisionInvalid(problems)


def _missing(text, message):  # the message when nothing was typed
    return None if (text or "").strip() else message


def _is_member(membership, partnership_id) -> bool:
    return membership is not None and membership.partnership_id == partnership_id and membership.is_active


def _day(value) -> str:
    return date_format(value, "j M Y") if value else ""


def board_theme_ids(board) -> set[int] | None:
    """The themes whose exception items a board decides on (None: every theme, WHOLE_PARTNERSHIP_KINDS)."""
    if board.kind in WHOLE_PARTNERSHIP_KINDS:
        return None
    themes = list(Theme.objects.for_partnership(board.partnership_id).select_related("board"))
    if board.kind in DETAIL_KINDS:
        return {theme.pk for theme in own_themes(board, themes)}
    return {theme.pk for theme in themes if theme.board_id == board.pk}


def recommendation_target(board):
    """The board a board's recommendations go to: the business group's go to the executive board,
    every other board's to the board it reports to (None: it reports to nobody)."""
    parent = board.parent
    if board.kind == BoardKind.BUSINESS_GROUP and getattr(parent, "kind", None) != BoardKind.EXECUTIVE_BOARD:
        return executive_board(board.partnership)
    return parent


def subject_for(*, exception_item=None, escalation=None) -> str:
    if exception_item is not None:
        return f"{item_name(exception_item)}: decisions required"[:300]
    return f"Escalation of {escalation.indicator.code} (stage {escalation.stage})"


def open_escalation_for(decision: Decision) -> Escalation | None:
    """The open escalation a decision could become an action on: its own, or its item's indicator's."""
    if decision.escalation_id:
        return decision.escalation if decision.escalation.is_open else None
    item = decision.exception_item
    return Escalation.objects.filter(indicator_id=item.indicator_id, status="open").first() if item else None


# --- decisions -------------------------------------------------------------------------------------


def record_decision(meeting, *, exception_item=None, escalation=None, decision, owner, due_date, user) -> Decision:
    """Record what a board decided at a meeting about an exception item's "decisions required" or about an escalation,
    and tell its owner (email and notice, once the recording is committed: reporting.services.notifications)."""
    board, item = meeting.board, exception_item
    if (item is None) == (escalation is None):
        raise DecisionError("Choose one exception item or one escalation for the decision to be about.")
    theme_ids = board_theme_ids(board) if item else None
    if (item or escalation).get_partnership().pk != board.partnership_id:
        raise DecisionError("Choose an exception item or an escalation of this partnership.")
    if theme_ids is not None and item.report.theme_id not in theme_ids:
        raise DecisionError(f"The {board.name} decides on its own themes' exception items, not {item.report.theme}'s.")
    if escalation is not None and not escalation.is_open:
        raise DecisionError(f"The escalation of {escalation.indicator.code} is closed.")
    day = timezone.localtime(meeting.starts_at).date()
    owner_problem = "Choose who owns the decision." if owner is None else "Choose an active member of this partnership."
    due_problem = f"The due date must be on or after the meeting, {_day(day)}." if due_date and due_date < day else None
    _problems(
        decision=_missing(decision, "Enter the decision the board made."),
        owner=None if _is_member(owner, board.partnership_id) else owner_problem,
        due_date="Enter the date the decision is due, for example 31/3/2027." if due_date is None else due_problem,
    )
    subject = subject_for(exception_item=item, escalation=escalation)
    made = Decision(meeting=meeting, exception_item=item, escalation=escalation, subject=subject, recorded_by=user)
    made.decision, made.owner, made.due_date = decision.strip(), owner, due_date
    _record(made, user, "Recorded")
    notify_decision_owner(made)
    return made


def _locked_decision(decision: Decision, expected_version) -> Decision:
    current = Decision.objects.select_for_update().select_related("meeting__board").get(pk=decision.pk)
    if current.version != expected_version:
        raise StaleEdit(current)
    return current


def close_decision(decision: Decision, *, status: str, outcome: str, expected_version, user) -> Decision:
    """Close a decision as done, or as no longer needed, saying what happened."""
    with transaction.atomic():
        current = _locked_decision(decision, expected_version)
        if not current.is_open:
            raise DecisionError(f"This decision is already closed ({current.get_status_display().lower()}).")
        dropped = status == Decision.Status.DROPPED
        _problems(
            status=None if status in CLOSED else "Choose whether it was done or is no longer needed.",
            outcome=_missing(outcome, "Say why it is no longer needed." if dropped else "Say what was done."),
        )
        current.status, current.outcome = status, outcome.strip()
        current.version += 1
        _record(current, user, f"Closed: {current.get_status_display().lower()}")
        return current


def reopen_decision(decision: Decision, *, expected_version, user) -> Decision:
    with transaction.atomic():
        current = _locked_decision(decision, expected_version)
        if current.is_open:
            raise DecisionError("This decision is already open.")
        current.status, current.outcome = Decision.Status.OPEN, ""
        current.version += 1
        _record(current, user, "Reopened")
        return current


def make_action(
    decision: Decision, *, description, measure, resources, lead, due_date, expected_version, user, today=None
) -> Action:
    """Turn a decision about an escalation (or about an exception item whose indicator has an open
    escalation) into a SMART action in that escalation's plan (rules: escalation.smart)."""
    today = today or clock.today()
    with transaction.atomic():
        current = _locked_decision(decision, expected_version)
        if not current.is_open:
            raise DecisionError("This decision is closed: reopen it before making it an action.")
        if current.action_id:
            raise DecisionError("This decision is already an action in the escalation's plan.")
        escalation = open_escalation_for(current)
        if escalation is None:
            raise DecisionError(
                "There is no open escalation for this decision's indicator, so it cannot become an action in a plan."
            )
        texts = {"description": description or "", "measure": measure or "", "resources": resources or ""}
        texts = {name: text.strip() for name, text in texts.items()}
        lead_named = _is_member(lead, current.meeting.board.partnership_id)
        problems = smart_problems(**texts, lead_named=lead_named, due_date=due_date, today=today)
        if problems:
            raise DecisionInvalid(problems)
        action = Action(escalation=escalation, stage=escalation.stage, lead=lead, due_date=due_date, **texts)
        _record(action, user, f"From the decision of {current.meeting.board.name}")
        current.action = action
        current.version += 1
        _record(current, user, "Made a SMART action")
        return action


# --- recommendations and the assurance statement -----------------------------------------------------


def make_recommendation(meeting, *, to_board, area, text, cycle, user) -> Recommendation:
    """A board's recommendation to the board above it (areas of risk, resources, ways of working)."""
    board = meeting.board
    target = recommendation_target(board)
    if target is None:
        raise DecisionError(f"The {board.name} reports to no board, so it has no one to make recommendations to.")
    if to_board is None or to_board.pk != target.pk:
        raise DecisionError(f"The {board.name} makes its recommendations to the {target.name}.")
    _problems(
        area=None if area in Recommendation.Area.values else "Choose what the recommendation is about.",
        text=_missing(text, "Enter the recommendation."),
        cycle="Choose a quarter of this partnership."
        if cycle and cycle.partnership_id != board.partnership_id
        else None,
    )
    made = Recommendation(meeting=meeting, to_board=target, cycle=cycle, area=area, text=text.strip(), recorded_by=user)
    _record(made, user, f"Recommended to {target.name}")
    return made


def respond(recommendation: Recommendation, *, response, reason, meeting=None, expected_version, user):
    """The receiving board accepts or rejects a recommendation, with its reason (a response may be
    changed later: the history keeps every one)."""
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().select_related("to_board").get(pk=recommendation.pk)
        if current.version != expected_version:
            raise StaleEdit(current)
        word = "rejected" if response == Recommendation.Response.REJECTED else "accepted"
        _problems(
            response=None if response in RESPONSES else "Choose whether the recommendation is accepted or rejected.",
            reason=_missing(reason, f"Give the reason it is {word}."),
            meeting=f"Choose a meeting of the {current.to_board.name}, or none."
            if meeting is not None and meeting.board_id != current.to_board_id
            else None,
        )
        current.response, current.response_reason = response, reason.strip()
        current.response_meeting, current.responded_by, current.responded_at = meeting, user, timezone.now()
        current.version += 1
        _record(current, user, current.get_response_display())
        return current


def save_assurance(cycle, *, statement, expected_version, user) -> AssuranceStatement:
    """Write or change the executive board's assurance statement on a quarter. `expected_version`
    is None when the form was opened with no statement yet."""
    _problems(statement=_missing(statement, "Enter the assurance statement."))
    with transaction.atomic():
        current = AssuranceStatement.objects.select_for_update().filter(cycle=cycle).first()
        if (current.version if current else None) != expected_version:
            raise StaleEdit(current)
        if current is None:
            try:
                with transaction.atomic():
                    current = AssuranceStatement(cycle=cycle, statement=statement.strip(), updated_by=user)
                    _record(current, user, "Written")
            except IntegrityError:  # someone else wrote the first one a moment ago
                raise StaleEdit(AssuranceStatement.objects.filter(cycle=cycle).first()) from None
            return current
        current.statement, current.updated_by = statement.strip(), user
        current.version += 1
        _record(current, user, "Changed")
        return current


# --- what is shown: plain data ---------------------------------------------------------------------


def meeting_data(meeting) -> dict:
    return {
        "id": meeting.pk,
        "title": meeting.title or meeting.board.name,
        "date": _day(timezone.localtime(meeting.starts_at).date()),
    }


def decision_row(decision: Decision, today) -> dict:
    """Select meeting__board, owner__user and action."""
    return {
        "id": decision.pk,
        "version": decision.version,
        "subject": decision.subject,
        "decision": decision.decision,
        "owner": decision.owner.display_name if decision.owner else "",
        "due": _day(decision.due_date),
        "overdue": bool(decision.is_open and decision.due_date and decision.due_date < today),
        "status": decision.status,
        "status_label": decision.get_status_display(),
        "is_open": decision.is_open,
        "outcome": decision.outcome,
        "meeting": meeting_data(decision.meeting),
        "escalation_id": decision.escalation_id or (decision.action.escalation_id if decision.action else None),
        "action_id": decision.action_id,
    }


def recommendation_row(recommendation: Recommendation) -> dict:
    """Select meeting__board, to_board, cycle__period and response_meeting__board."""
    return {
        "id": recommendation.pk,
        "version": recommendation.version,
        "area": recommendation.area,
        "area_label": recommendation.get_area_display(),
        "text": recommendation.text,
        "from_board": str(recommendation.meeting.board),
        "to_board": str(recommendation.to_board),
        "to_board_id": recommendation.to_board_id,
        "meeting": meeting_data(recommendation.meeting),
        "quarter": recommendation.cycle.period.label if recommendation.cycle else "",
        "response": recommendation.response,
        "response_label": recommendation.get_response_display(),
        "pending": recommendation.is_pending,
        "reason": recommendation.response_reason,
        "responded": _day(recommendation.responded_at and timezone.localtime(recommendation.responded_at).date()),
        "response_meeting": recommendation.response_meeting and meeting_data(recommendation.response_meeting),
    }


def decision_rows(decisions) -> list[dict]:
    today = clock.today()
    return [decision_row(d, today) for d in decisions.select_related("meeting__board", "owner__user", "action")]


def recommendation_rows(recommendations) -> list[dict]:
    related = ("meeting__board", "to_board", "cycle__period", "response_meeting__board")
    return [recommendation_row(r) for r in recommendations.select_related(*related)]


def matters_arising(board, before) -> dict:
    """What a board's next meeting (starting at `before`) picks up: the decisions recorded at its
    earlier meetings that are still open, and the recommendations it made, and those made to it,
    still awaiting a response."""
    decisions = Decision.objects.filter(meeting__board=board, meeting__starts_at__lt=before, status="open")
    pending = Recommendation.objects.filter(response="pending", meeting__starts_at__lt=before)
    pending = pending.order_by("meeting__starts_at", "pk")
    return {
        "decisions": decision_rows(decisions.order_by("meeting__starts_at", "due_date", "pk")),
        "made": recommendation_rows(pending.filter(meeting__board=board)),
        "received": recommendation_rows(pending.filter(to_board=board)),
    }


def decision_log(board) -> dict:
    """The board's decision log: every decision recorded at its meetings, open and closed, and every
    recommendation it made and received, newest meeting first. Three queries, however long."""
    rows = decision_rows(Decision.objects.filter(meeting__board=board).order_by("-meeting__starts_at", "pk"))
    recommendations = Recommendation.objects.order_by("-meeting__starts_at", "pk")
    return {
        "board": {"id": board.pk, "name": str(board), "kind_label": board.get_kind_display()},
        "decisions": rows,
        "open_count": sum(row["is_open"] for row in rows),
        "made": recommendation_rows(recommendations.filter(meeting__board=board)),
        "received": recommendation_rows(recommendations.filter(to_board=board)),
    }


def meeting_agenda(meeting, cycle) -> dict:
    """The "Decisions and recommendations" page of a meeting: the exception items of the quarter it
    reviews (for the themes the board decides on) with any open escalation of their indicator, the
    open escalations, what was decided and recommended at this meeting, and the matters arising."""
    board = meeting.board
    theme_ids = board_theme_ids(board)
    items = []
    if cycle is not None:
        reports = ExceptionReport.objects.filter(cycle=cycle).select_related("theme", "snapshot")
        if theme_ids is not None:
            reports = reports.filter(theme_id__in=theme_ids)
        reports = reports.prefetch_related("items__indicator").order_by("theme__position", "theme__name")
        items = [view for report in reports for view in item_views(report)]
    escalations = Escalation.objects.filter(partnership_id=board.partnership_id, status=EscalationStatus.OPEN)
    if theme_ids is not None:
        escalations = escalations.filter(indicator__lead_theme_id__in=theme_ids)
    escalations = list(escalations.select_related("indicator"))
    return {
        "items": items,
        "escalations": escalations,
        "escalation_by_indicator": {e.indicator_id: e for e in escalations},
        "decisions": decision_rows(meeting.decisions.order_by("pk")),
        "recommendations": recommendation_rows(meeting.recommendations.order_by("pk")),
        "arising": matters_arising(board, meeting.starts_at),
    }


def assurance_data(cycle) -> dict | None:
    statement = AssuranceStatement.objects.filter(cycle=cycle).select_related("updated_by").first()
    if statement is None:
        return None
    by = statement.updated_by
    return {
        "statement": statement.statement,
        "version": statement.version,
        "updated": _day(timezone.localtime(statement.updated_at).date()),
        "by": (by.get_full_name() or by.username) if by else "",
    }


def executive_recommendations(cycle) -> list[dict]:
    """The executive board's recommendations to the partnership board on a quarter."""
    recommendations = Recommendation.objects.filter(
        cycle=cycle, meeting__board__kind=BoardKind.EXECUTIVE_BOARD, to_board__kind=BoardKind.PARTNERSHIP_BOARD
    )
    return recommendation_rows(recommendations.order_by("meeting__starts_at", "pk"))
