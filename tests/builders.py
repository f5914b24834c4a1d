"""Small builders for whole partnership trees, so tests say only what matters to them."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from partnership.models import (
    Board,
    BoardKind,
    Meeting,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    RoleAssignment,
    Theme,
)
from partnership.roles import BOARD_ROLES, THEME_ROLES

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
    """targets: [(financial year, value, monitoring level)]; results: [(Span, value)]."""
    from indicators.models import AnnualTarget, Indicator, Period, Result
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
            indicator=indicator, period=Period.objects.for_span(year_span(fy)), value=value, monitoring_level=level
        )
    for span, value in results:
        Result.objects.create(indicator=indicator, period=Period.objects.for_span(span), value=value)
    return indicator


def make_commission(tree, name="Healthy Living Commission", profile=()):
    """profile: [(quarter Span, amount)]."""
    from indicators.models import BudgetProfile, Commission, Period

    commission = Commission.objects.create(theme=tree.theme, name=name, provider=tree.organisation)
    for span, amount in profile:
        BudgetProfile.objects.create(commission=commission, period=Period.objects.for_span(span), amount=amount)
    return commission


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
