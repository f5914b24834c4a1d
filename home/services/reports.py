"""Exception reports: a Performance Management Lead's reports to write and finalise by their
milestone; an Outcome Lead's amber and red indicators still needing a reason and an action; the
executive board's assurance statement on the HSP/PMG report."""

from django.db.models import Prefetch
from django.urls import reverse

from escalation.services.escalations import executive_board_ids
from indicators.models import Indicator
from indicators.services.rounds import due_returns
from indicators.workflow import ReturnState
from partnership.roles import Role
from reporting.models import (
    AssuranceStatement,
    ExceptionItem,
    ExceptionReport,
    PartnershipReport,
    ReportingCycle,
    ThemeSnapshot,
)
from reporting.permissions import may_write_assurance
from reporting.timetable import REPORTING_KINDS

from ..steps import Step


def steps(seat) -> list[Step]:
    return [*_report_steps(seat), *_waiting_steps(seat), *_assurance_steps(seat)]


def _draft_reports(seat, theme_ids=None):
    reports = ExceptionReport.objects.for_partnership(seat.partnership).filter(state=ExceptionReport.State.DRAFT)
    if theme_ids is not None:
        reports = reports.filter(theme_id__in=theme_ids)
    items = ExceptionItem.objects.select_related("indicator").order_by("position")
    return reports.select_related("theme", "cycle__period").prefetch_related(Prefetch("items", queryset=items))


def _unexplained(items):
    return [item for item in items if not item.reason.strip() or not item.action.strip()]


def _report_steps(seat) -> list[Step]:
    lead_themes = seat.access.theme_ids_with({Role.PERFORMANCE_MANAGEMENT_LEAD})
    membership_id = seat.membership.pk
    result = []
    for report in _draft_reports(seat):
        items = list(report.items.all())
        cycle, theme = report.cycle, report.theme
        if report.theme_id in lead_themes:
            missing = _unexplained(items)
            title = "Write and finalise" if missing else "Check and finalise"
            hint = (
                f"{len(missing)} of {len(items)} items still need a reason or an action."
                if missing
                else "Every item has its reason and action: mark the report final."
            )
            result.append(
                Step(
                    title=f"{title} the {theme.name} exception report for {cycle.period}",
                    url=reverse("reporting:exception_edit", args=[seat.partnership.slug, report.pk]),
                    when=cycle.exception_reports_due,
                    hint=hint,
                    role=f"Performance Management Lead, {theme.name}",
                )
            )
        own = [item for item in items if item.indicator_id and item.indicator.outcome_lead_id == membership_id]
        missing = _unexplained(own)
        if missing:
            codes = ", ".join(item.indicator.code for item in missing)
            count = len(missing)
            result.append(
                Step(
                    title=f"Give the reasons and actions for {count} of your indicator{'s' if count != 1 else ''} "
                    f"in the {theme.name} exception report for {cycle.period}",
                    url=reverse("reporting:exception_contribute", args=[seat.partnership.slug, report.pk]),
                    when=cycle.exception_reports_due,
                    hint=f"Amber or red and not yet explained: {codes}.",
                    role="Outcome Lead",
                )
            )
    return result


def _waiting_steps(seat) -> list[Step]:
    """A Performance Management Lead's theme whose report the chain has not drafted yet, because
    its returns are not all approved: how many are missing, so they can chase or enter them."""
    lead_themes = seat.access.theme_ids_with({Role.PERFORMANCE_MANAGEMENT_LEAD})
    if not lead_themes:
        return []
    cycles = (
        ReportingCycle.objects.for_partnership(seat.partnership)
        .filter(kind__in=REPORTING_KINDS, snapshot_at=None, exception_reports_due__gte=seat.today)
        .select_related("period", "return_round")
    )
    result = []
    for cycle in cycles:
        drafted = set(ThemeSnapshot.objects.filter(cycle=cycle).values_list("theme_id", flat=True))
        indicators = (
            Indicator.objects.for_partnership(seat.partnership)
            .filter(lead_theme_id__in=lead_themes - drafted)
            .select_related("lead_theme")
        )
        waiting = {}
        for item in due_returns(cycle.return_round, indicators):
            waiting.setdefault(item.indicator.lead_theme, []).append(item.state == ReturnState.APPROVED)
        for theme, approved in sorted(waiting.items(), key=lambda pair: pair[0].position):
            missing = approved.count(False)
            result.append(
                Step(
                    title=f"The {theme.name} exception report for {cycle.period} is waiting for its returns",
                    url=reverse("indicators:return_list", args=[seat.partnership.slug])
                    + f"?round={cycle.return_round_id}",
                    when=cycle.exception_reports_due,
                    hint=f"{missing} of {len(approved)} returns not yet approved (collation deadline "
                    f"{cycle.collation_deadline.day} {cycle.collation_deadline:%B %Y}); the draft is made "
                    "the moment the last is approved.",
                    status="Waiting for returns",
                    role=f"Performance Management Lead, {theme.name}",
                )
            )
    return result


def _assurance_steps(seat) -> list[Step]:
    if not may_write_assurance(seat.access, executive_board_ids(seat.partnership)):
        return []
    reported = PartnershipReport.objects.for_partnership(seat.partnership).values("cycle_id")
    assured = AssuranceStatement.objects.for_partnership(seat.partnership).values("cycle_id")
    cycles = (
        ReportingCycle.objects.for_partnership(seat.partnership)
        .filter(pk__in=reported, review_to__gte=seat.today)
        .exclude(pk__in=assured)
        .select_related("period")
    )
    return [
        Step(
            title=f"Write the assurance statement on the HSP/PMG report for {cycle.period}",
            url=reverse("reporting:assurance_edit", args=[seat.partnership.slug, cycle.pk]),
            when=cycle.review_to,
            hint="The executive board's statement on the partnership's performance, printed with the report.",
            role="Executive board",
        )
        for cycle in cycles
    ]
