"""Money returns: the variance maths, money validation, commissions and budget pages, and spend
returns going through the same workflow, validation, conflict handling and audit as indicator
returns. Only approved spend counts in the totals."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import BudgetProfile, Commission, Period, SpendReturn
from indicators.money import (
    describe_variance,
    is_off_profile,
    money_problem,
    money_problems,
    parse_money,
    profile_to_date,
    reporting_position,
    spend_to_date,
    variance_percent,
)
from indicators.periods import PeriodKind, spans_in_year, year_span
from indicators.services.money import (
    VARIANCE_EXPLANATION_THRESHOLD,
    SpendInput,
    commission_summaries,
    save_spend_return,
)
from indicators.services.returns import ReturnInvalid, ReturnRefused, decide_return
from indicators.workflow import ReturnAction, ReturnState
from partnership.concurrency import StaleEdit
from partnership.roles import Role
from partnership.services.access import access_for

from ..builders import make_commission, make_member, make_user

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")

Q = PeriodKind.QUARTER


def quarters(fy):
    return spans_in_year(fy, Q)


# --- the maths (pure) ----------------------------------------------------------------------------


def test_variance_is_actual_minus_profile_as_a_percentage_of_the_profile():
    assert variance_percent(Decimal("11000"), Decimal("10000")) == 10
    assert variance_percent(Decimal("9000"), Decimal("10000")) == -10
    assert variance_percent(Decimal("0"), Decimal("2500")) == -100
    assert variance_percent(Decimal("1234.50"), Decimal("1000")) == Decimal("23.45")
    assert variance_percent(None, Decimal("100")) == -100  # nothing spent yet


def test_variance_is_none_when_nothing_is_profiled():
    assert variance_percent(Decimal("500"), Decimal("0")) is None
    assert variance_percent(Decimal("0"), Decimal("0")) is None
    assert variance_percent(Decimal("500"), None) is None
    assert describe_variance(None) == "No profile to compare with"


def test_variance_in_words_says_over_or_under_so_the_sign_is_not_the_only_signal():
    assert describe_variance(Decimal("12.345")) == "12.3% over profile"
    assert describe_variance(Decimal("-8")) == "8.0% under profile"
    assert describe_variance(Decimal("0.04")) == "On profile"


def test_to_date_sums_the_quarters_of_the_year_up_to_and_including_the_quarter():
    q1, q2, q3, q4 = quarters(2026)
    last_year_q4 = quarters(2025)[-1]
    profile = {
        q1: Decimal("100"),
        q2: Decimal("200"),
        q3: Decimal("300"),
        q4: Decimal("400"),
        last_year_q4: Decimal("999"),
    }
    assert profile_to_date(profile, q1) == 100
    assert profile_to_date(profile, q2) == 300
    assert profile_to_date(profile, q4) == 1000  # never last year's
    assert profile_to_date(profile, None) == 0
    assert spend_to_date({q1: Decimal("90"), q2: None, q3: Decimal("5")}, q2) == 90  # a blank figure counts as nothing


def test_off_profile_is_more_than_the_threshold_either_way_or_spend_with_no_profile():
    threshold = VARIANCE_EXPLANATION_THRESHOLD
    assert threshold == 10
    assert not is_off_profile(Decimal("11000"), Decimal("10000"), threshold)  # exactly 10%: fine
    assert is_off_profile(Decimal("11000.01"), Decimal("10000"), threshold)
    assert is_off_profile(Decimal("8999.99"), Decimal("10000"), threshold)
    assert is_off_profile(Decimal("1"), Decimal("0"), threshold)  # spend against nothing profiled
    assert not is_off_profile(Decimal("0"), None, threshold)
    assert not is_off_profile(None, Decimal("10000"), threshold)


@pytest.mark.parametrize(
    "raw, message",
    [
        ("-1", "Enter an amount of £0 or more."),
        (Decimal("-0.01"), "Enter an amount of £0 or more."),
        ("12.345", "Enter pounds and pence only: no more than 2 decimal places."),
        (Decimal("0.001"), "Enter pounds and pence only: no more than 2 decimal places."),
        ("abc", "Enter an amount in pounds, like 1250.50."),
        ("12..5", "Enter an amount in pounds, like 1250.50."),
        ("NaN", "Enter an amount in pounds, like 1250.50."),
        ("Infinity", "Enter an amount in pounds, like 1250.50."),
        ("1000000000000", "Enter an amount smaller than £1,000,000,000,000."),
    ],
)
def test_money_validation_explains_each_problem(raw, message):
    assert money_problem(raw) == message


@pytest.mark.parametrize(
    "raw, amount",
    [
        ("£1,250.50", Decimal("1250.50")),
        ("1250.5", Decimal("1250.5")),
        (" 0 ", Decimal("0")),
        ("12.500", Decimal("12.500")),
        (Decimal("99.99"), Decimal("99.99")),
        (10, Decimal("10")),
        ("", None),
        (None, None),
    ],
)
def test_money_as_people_type_it_is_accepted(raw, amount):
    assert money_problem(raw) is None
    assert parse_money(raw) == amount


def test_money_problems_maps_each_field_to_its_message():
    problems = money_problems(
        {"actual_spend": "-5", "match_cash": "1.234", "match_in_kind": "lots", "match_leverage": "10"}
    )
    assert set(problems) == {"actual_spend", "match_cash", "match_in_kind"}
    assert money_problems({"actual_spend": Decimal("10.00"), "match_cash": None}) == {}


def test_the_reporting_year_is_the_year_of_the_latest_finished_quarter():
    # In May 2026, Q4 2025/26 has just finished and is still being returned.
    assert reporting_position(dt.date(2026, 5, 10)) == (2025, quarters(2025)[3])
    assert reporting_position(dt.date(2026, 11, 23)) == (2026, quarters(2026)[1])
    assert reporting_position(dt.date(2026, 11, 23), 2025) == (2025, quarters(2025)[3])
    assert reporting_position(dt.date(2026, 11, 23), 2027) == (2027, None)


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def people(tree_a):
    """The theme's Report Coordinator and Performance Management Lead, beside its officer."""
    tree_a.members["coordinator"] = make_member(
        tree_a.partnership, make_user("coordinator_a"), [(Role.REPORT_COORDINATOR, tree_a.theme)]
    )
    tree_a.members["pm_lead"] = make_member(
        tree_a.partnership, make_user("pm_lead_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, tree_a.theme)]
    )
    return tree_a


def login(client, member):
    client.force_login(member.user)
    return client


MONEY_URLS = {
    "budget": "budget_edit",
    "create": "commission_create",
    "detail": "commission_detail",
    "edit": "commission_edit",
    "list": "commission_list",
    "spend": "spend_return_edit",
    "spend_decide": "spend_return_decide",
}


def url(name, tree, **kwargs):
    return reverse(f"indicators:{MONEY_URLS[name]}", kwargs={"partnership_slug": tree.partnership.slug, **kwargs})


def spend_url(tree, period=None):
    return url("spend", tree, commission_id=tree.commission.pk, period_id=(period or tree.period).pk)


def decide_url(tree, ret=None):
    return url("spend_decide", tree, spend_return_id=(ret or tree.spend_return).pk)


def spend_form(version, action="save_draft", **fields):
    data = {
        "action": action,
        "version": version,
        "actual_spend": "",
        "match_cash": "",
        "match_in_kind": "",
        "match_leverage": "",
        "commentary": "",
        "variance_reason": "",
        "action_taken": "",
    }
    data.update({name: str(value) for name, value in fields.items()})
    return data


def approve(tree, ret, coordinator):
    ret = SpendReturn.objects.get(pk=ret.pk)
    if ret.state != ReturnState.SUBMITTED:
        ret.state = ReturnState.SUBMITTED
        ret.save()
    return decide_return(ret, action=ReturnAction.APPROVE, user=coordinator.user, access=access_for(coordinator))


# --- spend returns: the workflow -----------------------------------------------------------------


def test_an_officer_saves_a_draft_then_submits_and_the_history_says_who_and_why(client, tree_a):
    officer = tree_a.members["officer"]
    login(client, officer)
    response = client.post(
        spend_url(tree_a), spend_form(1, actual_spend="£9,500", match_cash="1000", commentary="On track")
    )
    assert response.status_code == 302
    ret = SpendReturn.objects.get(pk=tree_a.spend_return.pk)
    assert (ret.state, ret.version, ret.actual_spend, ret.match_cash) == (
        ReturnState.DRAFT,
        2,
        Decimal("9500"),
        Decimal("1000"),
    )

    response = client.post(
        spend_url(tree_a), spend_form(2, "submit", actual_spend="9500", match_cash="1000", commentary="On track")
    )
    assert response.status_code == 302
    ret.refresh_from_db()
    assert (ret.state, ret.version, ret.submitted_by) == (ReturnState.SUBMITTED, 3, officer.user)

    history = list(ret.history.order_by("history_date", "history_id"))
    assert [h.history_change_reason for h in history[-2:]] == ["Draft saved", "Submitted for approval"]
    assert all(h.history_user == officer.user for h in history[-2:])
    page = client.get(spend_url(tree_a)).content.decode()
    assert "Changes to this return" in page and "Submitted for approval" in page
    assert "Actual spend: £9,000 → £9,500" in page


def test_submitting_spend_off_profile_needs_a_reason_and_an_action(client, tree_a):
    login(client, tree_a.members["officer"])
    # 12,000 against a 10,000 profile is 20% over: more than the threshold
    response = client.post(spend_url(tree_a), spend_form(1, "submit", actual_spend="12000"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "20.0% over profile: explain the reason for the variance" in form.errors["variance_reason"][0]
    assert "say what action is being taken" in form.errors["action_taken"][0]
    page = response.content.decode()
    assert (
        "There is a problem" in page
        and 'href="#id_variance_reason"' in page
        and 'id="id_variance_reason-error"' in page
    )
    assert "20.0% over profile" in page  # the variance of the figures typed
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).state == ReturnState.DRAFT

    response = client.post(
        spend_url(tree_a),
        spend_form(1, "submit", actual_spend="12000", variance_reason="Extra sessions", action_taken="Reprofiling Q3"),
    )
    assert response.status_code == 302
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).state == ReturnState.SUBMITTED


def test_spend_within_the_threshold_is_submitted_without_a_reason(client, tree_a):
    login(client, tree_a.members["officer"])
    response = client.post(spend_url(tree_a), spend_form(1, "submit", actual_spend="9000"))  # exactly 10% under
    assert response.status_code == 302
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).state == ReturnState.SUBMITTED


def test_a_submission_needs_the_actual_spend_but_a_draft_does_not(client, tree_a):
    login(client, tree_a.members["officer"])
    response = client.post(spend_url(tree_a), spend_form(1, "submit", match_cash="50"))
    assert response.context["form"].errors["actual_spend"] == [
        "Enter the actual spend for this quarter (enter 0 if nothing was spent)."
    ]
    assert client.post(spend_url(tree_a), spend_form(1, match_cash="50")).status_code == 302
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).actual_spend is None


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-100", "Enter an amount of £0 or more."),
        ("100.555", "no more than 2 decimal places"),
        ("a lot", "Enter an amount in pounds"),
    ],
)
def test_bad_money_is_explained_beside_the_field_and_nothing_is_saved(client, tree_a, typed, message):
    login(client, tree_a.members["officer"])
    response = client.post(spend_url(tree_a), spend_form(1, actual_spend="100", match_in_kind=typed))
    assert response.status_code == 200
    assert message in response.context["form"].errors["match_in_kind"][0]
    assert 'href="#id_match_in_kind"' in response.content.decode()
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).version == 1


def test_the_coordinator_approves_or_returns_with_a_reason(client, people):
    tree = people
    ret = tree.spend_return
    ret.state = ReturnState.SUBMITTED
    ret.save()
    login(client, tree.members["coordinator"])
    page = client.get(spend_url(tree)).content.decode()
    assert 'value="approve"' in page and 'value="return"' in page and 'name="actual_spend"' not in page

    client.post(decide_url(tree), {"action": "return", "reason": "", "version": ret.version})
    ret.refresh_from_db()
    assert ret.state == ReturnState.SUBMITTED  # a return needs a reason
    assert (
        client.post(
            decide_url(tree), {"action": "return", "reason": "Invoice missing", "version": ret.version}
        ).status_code
        == 302
    )
    ret.refresh_from_db()
    assert (ret.state, ret.return_reason, ret.decided_by) == (
        ReturnState.RETURNED,
        "Invoice missing",
        tree.members["coordinator"].user,
    )
    assert "Returned for revision: Invoice missing" in client.get(spend_url(tree)).content.decode()

    ret.state = ReturnState.SUBMITTED
    ret.save()
    client.post(decide_url(tree), {"action": "approve", "version": ret.version})
    ret.refresh_from_db()
    assert ret.state == ReturnState.APPROVED
    assert ret.history.first().history_change_reason == "Approved"


def test_the_performance_management_lead_reopens_a_locked_return_with_a_reason(client, people):
    tree = people
    ret = tree.spend_return
    ret.locked_at = timezone.now()
    ret.save()
    login(client, tree.members["officer"])
    response = client.post(spend_url(tree), spend_form(1, actual_spend="1"))
    assert "locked" in response.content.decode()  # refused, in words
    assert SpendReturn.objects.get(pk=ret.pk).actual_spend == 9000

    login(client, tree.members["pm_lead"])
    client.post(decide_url(tree), {"action": "reopen", "reason": "", "version": 1})
    assert SpendReturn.objects.get(pk=ret.pk).is_locked
    client.post(decide_url(tree), {"action": "reopen", "reason": "Late invoice found", "version": 1})
    ret.refresh_from_db()
    assert not ret.is_locked and ret.reopen_reason == "Late invoice found"
    assert ret.history.first().history_change_reason == "Reopened: Late invoice found"


def test_a_stale_version_is_a_conflict_showing_both_versions(client, tree_a):
    login(client, tree_a.members["officer"])
    # given: someone saved version 1 (9,000) after this person opened the blank return (version 0)
    response = client.post(spend_url(tree_a), spend_form(0, actual_spend="7777", commentary="My figure"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this return while you were editing it" in page
    assert "The version saved by someone else (version 1)" in page and "£9,000" in page  # theirs
    assert 'value="7777"' in page and "My figure" in page  # mine, still in the form
    assert response.context["form"].data["version"] == 1  # saving again replaces theirs
    assert SpendReturn.objects.get(pk=tree_a.spend_return.pk).actual_spend == 9000


def test_the_service_refuses_conflicts_unended_quarters_and_people_who_are_not_officers(tree_a):
    officer = tree_a.members["officer"]
    access = access_for(officer)
    args = {"commission": tree_a.commission, "period": tree_a.period, "user": officer.user, "access": access}
    with pytest.raises(StaleEdit):
        save_spend_return(
            **args, data=SpendInput(actual_spend=Decimal("1")), action=ReturnAction.SAVE_DRAFT, expected_version=0
        )
    with pytest.raises(ReturnInvalid) as invalid:
        save_spend_return(
            **args,
            data=SpendInput(actual_spend=Decimal("1")),
            action=ReturnAction.SAVE_DRAFT,
            expected_version=1,
            today=tree_a.period.end,
        )
    assert "has not ended yet" in invalid.value.errors["period"]
    with pytest.raises(ReturnRefused):
        save_spend_return(
            **{**args, "access": access_for(tree_a.members["plain"])},
            data=SpendInput(),
            action=ReturnAction.SAVE_DRAFT,
            expected_version=1,
        )
    with pytest.raises(ReturnInvalid) as invalid:
        save_spend_return(
            **args, data=SpendInput(actual_spend=Decimal("-1")), action=ReturnAction.SAVE_DRAFT, expected_version=1
        )
    assert invalid.value.errors == {"actual_spend": "Enter an amount of £0 or more."}


# --- who may do what ------------------------------------------------------------------------------


def test_every_member_may_read_the_money_pages(client, tree_a):
    login(client, tree_a.members["plain"])
    for path in [url("list", tree_a), url("detail", tree_a, commission_id=tree_a.commission.pk), spend_url(tree_a)]:
        response = client.get(path)
        assert response.status_code == 200, path
    page = client.get(spend_url(tree_a)).content.decode()
    assert 'name="actual_spend"' not in page and "£9,000" in page  # read-only


def test_only_administrators_add_and_edit_commissions(client, tree_a):
    create, edit = url("create", tree_a), url("edit", tree_a, commission_id=tree_a.commission.pk)
    for who in ("plain", "officer", "chair"):
        login(client, tree_a.members[who])
        assert client.get(create).status_code == 403, who
        assert client.post(create, {"name": "X", "theme": tree_a.theme.pk, "kind": "commission"}).status_code == 403, (
            who
        )
        assert client.get(edit).status_code == 403, who
        assert client.post(edit, {"name": "X", "theme": tree_a.theme.pk, "kind": "commission"}).status_code == 403, who
    assert not Commission.objects.filter(name="X").exists()

    login(client, tree_a.members["admin"])
    assert client.get(create).status_code == 200
    response = client.post(
        create,
        {
            "name": "Youth Diversion",
            "theme": tree_a.theme.pk,
            "kind": "project",
            "provider": tree_a.organisation.pk,
            "manager": tree_a.members["officer"].pk,
        },
    )
    commission = Commission.objects.get(name="Youth Diversion")
    assert response.status_code == 302 and response["Location"] == url("detail", tree_a, commission_id=commission.pk)
    assert (commission.kind, commission.manager) == (Commission.Kind.PROJECT, tree_a.members["officer"])
    assert client.get(edit).status_code == 200
    client.post(edit, {"name": "Healthy Living", "theme": tree_a.theme.pk, "kind": "commission"})
    tree_a.commission.refresh_from_db()
    assert tree_a.commission.name == "Healthy Living"


def test_the_commission_form_offers_only_this_partnerships_choices_and_explains_duplicates(client, tree_a, tree_b):
    login(client, tree_a.members["admin"])
    page = client.get(url("create", tree_a)).content.decode()
    assert "Beta Council" not in page and "admin_b" not in page.lower()
    response = client.post(
        url("create", tree_a),
        {
            "name": "Sneaky",
            "theme": tree_b.theme.pk,
            "provider": tree_b.organisation.pk,
            "manager": tree_b.members["admin"].pk,
            "kind": "commission",
        },
    )
    errors = response.context["form"].errors
    assert set(errors) == {"theme", "provider", "manager"}
    response = client.post(
        url("create", tree_a), {"name": "Healthy Living Commission", "theme": tree_a.theme.pk, "kind": "commission"}
    )
    assert response.context["form"].errors["name"] == [
        "Well-Being already has a commission or project called Healthy Living Commission."
    ]


def test_administrators_and_the_themes_officers_set_the_budget_profile(client, tree_a):
    budget = url("budget", tree_a, commission_id=tree_a.commission.pk) + "?year=2026"
    for who in ("plain", "chair", "outcome_lead"):
        login(client, tree_a.members[who])
        assert client.get(budget).status_code == 403, who
        assert client.post(budget, {"q1": "5"}).status_code == 403, who
    for who in ("admin", "officer"):
        login(client, tree_a.members[who])
        assert client.get(budget).status_code == 200, who


def test_only_the_themes_officers_post_spend_and_only_approvers_decide(client, people):
    tree = people
    for who in ("plain", "admin", "chair", "outcome_lead"):
        login(client, tree.members[who])
        assert client.post(spend_url(tree), spend_form(1, actual_spend="1")).status_code == 403, who
        assert client.post(decide_url(tree), {"action": "approve", "version": 1}).status_code == 403, who
    login(client, tree.members["officer"])  # enters returns, but cannot approve them
    assert client.post(decide_url(tree), {"action": "approve", "version": 1}).status_code == 403
    assert SpendReturn.objects.get(pk=tree.spend_return.pk).actual_spend == 9000


def test_another_partnerships_ids_are_404(client, tree_a, tree_b):
    login(client, tree_a.members["admin"])
    b = tree_b
    paths = [
        url("detail", tree_a, commission_id=b.commission.pk),
        url("edit", tree_a, commission_id=b.commission.pk),
        url("budget", tree_a, commission_id=b.commission.pk),
        url("spend", tree_a, commission_id=b.commission.pk, period_id=b.period.pk),
    ]
    for path in paths:
        assert client.get(path).status_code == 404, path
    for path in paths[1:]:  # the detail page takes no POST at all
        assert client.post(path, {"name": "X", "q1": "1", "action": "save_draft"}).status_code == 404, path
    assert (
        client.post(url("spend_decide", tree_a, spend_return_id=b.spend_return.pk), {"action": "approve"}).status_code
        == 404
    )
    b.commission.refresh_from_db()
    assert b.commission.name == "Healthy Living Commission"


def test_an_outsider_gets_404_on_every_money_page(client, tree_a, tree_b):
    login(client, tree_b.members["admin"])
    for path in [
        url("list", tree_a),
        url("create", tree_a),
        url("detail", tree_a, commission_id=tree_a.commission.pk),
        url("budget", tree_a, commission_id=tree_a.commission.pk),
        spend_url(tree_a),
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(decide_url(tree_a), {"action": "approve"}).status_code == 404


def test_a_spend_return_is_for_a_quarter(client, tree_a):
    login(client, tree_a.members["officer"])
    year = Period.objects.for_span(year_span(tree_a.quarter.financial_year))
    assert client.get(spend_url(tree_a, year)).status_code == 404


# --- budget profiles -----------------------------------------------------------------------------


def test_the_budget_form_starts_from_the_saved_profile(client, tree_a):
    login(client, tree_a.members["officer"])
    fy = tree_a.quarter.financial_year
    form = client.get(url("budget", tree_a, commission_id=tree_a.commission.pk) + f"?year={fy}").context["form"]
    assert form.initial[f"q{tree_a.quarter.number}"] == Decimal("10000")
    assert form.initial["fingerprint"]


def test_setting_the_budget_profile_keeps_its_history(client, tree_a):
    officer = tree_a.members["officer"]
    login(client, officer)
    fy = tree_a.quarter.financial_year + 1  # next year's budget, set ahead
    budget = url("budget", tree_a, commission_id=tree_a.commission.pk) + f"?year={fy}"
    response = client.post(budget, {"fingerprint": "", "q1": "£2,500", "q2": "2500.50", "q3": "", "q4": "4000"})
    assert response.status_code == 302
    assert response["Location"] == url("detail", tree_a, commission_id=tree_a.commission.pk) + f"?year={fy}"
    q1, q2, q3, q4 = quarters(fy)

    def saved():
        profiles = BudgetProfile.objects.filter(
            commission=tree_a.commission, period__start__gte=q1.start
        ).select_related("period")
        return {p.period.span: p.amount for p in profiles}

    assert saved() == {q1: Decimal("2500"), q2: Decimal("2500.50"), q4: Decimal("4000")}
    fingerprint = client.get(budget).context["form"].initial["fingerprint"]
    client.post(budget, {"fingerprint": fingerprint, "q1": "3000", "q2": "2500.50", "q3": "100", "q4": ""})
    assert saved() == {q1: Decimal("3000"), q2: Decimal("2500.50"), q3: Decimal("100")}

    history = BudgetProfile.history.filter(commission_id=tree_a.commission.pk, period__start__gte=q1.start)
    changed = history.filter(period__start=q1.start).first()
    assert (changed.amount, changed.history_user, changed.history_change_reason) == (
        Decimal("3000"),
        officer.user,
        "Budget profile changed",
    )
    assert history.filter(period__start=q1.start).count() == 2  # created, then changed
    assert history.filter(period__start=q2.start).count() == 1  # unchanged: no new entry
    assert history.filter(period__start=q4.start).first().history_type == "-"  # removed, and recorded
    page = client.get(url("detail", tree_a, commission_id=tree_a.commission.pk) + f"?year={fy}").content.decode()
    assert "Recent changes to the budget profile" in page and "Budget profile changed" in page and "£3,000" in page


def test_bad_budget_figures_are_explained_and_a_stale_form_is_a_conflict(client, tree_a):
    login(client, tree_a.members["admin"])
    fy = tree_a.quarter.financial_year
    budget = url("budget", tree_a, commission_id=tree_a.commission.pk) + f"?year={fy}"
    response = client.post(budget, {"q1": "-5", "q2": "1.234", "q3": "ten"})
    errors = response.context["form"].errors
    assert (
        errors["q1"] == ["Enter an amount of £0 or more."] and "2 decimal places" in errors["q2"][0] and "q3" in errors
    )
    # a fingerprint from before someone else's change
    response = client.post(budget, {"fingerprint": "", "q1": "1"})
    assert "Someone else changed this budget profile" in response.content.decode()
    assert "£10,000" in response.content.decode()  # the saved figure, beside its quarter
    assert not BudgetProfile.objects.filter(commission=tree_a.commission, amount=1).exists()


# --- totals: only approved spend -----------------------------------------------------------------


def test_commission_summaries_count_only_approved_spend_in_two_queries(tree_a, django_assert_num_queries):
    q1, q2, q3, q4 = quarters(2024)
    busy = make_commission(tree_a, "Busy", profile=[(q1, 4000), (q2, 6000), (q3, 5000), (q4, 5000)])
    idle = make_commission(tree_a, "Idle", profile=[(q3, 1000)])

    def spend(commission, span, state, **figures):
        SpendReturn.objects.create(commission=commission, period=Period.objects.for_span(span), state=state, **figures)

    spend(busy, q1, ReturnState.APPROVED, actual_spend=3000, match_cash=100, match_in_kind=50, match_leverage=25)
    spend(busy, q2, ReturnState.SUBMITTED, actual_spend=99999, match_cash=99999)  # not approved: does not count
    spend(
        busy, q3, ReturnState.APPROVED, actual_spend=5000, match_cash=1000
    )  # after the quarter to date: does not count
    with django_assert_num_queries(2):
        summaries = commission_summaries([busy, idle, tree_a.commission], 2024, q2)
    mine = summaries[busy.pk]
    assert (mine.annual_budget, mine.profile_to_date, mine.spend_to_date) == (20000, 10000, 3000)
    assert (mine.match_cash, mine.match_in_kind, mine.match_leverage, mine.match_total) == (100, 50, 25, 175)
    assert mine.variance == -70 and mine.variance_words == "70.0% under profile"
    nothing_to_date = summaries[idle.pk]
    assert (nothing_to_date.annual_budget, nothing_to_date.profile_to_date, nothing_to_date.variance) == (1000, 0, None)
    assert summaries[tree_a.commission.pk].annual_budget == 0  # its profile is in another year
    assert commission_summaries([busy], 2024, None)[busy.pk].spend_to_date == 0  # no quarter finished yet


def test_the_list_counts_only_approved_spend(client, people):
    tree = people
    login(client, tree.members["plain"])
    response = client.get(url("list", tree))
    row = response.context["table"].rows[0].record
    assert (row.summary.annual_budget, row.summary.profile_to_date, row.summary.spend_to_date) == (10000, 10000, 0)
    page = response.content.decode()
    assert "Healthy Living Commission" in page and "100.0% under profile" in page

    approve(tree, tree.spend_return, tree.members["coordinator"])
    page = client.get(url("list", tree)).content.decode()
    assert "£9,000" in page and "10.0% under profile" in page


def test_the_list_filters_and_exports_csv(client, tree_a):
    make_commission(tree_a, "Old NRF Project")
    Commission.objects.filter(name="Old NRF Project").update(kind=Commission.Kind.PROJECT, theme=tree_a.other_theme)
    login(client, tree_a.members["plain"])
    names = lambda response: [row.record.name for row in response.context["table"].rows]  # noqa: E731
    assert names(client.get(url("list", tree_a), {"kind": "project"})) == ["Old NRF Project"]
    assert names(client.get(url("list", tree_a), {"theme": tree_a.theme.pk})) == ["Healthy Living Commission"]
    response = client.get(url("list", tree_a), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Theme", "Commission or project", "Type"]
    assert {row[1] for row in rows[1:]} == {"Healthy Living Commission", "Old NRF Project"}


def test_the_list_query_count_does_not_grow_with_commissions(client, people, django_assert_max_num_queries):
    tree = people
    approve(tree, tree.spend_return, tree.members["coordinator"])
    login(client, tree.members["plain"])
    with django_assert_max_num_queries(20) as few:
        client.get(url("list", tree))
    for i in range(20):
        commission = make_commission(tree, f"Commission {i}", profile=[(tree.quarter, 1000 + i)])
        SpendReturn.objects.create(
            commission=commission, period=tree.period, actual_spend=900, match_cash=10, state=ReturnState.APPROVED
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("list", tree))
    assert len(response.context["table"].rows) == 21


def test_the_detail_page_shows_each_quarter_and_the_match_funding(client, people):
    tree = people
    ret = tree.spend_return
    ret.match_cash, ret.match_in_kind, ret.match_leverage = 500, 250, Decimal("125.50")
    ret.save()
    approve(tree, ret, tree.members["coordinator"])
    login(client, tree.members["plain"])
    response = client.get(url("detail", tree, commission_id=tree.commission.pk))
    page = response.content.decode()
    rows = response.context["rows"]
    assert [row.span for row in rows] == quarters(tree.quarter.financial_year)
    # links only once a quarter is over, and only where its round opened its period (a GET never writes)
    assert all(row.period is None or row.span.has_ended(timezone.localdate()) for row in rows)
    assert next(row for row in rows if row.span == tree.quarter).period == tree.period
    for text in [
        tree.quarter.label,
        "£10,000",
        "£9,000",
        "10.0% under profile",
        "Approved",
        "£500",
        "£250",
        "£125.50",
        "£875.50",
    ]:
        assert text in page, text
    assert spend_url(tree) in page


def test_a_spend_return_cannot_be_started_or_submitted_once_its_round_is_locked(client, tree_a):
    # given: a commission with no spend return yet for the quarter, whose round has been locked
    from indicators.services.rounds import lock_round

    commission = make_commission(tree_a, "Untouched Commission", profile=[(tree_a.quarter, 5000)])
    lock_round(tree_a.round)
    officer = tree_a.members["officer"]
    # when / then: the service refuses a draft and a submission alike
    for action in (ReturnAction.SAVE_DRAFT, ReturnAction.SUBMIT):
        with pytest.raises(ReturnRefused, match="locked"):
            save_spend_return(
                commission=commission,
                period=tree_a.period,
                data=SpendInput(actual_spend=Decimal("100")),
                action=action,
                user=officer.user,
                access=access_for(officer),
                expected_version=0,
            )
    # and so does the form, keeping what was typed
    login(client, officer)
    path = reverse(
        "indicators:spend_return_edit",
        kwargs={
            "partnership_slug": "alpha",
            "commission_id": commission.pk,
            "period_id": tree_a.period.pk,
        },
    )
    for action in ("save_draft", "submit"):
        response = client.post(path, spend_form(0, action=action, actual_spend="100", commentary="Typed offline"))
        page = response.content.decode()
        assert response.status_code == 200 and "this return is locked" in page and "Typed offline" in page
    assert not SpendReturn.objects.filter(commission=commission).exists()
