"""Small builders for whole partnership trees, so tests say only what matters to them."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from escalation.models import Action, Risk
from escalation.services.decisions import open_by_hand
from indicators.models import DataChallenge, Period, SpendReturn
from indicators.periods import PeriodKind, latest_ended
from indicators.services.rounds import open_round
from partnership.models import (
    Board,
    BoardKind,
    Meeting,
    Membership,
    NoticeKind,
    Organisation,
    OrganisationKind,
    Partnership,
    RoleAssignment,
    Theme,
)
from partnership.roles import BOARD_ROLES, THEME_ROLES
from partnership.services.notices import tell
from planning.models import (
    ActionPlan,
    ActionPoint,
    AnnualReview,
    PlanChallenge,
    PlanItem,
    PlanState,
    PlanVersion,
    ReviewTarget,
)
from planning.services.calendar import stages_for
from planning.services.plans import snapshot
from reporting.models import BoardPack, Decision, Recommendation
from reporting.services.chain import draft_at_deadline
from reporting.services.cycles import open_cycle
from reporting.services.decisions import make_recommendation
from surveys.agreement import Choice
from surveys.demo import load_survey

PASSWORD = "a-test-password-9"


@dataclass
class Tree:
    partnership: Partnership
    organisation: Organisation
    top_board: Board
    business_group: Board
    theme_board: Board
    theme: Theme
    other_theme: Theme
    meeting: Meeting
    members: dict = field(default_factory=dict)

    # Opt-in data trees: each adds one of every object some pages take in their URLs, once.

    def with_returns(self):
        """A round for the latest finished quarter, a draft return, a challenge, a commission and its
        spend return: one of each object the returns pages take in their URLs."""
        if hasattr(self, "round"):
            return self
        quarter = latest_ended(PeriodKind.QUARTER, timezone.localdate())
        self.quarter = quarter
        self.round = open_round(self.partnership, quarter)
        self.period = Period.objects.for_span(quarter)
        self.indicator_return = make_return(self.indicator, quarter, value=50)
        raiser = next(iter(self.members.values()))
        self.challenge = DataChallenge.objects.create(
            indicator_return=self.indicator_return, raised_by=raiser, question="Is this right?"
        )
        self.commission = make_commission(self, profile=[(quarter, 10000)])
        self.spend_return = SpendReturn.objects.create(
            commission=self.commission, period=self.period, actual_spend=9000, version=1
        )
        self.board_pack = BoardPack.objects.create(
            meeting=self.meeting,
            inputs_hash="example",
            status=BoardPack.Status.FAILED,
            error="An example pack for the URL tests.",
        )
        return self

    def with_escalations(self):
        """An escalation opened by hand, a SMART action in its plan and a risk: one of each object the
        escalation pages take in their URLs."""
        if hasattr(self, "escalation"):
            return self
        admin = self.members["admin"]
        today = timezone.localdate()
        self.escalation = open_by_hand(
            self.partnership,
            self.indicator,
            stage=1,
            evidence="Partner audit shows results are falling.",
            user=admin.user,
        )
        self.action = Action.objects.create(
            escalation=self.escalation,
            stage=1,
            lead=admin,
            due_date=today + dt.timedelta(days=30),
            description="Run weekly drop-in sessions at the three secondary schools",
            measure="Rate at or below 48 by March",
            resources="Two school nurses from the PCT",
        )
        self.risk = Risk.objects.create(
            partnership=self.partnership,
            title="Grant reduced mid-year",
            likelihood=4,
            impact=5,
            mitigation="Spend profiles reviewed monthly.",
            review_date=today + dt.timedelta(days=30),
        )
        return self

    def with_reports(self):
        """The quarter's reporting cycle with its dashboards frozen (an exception report per theme), a
        decision recorded at the meeting, and a recommendation from a business group meeting to the
        executive board. Tests that count or delete cycles and snapshots start without it."""
        if not hasattr(self, "exception_report"):
            self.with_returns()
            self.cycle = open_cycle(self.partnership, self.quarter)
            draft_at_deadline(self.cycle, today=self.cycle.exception_reports_due, now=timezone.now())
            self.exception_report = self.cycle.exception_reports.get(theme=self.theme)
            due = timezone.localtime(self.meeting.starts_at).date() + dt.timedelta(days=30)
            self.decision = Decision.objects.create(
                meeting=self.meeting,
                subject="Under 18 conception rate",
                decision="Review the commissions",
                due_date=due,
            )
            self.business_meeting = Meeting.objects.create(
                board=self.business_group, starts_at=self.meeting.starts_at, title="Business group review"
            )
            self.recommendation = make_recommendation(
                self.business_meeting,
                to_board=self.business_group.parent,
                area=Recommendation.Area.RISK,
                text="Look again at the teenage pregnancy commissions",
                cycle=self.cycle,
                user=None,
            )
        return self

    def with_notice(self):
        """A notice (a reminder, not emailed) for the officer, or the first member: the notice pages
        take it in their URLs."""
        if not hasattr(self, "notice"):
            member = self.members.get("officer") or next(iter(self.members.values()))
            path = reverse("indicators:return_list", kwargs={"partnership_slug": self.partnership.slug})
            body = f"Dear {member.display_name},\n\nThe quarter's returns are due."
            self.notice = tell(member, NoticeKind.REMINDER, "Returns due", body, path, email=False)
        return self

    def with_plan(self):
        """The theme's action plan for next year, submitted (version 1) with one item and a
        challenge on it: the planning pages take them in their URLs."""
        if not hasattr(self, "plan"):
            self.plan = make_plan(self, state=PlanState.SUBMITTED)
            self.plan_item = self.plan.items.get()
            self.plan_challenge = PlanChallenge.objects.create(
                plan=self.plan,
                item=self.plan_item,
                about=str(self.plan_item),
                question="Is it plausible?",
                plan_version=1,
            )
            self.planning_stage = stages_for(self.partnership)[0]
            self.review = AnnualReview.objects.create(
                partnership=self.partnership, financial_year=self.plan.financial_year - 2
            )
            self.review_target = ReviewTarget.objects.create(review=self.review, indicator=self.plan_item.indicator)
            self.action_point = ActionPoint.objects.create(
                target=self.review_target,
                description="Open the leisure centres on Sunday mornings",
                measure="Participation at 36% by March",
                resources="Leisure trust staff",
                lead=self.plan_item.lead_officer,
                due_date=self.plan_item.due_date,
            )
        return self

    def with_survey(self):
        """A closed self-assessment survey with one statement feeding the tree's indicator, answered by
        one member: the survey pages take them in their URLs."""
        if not hasattr(self, "survey"):
            today = timezone.localdate()
            self.survey = load_survey(
                self.partnership,
                title="Partnership self-assessment",
                opens_on=today - dt.timedelta(days=60),
                closes_on=today - dt.timedelta(days=30),
                statements=[("The partnership's strategies reflect the views of the community", self.indicator, None)],
                answers=[[Choice.AGREE]],
            )
            self.statement = self.survey.statements.get()
        return self


def make_user(username, **extra):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=extra.pop("email", f"{username}@example.org"),
        first_name=extra.pop("first_name", username.title()),
        last_name=extra.pop("last_name", "Tester"),
        **extra,
    )
    return user


def make_member(partnership, user, roles=(), organisation=None, is_active=True):
    """roles: [(role, theme-or-board-or-None)]."""
    membership = Membership.objects.create(
        partnership=partnership, user=user, organisation=organisation, is_active=is_active, job_title="Officer"
    )
    for role, target in roles:
        RoleAssignment.objects.create(
            membership=membership,
            role=role,
            theme=target if role in THEME_ROLES else None,
            board=target if role in BOARD_ROLES else None,
        )
    return membership


def make_partnership(slug, name=None):
    partnership = Partnership.objects.create(
        slug=slug, name=name or f"{slug.title()} Partnership", area_name=f"{slug.title()} area"
    )
    organisation = Organisation.objects.create(
        partnership=partnership, name=f"{slug.title()} Council", kind=OrganisationKind.COUNCIL
    )
    top = Board.objects.create(partnership=partnership, name="Partnership Board", kind=BoardKind.PARTNERSHIP_BOARD)
    executive = Board.objects.create(
        partnership=partnership, name="Executive", kind=BoardKind.EXECUTIVE_BOARD, parent=top
    )
    business = Board.objects.create(
        partnership=partnership, name="Business Group", kind=BoardKind.BUSINESS_GROUP, parent=executive
    )
    theme_board = Board.objects.create(
        partnership=partnership, name="Well-Being Board", kind=BoardKind.THEME_BOARD, parent=top
    )
    theme = Theme.objects.create(partnership=partnership, name="Well-Being", slug="well-being", board=theme_board)
    other_theme = Theme.objects.create(partnership=partnership, name="Enterprise", slug="enterprise", board=executive)
    meeting = Meeting.objects.create(
        board=theme_board, starts_at=timezone.now() + dt.timedelta(days=30), location="Town Hall", title="Q2 review"
    )
    return Tree(partnership, organisation, top, business, theme_board, theme, other_theme, meeting)


def make_indicator(
    tree,
    code="NI 112",
    *,
    unit="rate",
    polarity="lower",
    frequency="quarterly",
    accumulation="snapshot",
    outcome_lead=None,
    targets=(),
    results=(),
    **extra,
):
    """targets: [(financial year, value, monitoring level)], agreed; results: [(Span, value)]."""
    from indicators.models import Agreement, AnnualTarget, Indicator, Period, Result
    from indicators.periods import year_span

    indicator = Indicator.objects.create(
        partnership=tree.partnership,
        code=code,
        title=extra.pop("title", f"Indicator {code}"),
        unit=unit,
        polarity=polarity,
        frequency=frequency,
        accumulation=accumulation,
        lead_theme=extra.pop("lead_theme", tree.theme),
        outcome_lead=outcome_lead,
        **extra,
    )
    for fy, value, level in targets:
        AnnualTarget.objects.create(
            indicator=indicator,
            period=Period.objects.for_span(year_span(fy)),
            value=value,
            monitoring_level=level,
            agreement=Agreement.AGREED,
        )
    for span, value in results:
        Result.objects.create(indicator=indicator, period=Period.objects.for_span(span), value=value)
    return indicator


def make_commission(tree, name="Healthy Living Commission", profile=(), theme=None):
    """profile: [(quarter Span, amount)]; the tree's theme unless another is given."""
    from indicators.models import BudgetProfile, Commission, Period

    commission = Commission.objects.create(theme=theme or tree.theme, name=name, provider=tree.organisation)
    for span, amount in profile:
        BudgetProfile.objects.create(commission=commission, period=Period.objects.for_span(span), amount=amount)
    return commission


def make_spend(commission, span, actual_spend, *, state="approved"):
    """A commission's spend return for a quarter (approved: it counts in every total)."""
    from indicators.models import Period, SpendReturn

    return SpendReturn.objects.create(
        commission=commission, period=Period.objects.for_span(span), actual_spend=actual_spend, state=state, version=1
    )


def make_plan(tree, *, state="draft", financial_year=None, items=1):
    """The theme's action plan (next financial year by default) with `items` SMART items for the
    tree's indicator, led by the tree's officer; a plan past draft has its version 1."""
    from indicators.models import Indicator
    from partnership.years import financial_year_of

    today = timezone.localdate()
    year = financial_year if financial_year is not None else financial_year_of(today) + 1
    plan = ActionPlan.objects.create(
        theme=tree.theme, financial_year=year, state=state, priorities="Reduce teenage conceptions."
    )
    lead = tree.members.get("officer") or next(iter(tree.members.values()))
    indicator = Indicator.objects.for_partnership(tree.partnership).filter(lead_theme=tree.theme).first()
    for position in range(1, items + 1):
        PlanItem.objects.create(
            plan=plan,
            position=position,
            indicator=indicator,
            activity="Run weekly drop-in sessions at the three secondary schools",
            outcome="Conception rate at or below 48 per 1,000 by March",
            funding="Two school nurses from the PCT; £20,000 ABG",
            lead_partner=tree.organisation,
            lead_officer=lead,
            due_date=today + dt.timedelta(days=200),
        )
    if state != PlanState.DRAFT:
        PlanVersion.objects.create(plan=plan, number=1, content=snapshot(plan), submitted_at=timezone.now())
    return plan


def make_return(indicator, span, *, state="draft", value=None, numerator=None, denominator=None, **extra):
    from indicators.models import IndicatorReturn, Period

    return IndicatorReturn.objects.create(
        indicator=indicator,
        period=Period.objects.for_span(span),
        state=state,
        version=1,
        value=value,
        numerator=numerator,
        denominator=denominator,
        **extra,
    )


def post_sign_in(client, username, password=PASSWORD, address="127.0.0.1"):
    """The sign-in page's answer, from `address` (login throttling counts per username and address)."""
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def sign_in(client, username, password=PASSWORD) -> bool:
    """Sign in through the sign-in page, as people do (login throttling sees it)."""
    response = post_sign_in(client, username, password)
    return response.status_code == 302 and "_auth_user_id" in client.session
