"""Reminders and chasers to officers with outstanding returns. Each email is claimed by a
Notification row (unique per cycle, person and kind) before it is sent, so nobody gets the same
email twice (at most once, never twice). Every email goes through partnership.services.notices.tell,
which lists it for the person as a notice too; a claim lost sends nothing and lists nothing."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator
from indicators.services.rounds import due_returns
from indicators.workflow import ReturnState
from partnership.models import Membership, NoticeKind
from partnership.roles import Role
from partnership.services.access import access_for
from partnership.services.notices import absolute, tell
from reporting.models import Decision, Notification, ReportingCycle
from reporting.packs.inputs import may_get_board_pack

OUTSTANDING = {ReturnState.NOT_STARTED, ReturnState.DRAFT, ReturnState.RETURNED}


@dataclass(frozen=True)
class Outstanding:
    indicator: Indicator
    state: str

    @property
    def state_label(self):
        return ReturnState(self.state).label.lower()


def outstanding_by_officer(cycle: ReportingCycle) -> dict[Membership, list[Outstanding]]:
    """Each Lead Information Officer's returns not yet submitted, in the themes they report for."""
    partnership = cycle.partnership
    indicators = Indicator.objects.for_partnership(partnership).select_related("lead_theme")
    by_theme = {}
    for item in due_returns(cycle.return_round, indicators):
        state = item.ret.state if item.ret else ReturnState.NOT_STARTED
        if state in OUTSTANDING:
            by_theme.setdefault(item.indicator.lead_theme_id, []).append(Outstanding(item.indicator, state))
    officers = (
        Membership.objects.for_partnership(partnership)
        .filter(
            is_active=True,
            role_assignments__role=Role.LEAD_INFORMATION_OFFICER,
            role_assignments__theme_id__in=by_theme,
        )
        .select_related("user")
        .prefetch_related("role_assignments")
        .distinct()
    )
    result = {}
    for officer in officers:
        themes = {a.theme_id for a in officer.role_assignments.all() if a.role == Role.LEAD_INFORMATION_OFFICER}
        items = [item for theme_id in themes for item in by_theme.get(theme_id, [])]
        if items:
            result[officer] = items
    return result


def performance_leads(partnership, theme_ids) -> list[Membership]:
    return list(
        Membership.objects.for_partnership(partnership)
        .filter(
            is_active=True,
            role_assignments__role=Role.PERFORMANCE_MANAGEMENT_LEAD,
            role_assignments__theme_id__in=theme_ids,
        )
        .select_related("user")
        .distinct()
    )


def notify(cycle, kind, officer, items, copied_to=()) -> bool:
    """Claim, then send. Returns False when this email was already claimed (sent)."""
    try:
        with transaction.atomic():
            note = Notification.objects.create(
                cycle=cycle,
                membership=officer,
                kind=kind,
                subject="",
                copied_to=", ".join(m.user.email for m in copied_to),
            )
    except IntegrityError:
        return False
    subject = send_outstanding_returns(kind=kind, membership=officer, items=items, cycle=cycle, copied_to=copied_to)
    note.subject = subject[:200]
    Notification.objects.filter(pk=note.pk).update(subject=note.subject)
    return True


def outstanding_text(kind: str, membership, items, cycle) -> tuple[str, str, str]:
    """The reminder's or chaser's subject, text and page (the returns), as emailed and noticed."""
    path = reverse("indicators:return_list", kwargs={"partnership_slug": cycle.partnership.slug})
    context = {
        "person": membership,
        "items": items,
        "cycle": cycle,
        "partnership": cycle.partnership,
        "returns_url": absolute(path),
        "kind": kind,
    }
    subject = render_to_string(f"reporting/emails/{kind}_subject.txt", context).strip()
    return subject, render_to_string(f"reporting/emails/{kind}.txt", context), path


def send_outstanding_returns(*, kind: str, membership, items, cycle, copied_to=()) -> str:
    subject, body, path = outstanding_text(kind, membership, items, cycle)
    return tell(membership, kind, subject, body, path, cc=[m.user.email for m in copied_to]).subject


# --- the theme's exception report ----------------------------------------------------------------


def claim(cycle, kind, membership, theme) -> Notification | None:
    """The row that says this email is sent; None when it already was."""
    try:
        with transaction.atomic():
            return Notification.objects.create(cycle=cycle, membership=membership, kind=kind, theme=theme, subject="")
    except IntegrityError:
        return None


def report_path(report) -> str:
    return reverse(
        "reporting:exception_detail",
        kwargs={"partnership_slug": report.cycle.partnership.slug, "report_id": report.pk},
    )


def report_url(report) -> str:
    return absolute(report_path(report))


def report_text(kind, report, membership) -> tuple[str, str, str]:
    """The subject, text and page (the report) of an email about a theme's exception report."""
    context = {
        "person": membership,
        "report": report,
        "cycle": report.cycle,
        "theme": report.theme,
        "partnership": report.cycle.partnership,
        "report_url": report_url(report),
        "items": list(report.items.all()),
    }
    subject = render_to_string(f"reporting/emails/{kind}_subject.txt", context).strip()
    return subject, render_to_string(f"reporting/emails/{kind}.txt", context), report_path(report)


def send_about_report(kind, report, membership, attachment: tuple | None = None) -> bool:
    """Claim, then send one email about a theme's exception report."""
    note = claim(report.cycle, kind, membership, report.theme)
    if note is None:
        return False
    subject, body, path = report_text(kind, report, membership)
    notice = tell(membership, kind, subject, body, path, attachment=attachment)
    Notification.objects.filter(pk=note.pk).update(subject=notice.subject[:200])
    return True


def notify_draft_ready(report) -> int:
    """Tell the theme's Performance Management Leads that its draft exception report is ready."""
    leads = performance_leads(report.cycle.partnership, [report.theme_id])
    return sum(send_about_report(Notification.Kind.DRAFT_READY, report, lead) for lead in leads)


def theme_board_members(report) -> list[Membership]:
    """Everyone with a seat on the board that manages the theme."""
    return list(
        Membership.objects.for_partnership(report.cycle.partnership)
        .filter(is_active=True, role_assignments__board_id=report.theme.board_id)
        .exclude(user__email="")
        .select_related("user")
        .distinct()
    )


def send_out_report(report, pdf: bytes, filename: str) -> int:
    """Seed 001 §5.2: the exception report goes to the theme board's members, with its PDF."""
    attachment = (filename, pdf, "application/pdf")
    return sum(
        send_about_report(Notification.Kind.REPORT_SENT, report, member, attachment)
        for member in theme_board_members(report)
    )


# --- a board's decision ---------------------------------------------------------------------------


def decision_path(decision, owner) -> str:
    """Where the owner sees the decision: the meeting's decisions page if they get the board's
    papers, else the exception report or escalation it is about (open to every member)."""
    meeting = decision.meeting
    slug = meeting.board.partnership.slug
    if may_get_board_pack(access_for(owner), meeting.board):
        path = reverse("reporting:meeting_decisions", kwargs={"partnership_slug": slug, "meeting_id": meeting.pk})
        return f"{path}#decision-{decision.pk}"
    if decision.exception_item_id:
        return report_path(decision.exception_item.report)
    return decision.escalation.get_absolute_url()


def notify_decision_owner(decision) -> bool:
    """Tell a decision's owner it is theirs, once the recording is committed (the caller's
    transaction, if any, may still roll back). Call it when a decision is recorded with an owner,
    or its owner changes. Returns False when there is nobody to tell."""
    if decision.owner_id is None:
        return False
    transaction.on_commit(lambda: _tell_decision_owner(decision.pk, decision.owner_id))
    return True


def _tell_decision_owner(decision_id, owner_id):
    decision = (
        Decision.objects.select_related("meeting__board__partnership", "owner__user", "exception_item__report__cycle")
        .filter(pk=decision_id, owner_id=owner_id)
        .first()
    )
    if decision is None or not decision.owner.is_active:  # gone, or given to someone else since
        return
    meeting, owner = decision.meeting, decision.owner
    context = {
        "person": owner,
        "decision": decision,
        "meeting": meeting,
        "meeting_day": timezone.localtime(meeting.starts_at).date(),
        "board": meeting.board,
        "partnership": meeting.board.partnership,
    }
    path = decision_path(decision, owner)
    context["url"] = absolute(path)
    subject = render_to_string("reporting/emails/decision_assigned_subject.txt", context).strip()
    body = render_to_string("reporting/emails/decision_assigned.txt", context)
    tell(owner, NoticeKind.DECISION_ASSIGNED, subject, body, path)
