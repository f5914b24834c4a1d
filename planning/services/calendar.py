"""A partnership's planning calendar: its stages (made from the defaults the first time they are
asked for), the year laid out with where each stage stands, and the reminders the periodic job
sends (reporting.services.cycles.advance calls `send_stage_reminders` for every partnership)."""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.urls import reverse

from partnership.models import Membership, NoticeKind, Theme
from partnership.roles import Role
from partnership.services.notices import tell
from partnership.years import financial_year_label, financial_year_of
from planning.calendar import DEFAULT_STAGES, reminder_due, where
from planning.models import ActionPlan, PlanningReminder, PlanningStage, PlanState

log = logging.getLogger(__name__)


def stages_for(partnership) -> list[PlanningStage]:
    """The partnership's stages in the order of the year, the defaults made if missing."""
    stages = {stage.key: stage for stage in PlanningStage.objects.for_partnership(partnership)}
    for spec in DEFAULT_STAGES:
        if spec.key not in stages:
            stages[spec.key], _ = PlanningStage.objects.get_or_create(
                partnership=partnership,
                key=spec.key,
                defaults={
                    "name": spec.name,
                    "start_month": spec.start[0],
                    "start_day": spec.start[1],
                    "end_month": spec.end[0],
                    "end_day": spec.end[1],
                    "activity": spec.activity,
                    "outputs": spec.outputs,
                },
            )
    # The order of a financial year's April to March (any year will do: 2001/02 has no 29 February).
    return sorted(stages.values(), key=lambda stage: (stage.dates(2001)[0], stage.key))


def year_rows(partnership, financial_year: int, today: dt.date) -> list[dict]:
    rows = []
    for stage in stages_for(partnership):
        first, last = stage.dates(financial_year)
        rows.append({"stage": stage, "first": first, "last": last, "where": where(first, last, today)})
    return rows


def plan_deadlines(partnership, plan_year: int) -> dict[str, dt.date]:
    """When a plan for `plan_year` is due in draft and final (they are written the year before)."""
    stages = {stage.key: stage for stage in stages_for(partnership)}
    return {key: stages[key].dates(plan_year - 1)[1] for key in ("draft_plans", "final_plans") if key in stages}


def send_stage_reminders(partnership, today: dt.date) -> int:
    """In a stage's last days, remind each theme's Performance Management Lead of what the stage
    asks: next year's action plan, while it is not submitted, or the update on this year's plan.
    Each reminder is claimed first (stage, year, member), so it is sent once."""
    year = financial_year_of(today)
    sent = 0
    for stage in stages_for(partnership):
        first, last = stage.dates(year)
        if not reminder_due(last, stage.reminder_days_before, today):
            continue
        for theme, lead in _theme_leads(partnership):
            what = _asked(stage, theme, year)
            if what is None:
                continue
            try:
                with transaction.atomic():
                    PlanningReminder.objects.create(stage=stage, financial_year=year, membership=lead)
            except IntegrityError:
                continue
            subject, body, path = what
            tell(lead, NoticeKind.REMINDER, subject, f"{body} by {last.day} {last:%B %Y}.", path)
            sent += 1
    if sent:
        log.info("Sent %s planning reminders for %s", sent, partnership.slug)
    return sent


def _theme_leads(partnership):
    themes = Theme.objects.for_partnership(partnership).order_by("position", "name")
    leads = (
        Membership.objects.for_partnership(partnership)
        .filter(is_active=True, role_assignments__role=Role.PERFORMANCE_MANAGEMENT_LEAD)
        .values_list("role_assignments__theme_id", "pk")
    )
    by_theme = {}
    for theme_id, membership_id in leads:
        by_theme.setdefault(theme_id, []).append(membership_id)
    members = Membership.objects.in_bulk([pk for pks in by_theme.values() for pk in pks])
    return [(theme, members[pk]) for theme in themes for pk in by_theme.get(theme.pk, [])]


def _asked(stage, theme, year):
    """(subject, body, path) of what the stage asks of the theme now, or None when it is done."""
    slug = theme.partnership.slug
    if stage.spec.asks == "plan":
        plan = ActionPlan.objects.filter(theme=theme, financial_year=year + 1).first()
        if plan is not None and plan.state != PlanState.DRAFT:
            return None
        label = financial_year_label(year + 1)
        path = plan.get_absolute_url() if plan else reverse("planning:plan_create", args=[slug])
        return (
            f"{stage.name}: the {theme} action plan for {label}",
            f"{stage.activity}\n\nSubmit the {theme} action plan for {label} to the executive board",
            path,
        )
    plan = ActionPlan.objects.filter(theme=theme, financial_year=year, state=PlanState.APPROVED).first()
    if plan is None:
        return None
    return (
        f"{stage.name}: {theme}",
        f"{stage.activity}\n\nSend the update on spending and activities against the {plan}",
        plan.get_absolute_url(),
    )
