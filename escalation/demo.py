"""Demo escalations and risks for the four demo partnerships. Idempotent, like the other demo
loaders: settings and routes are set to known values, review points are evaluated by the ladder
(itself idempotent), and risks, plans, actions and the manual escalation are created only when
missing. Run after partnership.demo and indicators.demo (reporting's `load_demo` calls it)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from escalation.ladder import REVIEW_KIND, ReviewPoint
from escalation.models import Action, ActionStatus, Escalation, EscalationStatus, Origin, Risk
from escalation.services import decisions
from escalation.services.escalations import settings_for
from escalation.services.ladder import evaluate
from indicators.models import Indicator
from indicators.periods import latest_ended
from partnership.models import BoardKind, Membership, Partnership, Theme
from partnership.roles import Role

REVIEW_POINTS = {"halton": ReviewPoint.SIX_MONTHLY}  # seed 003: targets reviewed twice a year

ROUTES = {
    # Seed 004, Sefton's escalation route.
    "sefton": [
        "Performance & Intelligence Group",
        "Sefton MBC Performance Board",
        "Cabinet Member & Service Director",
        "Cabinet Member for Performance & Governance",
        "Overview & Scrutiny Committee",
    ],
    "halton": [
        "Specialist Strategic Partnership",
        "Performance and Standards Group",
        "Halton Strategic Partnership Board",
        "Corporate Services Policy and Performance Board",
    ],
    "haringey": [
        "Business Group",
        "Performance Management Group",
        "Haringey Strategic Partnership Board",
        "Overview and Scrutiny Committee",
    ],
    "harrow": ["HSP Executive", "Harrow Strategic Partnership Board"],
}

# (title, likelihood, impact, mitigation, indicator codes, theme slugs, days to review)
RISKS = {
    "haringey": [
        (
            "Teenage pregnancy stretch target missed and reward grant lost",
            4,
            5,
            "Extra sexual health outreach in the three wards with the highest "
            "rates; monthly review at the Well-Being Chair's Executive.",
            ["NI 112"],
            ["well-being"],
            20,
        ),
        (
            "Recycling contract renegotiation delays new collections",
            3,
            3,
            "Interim food-waste collection in estates; contract milestones reported to Better Places quarterly.",
            ["NI 192"],
            ["better-places"],
            60,
        ),
        (
            "Data for housing completions arrives late from building control",
            2,
            2,
            "Data-sharing agreement with named officers; estimates flagged as such in returns.",
            ["NI 154"],
            ["integrated-housing"],
            -5,
        ),
    ],
    "harrow": [
        (
            "Area Based Grant reduced mid-year",
            3,
            4,
            "Spend profiles reviewed monthly; uncommitted budgets held back.",
            [],
            [],
            45,
        ),
        (
            "Volunteer capacity in the HSP falls",
            2,
            3,
            "Recruitment through HAVS; induction for new members.",
            ["HSP P5"],
            ["community-cohesion"],
            90,
        ),
    ],
    "halton": [
        (
            "Violent crime reduction plan not resourced by all partners",
            4,
            4,
            "PSG to agree partner contributions; Safer Halton SSP to report in three months.",
            ["L SH1"],
            ["safer-halton"],
            30,
        ),
        (
            "NEET cohort grows as the labour market weakens",
            3,
            4,
            "Targeted Connexions caseload; employer pledges.",
            ["NI 117"],
            ["children-young-people"],
            60,
        ),
    ],
    "sefton": [
        (
            "Performance and risk not embedded at all levels",
            3,
            3,
            "Performance-risk culture training for lead officers; Performance Board reviews monthly.",
            [],
            [],
            30,
        ),
        (
            "Acquisitive crime rises with the economic downturn",
            4,
            5,
            "Targeted patrols and crime prevention advice in hotspot "
            "areas; partners report to the Performance Board monthly.",
            ["L SS1"],
            ["safer-stronger"],
            14,
        ),
    ],
}

# The executive board opens one by hand (seed 003): on the first of these indicators that the
# ladder has not already escalated.
MANUAL = {
    "sefton": (
        ("NI 151", "NI 8", "NI 112", "NI 154"),
        2,
        "The Performance & Intelligence Group's analysis shows {code} falling behind its trajectory for three "
        "quarters although the monitoring level has only just been met; partners report the causes are growing.",
    ),
}


def load_escalation_demo(today: dt.date | None = None):
    today = today or timezone.localdate()
    for partnership in Partnership.objects.filter(slug__in=list(ROUTES)).order_by("slug"):
        with transaction.atomic():
            _configure(partnership)
            _evaluate(partnership, today)
            _risks(partnership, today)
            _manual(partnership, today)
            _plans(partnership, today)


def load_risk_registers(today: dt.date | None = None):
    """The risk registers alone, for what is calculated from them before the ladder is judged
    (reporting.demo_harrow); load_escalation_demo finds them there."""
    today = today or timezone.localdate()
    for partnership in Partnership.objects.filter(slug__in=list(ROUTES)).order_by("slug"):
        with transaction.atomic():
            _risks(partnership, today)


def _configure(partnership):
    settings = settings_for(partnership)
    review_point = REVIEW_POINTS.get(partnership.slug, ReviewPoint.QUARTERLY)
    if settings.review_point != review_point:
        settings.review_point = review_point
        settings.save()
    decisions.set_route(partnership, ROUTES[partnership.slug])


def _evaluate(partnership, today):
    """Every review point of the agreement so far, each as on the day it would have been reviewed
    (seven weeks after it ended), so report-back dates fall where they would have."""
    first_year = partnership.agreement_years(today)[0]
    review = latest_ended(REVIEW_KIND[settings_for(partnership).review_point], today)
    reviews = []
    while review.financial_year >= first_year:
        reviews.insert(0, review)
        review = review.previous()
    for review in reviews:
        evaluate(partnership, review, today=min(today, review.end + dt.timedelta(weeks=7)))
    decisions.flag_overdue_reports(partnership, today)


def _admin(partnership):
    return (
        Membership.objects.for_partnership(partnership)
        .filter(role_assignments__role=Role.PARTNERSHIP_ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )


def _risks(partnership, today):
    people = list(Membership.objects.for_partnership(partnership).filter(is_active=True).order_by("pk"))
    for index, (title, likelihood, impact, mitigation, codes, themes, days) in enumerate(RISKS[partnership.slug]):
        risk, created = Risk.objects.get_or_create(
            partnership=partnership,
            title=title,
            defaults={
                "likelihood": likelihood,
                "impact": impact,
                "mitigation": mitigation,
                "review_date": today + dt.timedelta(days=days),
                "owner": people[index % len(people)] if people else None,
            },
        )
        if created:
            risk.indicators.set(Indicator.objects.for_partnership(partnership).filter(code__in=codes))
            risk.themes.set(Theme.objects.for_partnership(partnership).filter(slug__in=themes))


def _manual(partnership, today):
    if (
        partnership.slug not in MANUAL
        or Escalation.objects.filter(partnership=partnership, origin=Origin.EXECUTIVE_BOARD).exists()
    ):
        return
    codes, stage, evidence = MANUAL[partnership.slug]
    escalated = Escalation.objects.filter(partnership=partnership, status=EscalationStatus.OPEN).values("indicator")
    candidates = {
        i.code: i
        for i in Indicator.objects.for_partnership(partnership).filter(code__in=codes).exclude(pk__in=escalated)
    }
    indicator = next((candidates[code] for code in codes if code in candidates), None)
    if indicator is None:
        return
    admin = _admin(partnership)
    user = admin.user if admin else None
    escalation = decisions.open_by_hand(
        partnership, indicator, stage=stage, evidence=evidence.format(code=indicator.code), user=user, today=today
    )
    decisions.refer_up(escalation, user=user, note="For the Performance Board's challenge.", today=today)
    decisions.refer_up(
        escalation,
        user=user,
        today=today,
        note="The Performance Board asks the Cabinet Member and Service Director to agree an improvement plan.",
    )


def _plans(partnership, today):
    """Plans and two SMART actions (one overdue) for the open escalations at stage 2 or above."""
    escalations = (
        Escalation.objects.for_partnership(partnership)
        .filter(status=EscalationStatus.OPEN, stage__gte=2)
        .select_related("indicator__lead_theme", "indicator__outcome_lead")
        .order_by("pk")[:3]
    )
    executive_members = (
        Membership.objects.for_partnership(partnership)
        .filter(role_assignments__board__kind=BoardKind.EXECUTIVE_BOARD)
        .order_by("pk")
    )
    fallback = Membership.objects.for_partnership(partnership).order_by("pk").first()
    admin = _admin(partnership)
    for escalation in escalations:
        if escalation.stage >= 3 and escalation.nominee_id is None and executive_members.exists():
            decisions.nominate(
                escalation,
                executive_members.first(),
                user=admin.user if admin else None,
                note="Agreed at the executive board.",
                today=today,
            )
        if escalation.actions.exists():
            continue
        lead = escalation.indicator.outcome_lead or fallback
        if not escalation.plan:
            escalation.plan = (
                f"The {escalation.indicator.lead_theme} board and partner agencies agree to focus resources on "
                f"the areas furthest from target for {escalation.indicator.code}, and to review progress monthly."
            )
            escalation.save(update_fields=["plan"])
        Action.objects.create(
            escalation=escalation,
            stage=escalation.stage,
            lead=lead,
            due_date=today - dt.timedelta(days=10),
            description=f"Map where {escalation.indicator.code} is furthest "
            "from target, ward by ward, with partner data",
            measure="Ward analysis presented to the theme board by the due date",
            resources="Two days of analyst time from the council's performance team",
            status=ActionStatus.ON_TRACK,
        )
        Action.objects.create(
            escalation=escalation,
            stage=escalation.stage,
            lead=lead,
            due_date=today + dt.timedelta(days=75),
            description="Run targeted interventions in the three wards furthest from target",
            measure=f"{escalation.indicator.code} back within its monitoring level at the next two review points",
            resources="£20,000 from the theme's Area Based Grant allocation; staff from the lead partner",
        )
