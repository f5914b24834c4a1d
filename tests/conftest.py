import datetime as dt

import pytest
from django.utils import timezone

from indicators.models import DataChallenge, Period, SpendReturn
from indicators.periods import PeriodKind, latest_ended
from indicators.services.rounds import open_round
from partnership.roles import Role

from .builders import make_commission, make_indicator, make_member, make_partnership, make_return, make_user


def add_returns(tree):
    """A round for the latest finished quarter, a draft return, a challenge, a commission and its
    spend return: one of each object the returns pages take in their URLs."""
    quarter = latest_ended(PeriodKind.QUARTER, timezone.localdate())
    tree.quarter = quarter
    tree.round = open_round(tree.partnership, quarter)
    tree.period = Period.objects.for_span(quarter)
    tree.indicator_return = make_return(tree.indicator, quarter, value=50)
    raiser = next(iter(tree.members.values()))
    tree.challenge = DataChallenge.objects.create(
        indicator_return=tree.indicator_return, raised_by=raiser, question="Is this right?"
    )
    tree.commission = make_commission(tree, profile=[(quarter, 10000)])
    tree.spend_return = SpendReturn.objects.create(
        commission=tree.commission, period=tree.period, actual_spend=9000, version=1
    )
    from reporting.models import BoardPack

    tree.board_pack = BoardPack.objects.create(
        meeting=tree.meeting,
        inputs_hash="example",
        status=BoardPack.Status.FAILED,
        error="An example pack for the URL tests.",
    )
    return tree


def add_escalations(tree):
    """An escalation opened by hand, a SMART action in its plan and a risk: one of each object the
    escalation pages take in their URLs."""
    from escalation.models import Action, Risk
    from escalation.services.decisions import open_by_hand

    admin = tree.members["admin"]
    today = timezone.localdate()
    tree.escalation = open_by_hand(
        tree.partnership, tree.indicator, stage=1, evidence="Partner audit shows results are falling.", user=admin.user
    )
    tree.action = Action.objects.create(
        escalation=tree.escalation,
        stage=1,
        lead=admin,
        due_date=today + dt.timedelta(days=30),
        description="Run weekly drop-in sessions at the three secondary schools",
        measure="Rate at or below 48 by March",
        resources="Two school nurses from the PCT",
    )
    tree.risk = Risk.objects.create(
        partnership=tree.partnership,
        title="Grant reduced mid-year",
        likelihood=4,
        impact=5,
        mitigation="Spend profiles reviewed monthly.",
        review_date=today + dt.timedelta(days=30),
    )
    return tree


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Tasks run in-process, even where CI configures a real broker; the worker integration test
    (marked `real_worker`) opts out."""
    from config.celery import app

    if request.node.get_closest_marker("real_worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def unfrozen_clock():
    from reporting.clock import clock

    yield
    clock.set(None)


@pytest.fixture
def tree_a(db):
    """Partnership A with its personas: administrator, theme officer, board chair, business group
    member, and a member with no role."""
    tree = make_partnership("alpha")
    t = tree
    t.members["admin"] = make_member(t.partnership, make_user("admin_a"), [(Role.PARTNERSHIP_ADMIN, None)])
    t.members["officer"] = make_member(
        t.partnership, make_user("officer_a"), [(Role.LEAD_INFORMATION_OFFICER, t.theme)], organisation=t.organisation
    )
    t.members["chair"] = make_member(t.partnership, make_user("chair_a"), [(Role.BOARD_CHAIR, t.theme_board)])
    t.members["business"] = make_member(
        t.partnership, make_user("business_a"), [(Role.BUSINESS_GROUP_MEMBER, t.business_group)]
    )
    t.members["plain"] = make_member(t.partnership, make_user("plain_a"))
    t.members["outcome_lead"] = make_member(t.partnership, make_user("lead_a"), [(Role.OUTCOME_LEAD, t.theme)])
    t.indicator = make_indicator(t, "NI 112", outcome_lead=t.members["outcome_lead"], title="Under 18 conception rate")
    return add_escalations(add_returns(tree))


@pytest.fixture
def tree_b(db):
    """Partnership B, whose administrator is an outsider to A."""
    tree = make_partnership("beta")
    tree.members["admin"] = make_member(tree.partnership, make_user("admin_b"), [(Role.PARTNERSHIP_ADMIN, None)])
    tree.indicator = make_indicator(tree, "NI 112", title="Beta's conception rate")
    return add_escalations(add_returns(tree))


def client_for(client, membership):
    client.force_login(membership.user)
    return client


@pytest.fixture
def as_admin(client, tree_a):
    return client_for(client, tree_a.members["admin"])


@pytest.fixture
def as_plain(client, tree_a):
    return client_for(client, tree_a.members["plain"])


@pytest.fixture
def as_chair(client, tree_a):
    return client_for(client, tree_a.members["chair"])


@pytest.fixture
def as_outsider(client, tree_a, tree_b):
    return client_for(client, tree_b.members["admin"])
