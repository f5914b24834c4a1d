"""Reminders and chasers to officers with outstanding returns. Each email is claimed by a
Notification row (unique per cycle, person and kind) before it is sent, so nobody gets the same
email twice (at most once, never twice)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from indicators.models import Indicator
from indicators.services.rounds import due_returns
from indicators.workflow import ReturnState
from partnership.models import Membership
from partnership.roles import Role
from reporting.models import Notification, ReportingCycle

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
    note.subject = send_outstanding_returns(
        kind=kind, membership=officer, items=items, cycle=cycle, copied_to=copied_to
    )
    Notification.objects.filter(pk=note.pk).update(subject=note.subject)
    return True


def send_outstanding_returns(*, kind: str, membership, items, cycle, copied_to=()) -> str:
    context = {
        "person": membership,
        "items": items,
        "cycle": cycle,
        "partnership": cycle.partnership,
        "returns_url": f"{settings.SITE_URL}/p/{cycle.partnership.slug}/returns/",
        "kind": kind,
    }
    subject = render_to_string(f"reporting/emails/{kind}_subject.txt", context).strip()
    body = render_to_string(f"reporting/emails/{kind}.txt", context)
    EmailMessage(subject, body, to=[membership.user.email], cc=[m.user.email for m in copied_to if m.user.email]).send()
    return subject


# --- the theme's exception report ----------------------------------------------------------------


def claim(cycle, kind, membership, theme) -> Notification | None:
    """The row that says this email is sent; None when it already was."""
    try:
        with transaction.atomic():
            return Notification.objects.create(cycle=cycle, membership=membership, kind=kind, theme=theme, subject="")
    except IntegrityError:
        return None


def report_url(report) -> str:
    path = reverse(
        "reporting:exception_detail",
        kwargs={"partnership_slug": report.cycle.partnership.slug, "report_id": report.pk},
    )
    return f"{settings.SITE_URL}{path}"


def send_about_report(kind, report, membership, attachment: tuple | None = None) -> bool:
    """Claim, then send one email about a theme's exception report."""
    note = claim(report.cycle, kind, membership, report.theme)
    if note is None:
        return False
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
    body = render_to_string(f"reporting/emails/{kind}.txt", context)
    email = EmailMessage(subject, body, to=[membership.user.email])
    if attachment:
        email.attach(*attachment)
    email.send()
    Notification.objects.filter(pk=note.pk).update(subject=subject[:200])
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
