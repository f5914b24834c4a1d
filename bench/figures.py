"""The generated indicators and their figures: the indicator mix, annual targets with monitoring
levels, quarterly profiles, approved and locked returns with the results they wrote, and the
commissions with quarterly budgets and approved spend."""

from decimal import Decimal

from bench.naming import usernames
from indicators.models import (
    Agreement,
    AnnualTarget,
    BudgetProfile,
    Commission,
    Indicator,
    IndicatorReturn,
    PeriodTarget,
    Result,
    SpendReturn,
)
from indicators.periods import PeriodKind, spans_in_year, year_span
from indicators.return_rules import ATTESTATION_FIELDS
from indicators.status import Accumulation, Polarity
from indicators.values import Unit
from indicators.workflow import ReturnState
from partnership.roles import Role

BATCH = 5000
COMMISSIONS_PER_THEME = 4  # three commissions on the dashboard and one legacy project
# The indicator mix, by position: (unit, polarity, accumulation, ratio, rate_per, base target)
KINDS = [
    (Unit.PERCENTAGE, Polarity.HIGHER_IS_BETTER, Accumulation.SNAPSHOT, False, 1000, Decimal("70")),
    (Unit.RATE, Polarity.LOWER_IS_BETTER, Accumulation.SNAPSHOT, True, 1000, Decimal("45")),
    (Unit.COUNT, Polarity.HIGHER_IS_BETTER, Accumulation.CUMULATIVE, False, 1000, Decimal("1200")),
    (Unit.COUNT, Polarity.LOWER_IS_BETTER, Accumulation.CUMULATIVE, False, 1000, Decimal("800")),
    (Unit.PERCENTAGE, Polarity.LOWER_IS_BETTER, Accumulation.SNAPSHOT, True, 1000, Decimal("30")),
]
DENOMINATOR = Decimal("5000")


class FigureRows:
    """The Generator's steps that make one theme's indicators, figures and commissions. Kept apart
    from the partnership's structure and people (bench/generate.py); they use the Generator's size
    and time line (`size`, `years`, `periods`, `result_quarters`, `now`)."""

    def indicators(self, partnership, theme, people, organisations, rng) -> list[Indicator]:
        index = people["_index"]
        prefix = f"bench-{index:02d}-{theme.slug}"
        rows = []
        for number in range(1, self.size.indicators + 1):
            unit, polarity, accumulation, ratio, rate_per, base = KINDS[number % len(KINDS)]
            rows.append(
                Indicator(
                    partnership=partnership,
                    code=f"T{theme.position + 1}.{number:02d}",
                    title=f"{theme.name}: outcome measure {number} ({unit_words(unit)})",
                    definition="Synthetic indicator made by the benchmark.",
                    unit=unit,
                    rate_per=rate_per,
                    is_ratio=ratio,
                    numerator_label="Cases in the period" if ratio else "",
                    denominator_label="Population" if ratio else "",
                    polarity=polarity,
                    frequency="quarterly",
                    accumulation=accumulation,
                    is_laa=number % 2 == 0,
                    is_stretch=number % 7 == 0,
                    baseline_value=base * Decimal(rng.uniform(0.9, 1.1)).quantize(Decimal("0.01")),
                    baseline_period=self.periods[year_span(self.years[0])],
                    lead_theme=theme,
                    outcome_lead=people[f"{prefix}-{Role.OUTCOME_LEAD.value}"],
                    delivery_manager=people[f"{prefix}-{Role.DELIVERY_MANAGER.value}"],
                    data_source="Bench data warehouse",
                    owning_organisation=organisations[number % len(organisations)],
                )
            )
        return Indicator.objects.bulk_create(rows)

    def figures(self, indicators, people, rng):
        """Annual targets with monitoring levels, quarterly profiles, and for every quarter an
        approved, locked return and the result approving it wrote."""
        index = people["_index"]
        officer = people[usernames(index)["officer"]].user_id
        annual_targets, period_targets, results, returns = [], [], [], []
        for indicator in indicators:
            unit, polarity, accumulation, ratio, rate_per, base = KINDS[int(indicator.code.split(".")[1]) % len(KINDS)]
            coordinator = people[
                f"bench-{index:02d}-{indicator.lead_theme.slug}-{Role.REPORT_COORDINATOR.value}"
            ].user_id
            better = Decimal("1.03") if polarity == Polarity.HIGHER_IS_BETTER else Decimal("0.97")
            for year_number, fy in enumerate(self.years):
                annual = (base * better**year_number * Decimal(rng.uniform(0.9, 1.1))).quantize(Decimal("0.01"))
                margin = annual * Decimal("0.05")
                level = annual - margin if polarity == Polarity.HIGHER_IS_BETTER else annual + margin
                annual_targets.append(
                    AnnualTarget(
                        indicator=indicator,
                        period=self.periods[year_span(fy)],
                        value=annual,
                        monitoring_level=level.quantize(Decimal("0.01")),
                        agreement=Agreement.AGREED,
                    )
                )
                for number, span in enumerate(spans_in_year(fy, PeriodKind.QUARTER), 1):
                    profiled = annual * number / 4 if accumulation == Accumulation.CUMULATIVE else annual
                    period_targets.append(
                        PeriodTarget(
                            indicator=indicator, period=self.periods[span], value=profiled.quantize(Decimal("0.01"))
                        )
                    )
                    if span not in self.result_quarters:
                        continue
                    own_target = annual / 4 if accumulation == Accumulation.CUMULATIVE else annual
                    performance = Decimal(rng.uniform(0.86, 1.12))  # some green, some amber, some red
                    off_target = (performance < 1) == (polarity == Polarity.HIGHER_IS_BETTER)
                    value = (own_target * performance).quantize(Decimal("0.01"))
                    figures = (
                        ratio_figures(value, unit, rate_per)
                        if ratio
                        else {"value": value, "numerator": None, "denominator": None}
                    )
                    commentary = f"{span.label}: figures from the bench data warehouse."
                    results.append(
                        Result(indicator=indicator, period=self.periods[span], commentary=commentary, **figures)
                    )
                    returns.append(
                        IndicatorReturn(
                            indicator=indicator,
                            period=self.periods[span],
                            state=ReturnState.APPROVED,
                            version=3,
                            commentary=commentary,
                            variance_reason="Demand rose faster than the plan assumed." if off_target else "",
                            action_taken="Recovery plan agreed at the theme board." if off_target else "",
                            submitted_by_id=officer,
                            submitted_at=self.now,
                            decided_by_id=coordinator,
                            decided_at=self.now,
                            locked_at=self.now,
                            **{name: True for name in ATTESTATION_FIELDS},
                            **figures,
                        )
                    )
        AnnualTarget.objects.bulk_create(annual_targets, batch_size=BATCH)
        PeriodTarget.objects.bulk_create(period_targets, batch_size=BATCH)
        Result.objects.bulk_create(results, batch_size=BATCH)
        IndicatorReturn.objects.bulk_create(returns, batch_size=BATCH)

    def commissions(self, theme, organisations, people, rng):
        index = people["_index"]
        manager = people[f"bench-{index:02d}-{theme.slug}-{Role.DELIVERY_MANAGER.value}"]
        officer = people[usernames(index)["officer"]].user_id
        commissions = Commission.objects.bulk_create(
            [
                Commission(
                    theme=theme,
                    name=f"{theme.name} {'legacy project' if n == COMMISSIONS_PER_THEME else 'commission'} {n}",
                    kind=Commission.Kind.PROJECT if n == COMMISSIONS_PER_THEME else Commission.Kind.COMMISSION,
                    provider=organisations[n % len(organisations)],
                    manager=manager,
                    description="Funded from Area Based Grant.",
                )
                for n in range(1, COMMISSIONS_PER_THEME + 1)
            ]
        )
        profiles, spend = [], []
        for commission in commissions:
            annual = Decimal(rng.randrange(120_000, 600_000, 1000))
            for fy in self.years:
                for span in spans_in_year(fy, PeriodKind.QUARTER):
                    profiles.append(BudgetProfile(commission=commission, period=self.periods[span], amount=annual / 4))
                    if span in self.result_quarters:
                        actual = (annual / 4 * Decimal(rng.uniform(0.8, 1.15))).quantize(Decimal("0.01"))
                        spend.append(
                            SpendReturn(
                                commission=commission,
                                period=self.periods[span],
                                state=ReturnState.APPROVED,
                                version=3,
                                actual_spend=actual,
                                match_cash=(actual / 10).quantize(Decimal("0.01")),
                                match_in_kind=Decimal("0"),
                                match_leverage=Decimal("0"),
                                submitted_by_id=officer,
                                submitted_at=self.now,
                                decided_at=self.now,
                                locked_at=self.now,
                            )
                        )
        BudgetProfile.objects.bulk_create(profiles, batch_size=BATCH)
        SpendReturn.objects.bulk_create(spend, batch_size=BATCH)


def ratio_figures(value: Decimal, unit: str, rate_per: int) -> dict:
    scale = Decimal(100) if unit == Unit.PERCENTAGE else Decimal(rate_per)
    return {
        "value": None,
        "numerator": (value * DENOMINATOR / scale).quantize(Decimal("0.01")),
        "denominator": DENOMINATOR,
    }


def unit_words(unit: str) -> str:
    return {Unit.PERCENTAGE: "per cent", Unit.RATE: "rate per 1,000", Unit.COUNT: "count"}.get(unit, unit)
