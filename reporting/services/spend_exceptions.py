"""Spend off its profile as an exception item (issue 16; seed 003 §3: the PSG monitors financial
performance quarterly).

The rule, for each commission (or legacy project) of a theme, for the quarter of the cycle:

    variance = (approved actual spend - profiled budget) / profiled budget x 100

and when |variance| is more than the partnership's spend tolerance (TimetableSettings.
spend_tolerance_percent, 10% unless changed) the theme's exception report gets an item for the
commission: amber, or red when it is off by more than twice the tolerance. The quarter, not the
year to date, is compared: it is what the spend return itself is explained against
(indicators.services.money.VARIANCE_EXPLANATION_THRESHOLD), so the return's reason for the variance
and action taken pre-fill the item.

No item when the commission has no profile for the quarter (a variance from nothing means nothing),
or no approved spend return for it yet (an outstanding return is chased, not reported as spend).

The figures are frozen with the theme's snapshot (its data's "spend" block), like the indicators'.
"""

from decimal import Decimal

from indicators.models import BudgetProfile, Commission, SpendReturn
from indicators.money import describe_variance, variance_percent
from indicators.periods import PeriodKind, Span
from indicators.status import Status
from indicators.values import Unit, format_value
from indicators.workflow import ReturnState
from reporting.models import TimetableSettings

DEFAULT_TOLERANCE = TimetableSettings._meta.get_field("spend_tolerance_percent").default


def off_profile_variance(actual: Decimal | None, profile: Decimal | None, tolerance: Decimal) -> Decimal | None:
    """The variance in percent when the spend is off its profile by more than `tolerance` percent,
    else None (also None without a profile, or without an actual)."""
    if actual is None:
        return None
    variance = variance_percent(actual, profile)
    if variance is None or abs(variance) <= tolerance:
        return None
    return variance


def spend_status(variance: Decimal, tolerance: Decimal) -> str:
    """Amber when off profile by more than the tolerance, red by more than twice it."""
    return Status.RED if abs(variance) > 2 * tolerance else Status.AMBER


def spend_tolerance(partnership) -> Decimal:
    value = (
        TimetableSettings.objects.filter(partnership=partnership)
        .values_list("spend_tolerance_percent", flat=True)
        .first()
    )
    return DEFAULT_TOLERANCE if value is None else value


def _money(amount) -> str:
    return "–" if amount is None else format_value(amount, Unit.MONEY, places=0)


def theme_spend(theme, span: Span, tolerance: Decimal) -> dict:
    """The quarter's spend against profile for each of the theme's commissions with a profile or
    an approved spend return, as plain data: {"tolerance", "period", "rows": [...]}; a row's
    `status` is "" unless it is off profile. Three queries."""
    quarter = {"period__kind": PeriodKind.QUARTER, "period__start": span.start}
    commissions = list(
        Commission.objects.for_partnership(theme.partnership_id)
        .filter(theme=theme)
        .only("pk", "name", "kind", "funding", "abg_share", "mainstream_share", "other_grant_share", "manager_id")
        .order_by("name")
    )
    ids = [commission.pk for commission in commissions]
    profiles = dict(
        BudgetProfile.objects.filter(commission_id__in=ids, **quarter).values_list("commission_id", "amount")
    )
    returns = {
        row["commission_id"]: row
        for row in SpendReturn.objects.filter(commission_id__in=ids, state=ReturnState.APPROVED, **quarter).values(
            "commission_id", "actual_spend", "variance_reason", "action_taken"
        )
    }
    rows = []
    for commission in commissions:
        profile, ret = profiles.get(commission.pk), returns.get(commission.pk)
        if profile is None and ret is None:
            continue
        actual = ret["actual_spend"] if ret else None
        off = off_profile_variance(actual, profile, tolerance)
        variance = variance_percent(actual, profile) if actual is not None else None
        rows.append(
            {
                "commission_id": commission.pk,
                "code": "Spend",
                "title": commission.name,
                "kind": commission.get_kind_display(),
                "funding": commission.funding_display,
                "manager_id": commission.manager_id,
                "period": span.label,
                "profile": None if profile is None else float(profile),
                "actual": None if actual is None else float(actual),
                "actual_display": f"{_money(actual)} spent" if ret else "No approved spend return",
                "target_display": f"{_money(profile)} profiled" if profile is not None else "no profile",
                "variance": None if variance is None else float(variance),
                "variance_display": describe_variance(variance) if ret else "–",
                "off_profile": off is not None,
                "status": spend_status(off, tolerance) if off is not None else "",
                "variance_reason": ret["variance_reason"] if ret else "",
                "action_taken": ret["action_taken"] if ret else "",
            }
        )
    return {"tolerance": float(tolerance), "period": span.label, "rows": rows}


def spend_rows(data: dict) -> dict[int, dict]:
    """{commission id: row} of a snapshot's spend block (empty for a snapshot from before it)."""
    return {row["commission_id"]: row for row in data.get("spend", {}).get("rows", [])}


def off_profile_rows(data: dict) -> list[dict]:
    return [row for row in data.get("spend", {}).get("rows", []) if row["off_profile"]]
