"""Budget profiles: the form starts from the saved profile, keeps its history, explains bad figures
and refuses a stale form."""

from decimal import Decimal

import pytest

from indicators.models import BudgetProfile

from .money_helpers import login, quarters, url

pytestmark = pytest.mark.usefixtures("returns_a", "returns_b")


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
    changes = {"fingerprint": fingerprint, "q1": "3000", "q2": "2500.50", "q3": "100", "q4": ""}
    # clearing Q4 removes a saved figure: the page asks first, saving nothing and keeping what was typed
    asked = client.post(budget, changes)
    assert asked.status_code == 200 and f"{q4.label} budget profile: £4,000" in asked.content.decode()
    assert 'value="3000"' in asked.content.decode()
    assert saved() == {q1: Decimal("2500"), q2: Decimal("2500.50"), q4: Decimal("4000")}
    client.post(budget, {**changes, "confirm_removal": "yes"})
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
