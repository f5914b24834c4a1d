"""Money returns in the database: saving spend returns, setting budget profiles, and the per
commission totals the pages show.

A spend return goes through the same workflow, validation and audit as an indicator return: the
same `indicators.services.returns.ReturnSave` (workflow decision, lock rule, optimistic `version`
and a `_change_reason` on every save), the same exceptions. Approving, returning and reopening
are `indicators.services.returns.decide_return`, which is generic over both kinds of return.

Only APPROVED spend counts in the totals (as only approved results count in dashboards).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from indicators.models import BudgetProfile, Commission, Period, SpendReturn
from indicators.money import (
    MONEY_FIELDS,
    PROGRESS_FIELDS,
    ZERO,
    describe_variance,
    is_off_profile,
    money_problems,
    parse_money,
    shared_out,
    to_date,
    variance_percent,
)
from indicators.periods import PeriodKind, Span, spans_in_year
from indicators.return_rules import period_problem
from indicators.services.returns import ReturnInvalid, ReturnSave, ReturnTexts
from indicators.values import Unit, format_value
from indicators.workflow import ReturnAction, ReturnState
from partnership.concurrency import StaleEdit, UnconfirmedRemoval
from partnership.exports import writable
from partnership.roles import Access

# A quarter's spend more than this many percent over or under that quarter's profile (|variance|,
# see indicators.money) must come with a reason for the variance and the action being taken
# before it can be submitted. Spend against no profile at all must be explained too.
VARIANCE_EXPLANATION_THRESHOLD = Decimal("10")


@dataclass
class SpendInput(ReturnTexts):
    actual_spend: Decimal | None = None
    match_cash: Decimal | None = None
    match_in_kind: Decimal | None = None
    match_leverage: Decimal | None = None
    sustainability: str = ""
    partnership_working: str = ""
    community_engagement: str = ""

    def __post_init__(self):
        super().__post_init__()
        for name in PROGRESS_FIELDS:  # kept as a spreadsheet can hold them, like the other words
            setattr(self, name, writable(getattr(self, name) or ""))

    def figures(self) -> dict:
        return {name: getattr(self, name) for name in MONEY_FIELDS}


def quarter_profile(commission: Commission, period: Period) -> Decimal | None:
    return BudgetProfile.objects.filter(commission=commission, period=period).values_list("amount", flat=True).first()


def spend_submission_problems(data: SpendInput, profile: Decimal | None) -> dict[str, str]:
    """What a submission needs on top of figures that are possible."""
    problems = {}
    if data.actual_spend is None:
        problems["actual_spend"] = "Enter the actual spend for this quarter (enter 0 if nothing was spent)."
        return problems
    actual = parse_money(data.actual_spend)
    if is_off_profile(actual, profile, VARIANCE_EXPLANATION_THRESHOLD):
        why = (
            f"The spend is {describe_variance(variance_percent(actual, profile))}"
            if profile
            else "No budget was profiled for this quarter"
        )
        if not data.variance_reason.strip():
            problems["variance_reason"] = f"{why}: explain the reason for the variance."
        if not data.action_taken.strip():
            problems["action_taken"] = f"{why}: say what action is being taken."
    return problems


def save_spend_return(
    *,
    commission: Commission,
    period: Period,
    data: SpendInput,
    action: str,
    user,
    access: Access,
    expected_version: int | None,
    today: dt.date | None = None,
) -> SpendReturn:
    """Save a draft or submit a quarter's spend. `expected_version` is the version the person
    started from (None or 0 for a return not yet started)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        save = ReturnSave.begin(
            SpendReturn,
            {"commission": commission, "period": period},
            partnership_id=commission.theme.partnership_id,
            period=period,
            theme_id=commission.theme_id,
            action=action,
            access=access,
            expected_version=expected_version,
        )
        errors = money_problems(data.figures())
        if period.kind != PeriodKind.QUARTER:
            errors["period"] = "Spend is returned quarter by quarter: choose a quarter."
        elif problem := period_problem(period.end, today):
            errors["period"] = problem
        if action == ReturnAction.SUBMIT and not errors:
            errors.update(spend_submission_problems(data, quarter_profile(commission, period)))
        if errors:
            raise ReturnInvalid(errors)
        ret = save.target()
        for name in MONEY_FIELDS:
            setattr(ret, name, parse_money(getattr(data, name)))
        ret.commentary, ret.variance_reason, ret.action_taken = data.commentary, data.variance_reason, data.action_taken
        for name in PROGRESS_FIELDS:
            setattr(ret, name, getattr(data, name))
        return save.record(ret, user)


# --- budget profiles -----------------------------------------------------------------------------


def _year_filter(fy: int) -> dict:
    return {
        "period__kind": PeriodKind.QUARTER,
        "period__start__in": [q.start for q in spans_in_year(fy, PeriodKind.QUARTER)],
    }


def year_profiles(commission: Commission, fy: int) -> dict[Span, Decimal]:
    """quarter -> profiled amount, for the quarters of `fy` that have a profile."""
    rows = BudgetProfile.objects.filter(commission=commission, **_year_filter(fy)).values_list(
        "period__start", "amount"
    )
    return {Span(PeriodKind.QUARTER, start): amount for start, amount in rows}


def budget_fingerprint(commission: Commission, fy: int) -> str:
    """What the year's profile was when someone opened the form, to notice a save in between."""
    rows = BudgetProfile.objects.filter(commission=commission, **_year_filter(fy)).values_list(
        "period__start", "amount"
    )
    return ";".join(f"{start}={amount}" for start, amount in sorted(rows))


def save_budget_profile(
    *,
    commission: Commission,
    fy: int,
    amounts: dict[Span, Decimal | None],
    expected_fingerprint: str | None = None,
    confirmed: bool = False,
) -> None:
    """Set a year's quarterly profile (None removes a quarter's). Saving nothing, raises StaleEdit
    when someone else changed the profile since `expected_fingerprint`, and UnconfirmedRemoval when
    it would remove a saved quarter and is not `confirmed`. Each change is a save or delete of its
    own, so BudgetProfile's history records who changed which quarter, old -> new."""
    problems = money_problems({span.label: amount for span, amount in amounts.items()})
    if any(span.kind != PeriodKind.QUARTER or span.financial_year != fy for span in amounts):
        raise ValueError("Budget profiles are set for the quarters of one financial year.")
    if problems:
        raise ReturnInvalid(problems)
    with transaction.atomic():
        existing = {
            p.period.span: p
            for p in BudgetProfile.objects.select_for_update()
            .filter(commission=commission, **_year_filter(fy))
            .select_related("period")
        }
        if expected_fingerprint is not None and expected_fingerprint != budget_fingerprint(commission, fy):
            raise StaleEdit()
        removals = [
            f"{span.label} budget profile: {format_value(existing[span].amount, Unit.MONEY, places=2)}"
            for span, raw in amounts.items()
            if span in existing and parse_money(raw) is None
        ]
        if removals and not confirmed:
            raise UnconfirmedRemoval(removals)
        for span, raw in amounts.items():
            amount, profile = parse_money(raw), existing.get(span)
            if amount is None:
                if profile is not None:
                    profile._change_reason = "Quarter's profile removed"
                    profile.delete()
            elif profile is None:
                profile = BudgetProfile(commission=commission, period=Period.objects.for_span(span), amount=amount)
                profile._change_reason = "Budget profiled"
                profile.save()
            elif profile.amount != amount:
                profile.amount = amount
                profile._change_reason = "Budget profile changed"
                profile.save()


# --- totals for the pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class CommissionSummary:
    """One commission's year: budget and approved spend to date, and its match funding."""

    annual_budget: Decimal = ZERO
    profile_to_date: Decimal = ZERO
    spend_to_date: Decimal = ZERO
    match_cash: Decimal = ZERO
    match_in_kind: Decimal = ZERO
    match_leverage: Decimal = ZERO

    @property
    def variance(self) -> Decimal | None:
        return variance_percent(self.spend_to_date, self.profile_to_date)

    @property
    def variance_words(self) -> str:
        return describe_variance(self.variance)

    @property
    def match_total(self) -> Decimal:
        return self.match_cash + self.match_in_kind + self.match_leverage


def commission_summaries(commissions, fy: int, up_to_span: Span | None) -> dict[int, CommissionSummary]:
    """commission pk -> its summary for financial year `fy`, to date meaning up to and including
    quarter `up_to_span` (None: no quarter of the year has finished). Two queries however many
    commissions; only approved spend returns count."""
    if up_to_span is not None and (up_to_span.kind != PeriodKind.QUARTER or up_to_span.financial_year != fy):
        raise ValueError(f"{up_to_span} is not a quarter of {fy}")
    ids = [commission.pk for commission in commissions]
    profiles = defaultdict(dict)
    for commission_id, start, amount in BudgetProfile.objects.filter(
        commission_id__in=ids, **_year_filter(fy)
    ).values_list("commission_id", "period__start", "amount"):
        profiles[commission_id][Span(PeriodKind.QUARTER, start)] = amount
    spend = defaultdict(lambda: defaultdict(dict))  # commission -> field -> {span: amount}
    approved = SpendReturn.objects.filter(commission_id__in=ids, state=ReturnState.APPROVED, **_year_filter(fy))
    for row in approved.values("commission_id", "period__start", *MONEY_FIELDS):
        span = Span(PeriodKind.QUARTER, row["period__start"])
        for name in MONEY_FIELDS:
            spend[row["commission_id"]][name][span] = row[name]
    summaries = {}
    for pk in ids:
        returned = spend[pk]
        summaries[pk] = CommissionSummary(
            annual_budget=sum(profiles[pk].values(), ZERO),
            profile_to_date=to_date(profiles[pk], up_to_span),
            spend_to_date=to_date(returned["actual_spend"], up_to_span),
            match_cash=to_date(returned["match_cash"], up_to_span),
            match_in_kind=to_date(returned["match_in_kind"], up_to_span),
            match_leverage=to_date(returned["match_leverage"], up_to_span),
        )
    return summaries


@dataclass
class QuarterRow:
    """One quarter of a commission's year on its page: the profile and the spend return as it
    stands (whatever its state: the state is shown beside it)."""

    span: Span
    period: Period | None  # None until the quarter has ended (its spend cannot be returned yet)
    profile: Decimal | None
    spend_return: SpendReturn | None

    @property
    def actual(self) -> Decimal | None:
        return self.spend_return.actual_spend if self.spend_return else None

    @property
    def variance(self) -> Decimal | None:
        return None if self.actual is None else variance_percent(self.actual, self.profile)

    @property
    def variance_words(self) -> str:
        return "–" if self.actual is None else describe_variance(self.variance)

    @property
    def state(self) -> str:
        return self.spend_return.shown_state if self.spend_return else ReturnState.NOT_STARTED

    @property
    def has_progress(self) -> bool:
        """The return says something about sustainability, partnership working or the community."""
        return bool(self.spend_return and any(getattr(self.spend_return, name) for name in PROGRESS_FIELDS))


def commission_year(commission: Commission, fy: int, today: dt.date) -> list[QuarterRow]:
    """The four quarters of a commission's financial year."""
    quarters = spans_in_year(fy, PeriodKind.QUARTER)
    profiles = {
        p.period.span: p.amount
        for p in BudgetProfile.objects.filter(commission=commission, **_year_filter(fy)).select_related("period")
    }
    returns = {
        r.period.span: r
        for r in SpendReturn.objects.filter(commission=commission, **_year_filter(fy)).select_related(
            "period", "commission"
        )
    }
    periods = {p.span: p for p in Period.objects.filter(kind=PeriodKind.QUARTER, start__in=[q.start for q in quarters])}
    rows = []
    for span in quarters:
        # Spend is returned only once a quarter is over, in the quarter's round (which made its period).
        period = periods.get(span) if span.has_ended(today) or span in returns else None
        rows.append(QuarterRow(span, period, profiles.get(span), returns.get(span)))
    return rows


def spend_by_stream(partnership, up_to_span: Span) -> list[dict]:
    """The partnership's profile and approved spend to date by funding stream, Area Based Grant
    first, commissions and legacy projects alike (a project funded from ABG counts in the ABG
    total): [{"stream", "label", "commissions", "projects", "profile_to_date", "spend_to_date",
    "variance"}], plain numbers; a stream with nothing in it is left out, except ABG."""
    commissions = list(
        Commission.objects.for_partnership(partnership).only("pk", "kind", "funding", *Commission.SHARE_FIELDS.values())
    )
    money = commission_summaries(commissions, up_to_span.financial_year, up_to_span)
    streams = {
        value: {"stream": value, "label": label, "commissions": 0, "projects": 0, "profile": ZERO, "spend": ZERO}
        for value, label in Commission.Funding.choices
    }
    for commission in commissions:
        # A commission split between streams counts in each, with its share of the money.
        fractions = commission.stream_fractions
        profile = shared_out(money[commission.pk].profile_to_date, fractions)
        spend = shared_out(money[commission.pk].spend_to_date, fractions)
        for value in fractions:
            stream = streams[value]
            stream["projects" if commission.kind == Commission.Kind.PROJECT else "commissions"] += 1
            stream["profile"] += profile[value]
            stream["spend"] += spend[value]
    return [
        {
            **{key: value for key, value in stream.items() if key not in ("profile", "spend")},
            "profile_to_date": float(stream["profile"]),
            "spend_to_date": float(stream["spend"]),
            "variance": None if (v := variance_percent(stream["spend"], stream["profile"])) is None else float(v),
        }
        for value, stream in streams.items()
        if value == Commission.Funding.ABG or stream["commissions"] or stream["projects"]
    ]
