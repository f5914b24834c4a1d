import pytest

from partnership.roles import Role

from .builders import make_indicator, make_member, make_partnership, make_user


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
def packs_in_one_part(settings):
    """A board pack laid out in one part, in the test's process, as without a broker (CI's
    REDIS_URL would make it 4); the tests of the parts ask for more."""
    settings.BOARD_PACK_PARTS = 1


@pytest.fixture(autouse=True)
def unfrozen_clock():
    from reporting.clock import clock

    yield
    clock.set(None)


@pytest.fixture
def tree_a(db):
    """Partnership A with its personas (administrator, theme officer, board chair, business group
    member, Outcome Lead and a member with no role) and one indicator. Lean: a test that needs
    returns, escalations or reports asks for them (returns_a, escalations_a, full_a)."""
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
    return tree


@pytest.fixture
def tree_b(db):
    """Partnership B, whose administrator is an outsider to A."""
    tree = make_partnership("beta")
    tree.members["admin"] = make_member(tree.partnership, make_user("admin_b"), [(Role.PARTNERSHIP_ADMIN, None)])
    tree.indicator = make_indicator(tree, "NI 112", title="Beta's conception rate")
    return tree


@pytest.fixture
def returns_a(tree_a):
    """A with a round of returns, a return, a challenge, a commission, its spend return and a pack."""
    return tree_a.with_returns()


@pytest.fixture
def escalations_a(tree_a):
    """A with an escalation, an action in its plan and a risk."""
    return tree_a.with_escalations()


@pytest.fixture
def full_a(tree_a):
    """A with one of every object a tenant URL names (what the URL walks need)."""
    return tree_a.with_returns().with_escalations().with_reports()


@pytest.fixture
def returns_b(tree_b):
    return tree_b.with_returns()


@pytest.fixture
def escalations_b(tree_b):
    return tree_b.with_escalations()


@pytest.fixture
def full_b(tree_b):
    return tree_b.with_returns().with_escalations().with_reports()


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
