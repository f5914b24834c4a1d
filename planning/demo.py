"""Halton's action plans in the demo (seed 003's planning year): every SSP's approved plan for this
year, which makes this year's LAA action plan, and next year's plans part-way through the autumn's
challenge (one approved, one recommended to the HSPB, one submitted with a challenge waiting, one with
its challenge answered, one withdrawn to change). The activities are invented, like the people; the
targets, boards and organisations are the demo's."""

import datetime as dt

from django.utils import timezone

from indicators.models import Indicator
from partnership.models import Board, BoardKind, Membership, Organisation, Partnership, Theme
from partnership.roles import Role
from partnership.years import financial_year_of
from planning.models import ActionPlan, PlanChallenge, PlanItem, PlanState, PlanVersion
from planning.services.plans import snapshot

# Per target: (activity, outcome and measure, funding and resources).
ITEMS = {
    "NI 117": (
        "Give every Year 11 leaver without a destination a named adviser from Connexions until they start",
        "16-18 year olds not in education, employment or training at or below the year's target by March",
        "£85,000 ABG for two advisers; Riverside College places",
    ),
    "NI 163": (
        "Fund Level 2 courses for adults in work through the employer skills brokerage",
        "300 adults starting a Level 2 course by March; the share qualified to Level 2 at the year's target",
        "£60,000 ABG match-funded by the Learning and Skills Council",
    ),
    "NI 152": (
        "Run the Halton People into Jobs outreach sessions in the four wards with most benefit claimants",
        "Working-age benefit claimants at or below the year's target by March; 400 people engaged by December",
        "£120,000 ABG; Jobcentre Plus advisers co-located two days a week",
    ),
    "NI 120": (
        "Extend the Healthy Heart checks to every GP practice in Widnes and Runcorn",
        "2,500 checks done by March; all-age all-cause mortality at or below the year's target",
        "£45,000 ABG; PCT practice nurses' time",
    ),
    "NI 195": (
        "Deep-clean the twelve worst-scoring streets each quarter and enforce against fly-tipping",
        "Litter and detritus below the year's target at each of the three surveys",
        "Mainstream street-scene budget; £20,000 ABG for enforcement officers",
    ),
    "L SH1": (
        "Target the night-time economy in Widnes town centre with joint police and licensing patrols",
        "Violent crime below the year's target; a 10% fall in town-centre incidents by March",
        "Police overtime from the mainstream budget; £30,000 ABG for taxi marshals",
    ),
    # Designated indicators the plans also cover (after each theme's lead item, which comes first).
    "NI 112": (
        "Open a young people's sexual health drop-in at each secondary school, with the school nurses",
        "Under-18 conceptions at or below the year's target; every school offering the drop-in by January",
        "£40,000 ABG; PCT school nurses' time",
    ),
    "NI 171": (
        "Offer start-up advice and a first-year rate-relief package to new businesses in the enterprise zones",
        "150 new businesses registered by March; the registration rate at the year's target",
        "£50,000 ABG; the council's business rates team",
    ),
    "NI 39": (
        "Put alcohol liaison nurses in Whiston and Warrington A&E on Friday and Saturday nights",
        "Alcohol-related admissions at or below the year's target; 600 brief interventions by March",
        "£70,000 ABG; PCT mainstream for the nurses' second year",
    ),
    "NI 56": (
        "Run the family healthy-weight programme in every primary school with Year 6 above the average",
        "Year 6 obesity at or below the year's target; 200 families completing the programme",
        "£35,000 ABG; school sport partnership coaches",
    ),
    "NI 154": (
        "Bring forward the council's surplus sites at Castlefields and West Bank for housing",
        "The year's net additional homes; planning consent on both sites by December",
        "Mainstream housing and planning budgets; registered social landlord match funding",
    ),
    "NI 192": (
        "Extend kerbside recycling to flats and add food waste collection in Widnes",
        "Household waste reused, recycled or composted at the year's target",
        "Mainstream waste budget; £25,000 ABG for the flats scheme",
    ),
    "NI 16": (
        "Mark property and fit locks for repeat burglary victims within 48 hours",
        "Serious acquisitive crime at or below the year's target; every repeat victim visited",
        "£30,000 ABG; Cheshire Fire and Rescue home safety visits",
    ),
}
LEAD_PARTNERS = {
    "children-young-people": "Halton Borough Council",
    "employment-learning-skills": "Riverside College",
    "healthy-halton": "Halton and St Helens PCT",
    "urban-renewal": "Halton Borough Council",
    "safer-halton": "Cheshire Constabulary",
}
PRIORITIES = {
    "children-young-people": "Fewer young people not in education, employment or training; better school results.",
    "employment-learning-skills": "More Halton people into work, and more adults with skills employers ask for.",
    "healthy-halton": "Longer, healthier lives: heart disease and smoking first.",
    "urban-renewal": "Cleaner streets and neighbourhoods people are proud of.",
    "safer-halton": "Less violent crime, and people feeling safer in the town centres.",
}
# Next year's plans, as the autumn's challenge leaves them: (state, challenge, answer).
NEXT_YEAR = {
    "children-young-people": (
        PlanState.RECOMMENDED,
        "Is the adviser caseload realistic for two posts?",
        "Yes: 140 leavers, 70 each, as in 2025/26.",
    ),
    "employment-learning-skills": (
        PlanState.SUBMITTED,
        "Level 2 starts have fallen two years running: what changes?",
        "",
    ),
    "healthy-halton": (
        PlanState.SUBMITTED,
        "Which practices have not yet signed up to the checks?",
        "Four in Runcorn; all four start in April.",
    ),
    "urban-renewal": (
        PlanState.DRAFT,
        "The enforcement money ends in September: how is it sustained?",
        "Being mainstreamed: the plan is being changed to show it.",
    ),
    "safer-halton": (PlanState.APPROVED, "", ""),
}


def at(day: dt.date, hour=10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load_planning_demo(today: dt.date | None = None):
    partnership = Partnership.objects.filter(slug="halton").first()
    if partnership is None:
        return
    today = today or timezone.localdate()
    year = financial_year_of(today)
    people = _people(partnership)
    for theme in Theme.objects.for_partnership(partnership).order_by("position"):
        if ActionPlan.objects.filter(theme=theme).exists():
            continue  # idempotent: a theme's plans are written once, and never over what people did
        _plan(theme, year, PlanState.APPROVED, people, submitted=dt.date(year, 1, 12), challenge=None)
        state, question, answer = NEXT_YEAR.get(theme.slug, (PlanState.DRAFT, "", ""))
        submitted = min(today, dt.date(year, 10, 24))
        _plan(theme, year + 1, state, people, submitted=submitted, challenge=(question, answer) if question else None)


def _people(partnership):
    def first(**roles):
        return Membership.objects.for_partnership(partnership).filter(**roles).select_related("user").first()

    psg = Board.objects.for_partnership(partnership).get(kind=BoardKind.EXECUTIVE_BOARD)
    board = Board.objects.for_partnership(partnership).get(kind=BoardKind.PARTNERSHIP_BOARD)
    return {
        "psg": first(role_assignments__board=psg, role_assignments__role=Role.BOARD_MEMBER),
        "board": first(role_assignments__board=board, role_assignments__role=Role.BOARD_CHAIR),
        "lead": lambda theme: first(role_assignments__theme=theme, role_assignments__role=Role.OUTCOME_LEAD),
        "writer": lambda theme: first(
            role_assignments__theme=theme, role_assignments__role=Role.PERFORMANCE_MANAGEMENT_LEAD
        ),
    }


def _plan(theme, year, state, people, *, submitted, challenge):
    writer, lead = people["writer"](theme), people["lead"](theme)
    psg_user, board_user = people["psg"].user, people["board"].user
    partner = Organisation.objects.filter(partnership=theme.partnership, name=LEAD_PARTNERS.get(theme.slug)).first()
    plan = ActionPlan.objects.create(
        theme=theme,
        financial_year=year,
        priorities=PRIORITIES.get(theme.slug, ""),
        funding="Area Based Grant for the activities named; partners' mainstream budgets for the rest.",
    )
    indicators = Indicator.objects.for_partnership(theme.partnership).filter(lead_theme=theme).order_by("code")
    planned = sorted((i for i in indicators if i.code in ITEMS), key=lambda i: list(ITEMS).index(i.code))
    for position, indicator in enumerate(planned, start=1):
        activity, outcome, funding = ITEMS[indicator.code]
        PlanItem.objects.create(
            plan=plan,
            position=position,
            indicator=indicator,
            activity=activity,
            outcome=outcome,
            funding=funding,
            lead_partner=partner,
            lead_officer=lead,
            due_date=dt.date(year + 1, 3, 31),
        )
    if state == PlanState.DRAFT and not challenge:
        return plan
    PlanVersion.objects.create(
        plan=plan, number=1, content=snapshot(plan), submitted_by=writer.user, submitted_at=at(submitted)
    )
    if challenge:
        question, answer = challenge
        item = plan.items.order_by("position").first()
        raised = PlanChallenge.objects.create(
            plan=plan,
            item=item,
            about=str(item) if item else "The plan as a whole",
            question=question,
            raised_by=psg_user,
            plan_version=1,
            answer=answer,
            answered_by=writer.user if answer else None,
            answered_at=at(submitted + dt.timedelta(days=9)) if answer else None,
        )
        PlanChallenge.objects.filter(pk=raised.pk).update(raised_at=at(submitted + dt.timedelta(days=5)))
    fields = {"state": state, "submitted_by": writer.user, "submitted_at": at(submitted)}
    if state in (PlanState.RECOMMENDED, PlanState.APPROVED):
        fields.update(recommended_by=psg_user, recommended_at=at(submitted + dt.timedelta(days=14)))
    if state == PlanState.APPROVED:
        fields.update(approved_by=board_user, approved_at=at(submitted + dt.timedelta(days=28)))
    ActionPlan.objects.filter(pk=plan.pk).update(**fields)
    return plan


POINTS = {
    # What the PSG agreed for targets at risk at the year end: (action, measure, resources).
    "children-young-people": (
        "Track every NEET young person monthly at the SSP, by ward",
        "NEET at the year's target by March",
        "Connexions data team; ABG",
    ),
    "employment-learning-skills": (
        "Move the outreach sessions to the job clubs with most attendance",
        "400 people engaged by December",
        "Jobcentre Plus advisers",
    ),
    "healthy-halton": (
        "Add Saturday Healthy Heart clinics in Runcorn",
        "2,500 checks by March",
        "PCT practice nurses; £10,000 ABG",
    ),
    "urban-renewal": (
        "Publish the worst streets each quarter and clean them within a month",
        "Every listed street cleaned within 30 days",
        "Street-scene budget",
    ),
    "safer-halton": (
        "Add taxi marshals on Friday and Saturday nights in Widnes",
        "10% fewer town-centre incidents by March",
        "£30,000 ABG",
    ),
}


def load_review_demo(today: dt.date | None = None):
    """Last year's annual performance review, agreed by the HSPB in September, with its action
    points part-way through this year."""
    from planning.models import ActionPoint, AnnualReview
    from planning.review_rules import needs_action_points
    from planning.services.review import open_review

    partnership = Partnership.objects.filter(slug="halton").first()
    today = today or timezone.localdate()
    year = financial_year_of(today) - 1
    if partnership is None or AnnualReview.objects.filter(partnership=partnership, financial_year=year).exists():
        return
    people = _people(partnership)
    review = open_review(partnership, year, user=people["psg"].user)
    for target in review.targets.select_related("indicator__lead_theme"):
        target.judgement = target.judgement or "difficult"
        target.reason = {"likely": "On track at the year end.", "difficult": "Close to the monitoring level."}.get(
            target.judgement, "Below the monitoring level all year."
        )
        target.save()
        if needs_action_points(target.status, target.judgement):
            theme = target.indicator.lead_theme
            action, measure, resources = POINTS.get(theme.slug, POINTS["safer-halton"])
            ActionPoint.objects.create(
                target=target,
                description=action,
                measure=measure,
                resources=resources,
                lead=people["lead"](theme),
                due_date=dt.date(year + 2, 3, 31),
                status="on_track",
                progress="Started in October; first figures at the mid-year update.",
            )
    AnnualReview.objects.filter(pk=review.pk).update(
        state=AnnualReview.State.AGREED,
        agreed_by=people["board"].user,
        agreed_at=at(dt.date(year + 1, 9, 24)),
        summary="A mixed year: most targets on track, with employment and violent crime the concerns. "
        "The action points below were agreed by the HSPB and are reported to the PSG at each update.",
    )
