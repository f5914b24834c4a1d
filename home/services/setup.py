"""An administrator's set-up gaps: themes nobody reports for, indicators without this year's
target, and review meetings outside the quarter's review window (seed 001 §7.4)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from indicators.models import AnnualTarget, Indicator
from indicators.periods import PeriodKind, span_containing
from partnership.models import RoleAssignment, Theme
from partnership.roles import Role
from partnership.years import financial_year_label, financial_year_of
from reporting.holidays import england_and_wales
from reporting.models import ReportingCycle
from reporting.services.collation import cycle_milestones, review_meeting_checks
from reporting.services.cycles import settings_for
from reporting.timetable import milestones

from ..steps import Step

# Beyond this many, the indicators without targets are one task, not one each.
LISTED_ONE_BY_ONE = 5


def steps(seat) -> list[Step]:
    if not seat.access.is_admin:
        return []
    return [*_theme_steps(seat), *_target_steps(seat), *_meeting_steps(seat)]


def _theme_steps(seat) -> list[Step]:
    officers = RoleAssignment.objects.filter(
        theme=OuterRef("pk"), role=Role.LEAD_INFORMATION_OFFICER, membership__is_active=True
    )
    themes = Theme.objects.for_partnership(seat.partnership).filter(~Exists(officers)).select_related("board")
    people = reverse("partnership:member_list", args=[seat.partnership.slug])
    return [
        Step(
            title=f"Give {theme.name} a Lead Information Officer",
            url=people,
            hint="Nobody enters this theme's returns or is reminded of them: open a person and add the role.",
            role="Administrator",
        )
        for theme in themes
    ]


def _target_steps(seat) -> list[Step]:
    year = financial_year_of(seat.today)
    targets = AnnualTarget.objects.filter(
        indicator=OuterRef("pk"), period__start__lte=seat.today, period__end__gte=seat.today
    )
    missing = list(
        Indicator.objects.for_partnership(seat.partnership)
        .filter(~Exists(targets))
        .select_related("partnership")
        .order_by("code")
    )
    label = financial_year_label(year)
    if len(missing) > LISTED_ONE_BY_ONE:
        codes = ", ".join(i.code for i in missing[:8]) + ("…" if len(missing) > 8 else "")
        return [
            Step(
                title=f"Set {label} targets for {len(missing)} indicators",
                url=reverse("indicators:indicator_list", args=[seat.partnership.slug]),
                hint=f"Without a target their status cannot be judged: {codes}.",
                role="Administrator",
            )
        ]
    return [
        Step(
            title=f"Set the {label} target for {indicator.code} {indicator.title}",
            url=reverse("indicators:targets", args=[seat.partnership.slug, indicator.pk]),
            hint="Without a target its status cannot be judged.",
            role="Administrator",
        )
        for indicator in missing
    ]


def _review_dates(seat):
    """The next quarter to be reviewed: the first whose review window has not closed (its cycle's
    dates once opened, else the partnership's timetable for the quarter under way)."""
    cycle = (
        ReportingCycle.objects.for_partnership(seat.partnership)
        .filter(review_to__gte=seat.today)
        .select_related("period")
        .order_by("period__start")
        .first()
    )
    if cycle is not None:
        return cycle_milestones(cycle), str(cycle.period)
    quarter = span_containing(PeriodKind.QUARTER, seat.today)
    dates = milestones(quarter.end, settings_for(seat.partnership).offsets, england_and_wales())
    return dates, quarter.label


def _meeting_steps(seat) -> list[Step]:
    dates, quarter = _review_dates(seat)
    result = []
    for theme, meeting, problem in review_meeting_checks(seat.partnership, dates):
        if problem is None:
            continue
        if meeting is not None:
            url = reverse("partnership:meeting_edit", args=[seat.partnership.slug, meeting.pk])
            title = f"Move the {theme.board.name} meeting that reviews {theme.name} for {quarter}"
        else:
            url = reverse("partnership:meeting_create", args=[seat.partnership.slug, theme.board_id])
            title = f"Schedule the {theme.board.name} meeting that reviews {theme.name} for {quarter}"
        result.append(Step(title=title, url=url, when=dates.review_from, hint=problem, role="Administrator"))
    return result
