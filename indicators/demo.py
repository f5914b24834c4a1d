"""Demo indicators for the four demo partnerships: national and local indicators with three years
of targets (the agreement runs from last financial year to next) and approved results up to the
latest finished period. Idempotent, like partnership.demo. Figures are invented but plausible.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from indicators.models import (
    AnnualTarget,
    BudgetProfile,
    CatalogueIndicator,
    Commission,
    Indicator,
    IndicatorReturn,
    Period,
    Result,
    SpendReturn,
)
from indicators.periods import KIND_FOR_FREQUENCY, Frequency, PeriodKind, latest_ended, spans_in_year, year_span
from indicators.return_rules import ATTESTATION_FIELDS
from indicators.services.rounds import default_deadline, due_span, open_round
from indicators.status import Accumulation, Polarity, default_profile
from indicators.values import Unit, default_accumulation
from indicators.workflow import ReturnState
from partnership.models import Membership, Objective, Partnership, Theme
from partnership.roles import Role

H, L = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
Q, S, A = Frequency.QUARTERLY, Frequency.SIX_MONTHLY, Frequency.ANNUAL
PCT, RATE, COUNT, YES_NO = Unit.PERCENTAGE, Unit.RATE, Unit.COUNT, Unit.YES_NO


@dataclass(frozen=True)
class Spec:
    code: str
    theme: str
    unit: str
    polarity: str
    frequency: str
    baseline: str
    targets: tuple  # three annual targets, one per agreement year
    performance: tuple  # actual / target in the year before the agreement and each agreement year
    title: str = ""  # for local indicators; national ones take the catalogue's title
    margin: str = "0.05"  # the monitoring level sits this fraction of the target on the worse side
    rate_per: int = 1000
    ratio: tuple = ()  # (numerator label, denominator label, denominator size)
    accumulation: str = ""
    laa: bool = True
    stretch: bool = False
    objective: str = ""
    baseline_note: str = ""
    allows_negative: bool = False
    data_source: str = ""
    extra: dict = field(default_factory=dict)


HARINGEY = [
    Spec("NI 1", "corporate", PCT, H, A, "74", ("76", "78", "80"), ("0.97", "0.99", "1.0"), data_source="Place Survey"),
    Spec(
        "NI 6", "corporate", PCT, H, A, "21", ("22", "23.5", "25"), ("0.95", "0.93", "0.96"), data_source="Place Survey"
    ),
    Spec(
        "NI 8",
        "well-being",
        PCT,
        H,
        A,
        "19.2",
        ("20", "21", "22"),
        ("0.98", "1.01", "0.97"),
        data_source="Active People Survey",
    ),
    Spec(
        "NI 112",
        "well-being",
        RATE,
        L,
        Q,
        "64.7",
        ("56", "52", "48"),
        ("1.02", "1.04", "1.09"),
        ratio=("Conceptions to females aged 15-17", "Females aged 15-17", 4200),
        stretch=True,
        data_source="ONS / Teaching PCT",
    ),
    Spec(
        "NI 120",
        "well-being",
        RATE,
        L,
        A,
        "712",
        ("690", "675", "660"),
        ("1.0", "0.99", "1.01"),
        rate_per=100000,
        data_source="ONS mortality",
    ),
    Spec(
        "NI 40",
        "well-being",
        COUNT,
        H,
        Q,
        "820",
        ("900", "950", "1000"),
        ("0.96", "1.03", "0.98"),
        accumulation=Accumulation.SNAPSHOT,
        data_source="National Drug Treatment Monitoring System",
    ),
    Spec(
        "L SC1",
        "safer-communities",
        COUNT,
        L,
        Q,
        "5400",
        ("5200", "5000", "4800"),
        ("1.03", "0.98", "1.04"),
        title="Serious acquisitive crime (recorded offences)",
        data_source="Metropolitan Police CRIS",
    ),
    Spec(
        "L SC2",
        "safer-communities",
        COUNT,
        L,
        Q,
        "690",
        ("660", "640", "620"),
        ("0.97", "0.95", "1.12"),
        title="Most serious violent crime (recorded offences)",
        data_source="Metropolitan Police CRIS",
    ),
    Spec(
        "L SC3",
        "safer-communities",
        PCT,
        L,
        Q,
        "31",
        ("29", "28", "27"),
        ("1.0", "1.02", "0.97"),
        title="Repeat incidents of domestic violence",
        ratio=("Repeat incidents", "All incidents", 600),
        data_source="MARAC",
    ),
    Spec(
        "NI 192",
        "better-places",
        PCT,
        H,
        Q,
        "25.6",
        ("28", "31", "34"),
        ("0.96", "0.98", "1.01"),
        ratio=("Tonnes reused, recycled or composted", "Tonnes of household waste", 18000),
        data_source="WasteDataFlow",
    ),
    Spec(
        "NI 195",
        "better-places",
        PCT,
        L,
        S,
        "11",
        ("10", "9", "8"),
        ("1.05", "1.02", "0.98"),
        data_source="Local environmental quality survey",
    ),
    Spec(
        "NI 186",
        "better-places",
        PCT,
        H,
        A,
        "0",
        ("3.5", "7", "10.5"),
        ("0.9", "0.95", "0.97"),
        baseline_note="2005 baseline 5.6 tonnes per head",
        data_source="DECC (about 21 months in arrears)",
    ),
    Spec(
        "NI 117",
        "children-young-people",
        PCT,
        L,
        A,
        "10.4",
        ("9.5", "9", "8.5"),
        ("1.01", "1.03", "1.0"),
        data_source="Connexions CCIS",
    ),
    Spec(
        "NI 110",
        "children-young-people",
        PCT,
        H,
        A,
        "66",
        ("68", "70", "72"),
        ("0.99", "1.0", "1.02"),
        data_source="Tellus survey",
    ),
    Spec(
        "NI 56",
        "children-young-people",
        PCT,
        L,
        A,
        "23.5",
        ("23", "22.5", "22"),
        ("1.02", "1.01", "1.04"),
        data_source="National Child Measurement Programme",
    ),
    Spec(
        "NI 154",
        "integrated-housing",
        COUNT,
        H,
        Q,
        "580",
        ("600", "650", "700"),
        ("0.94", "1.05", "0.88"),
        data_source="Building control",
    ),
    Spec(
        "NI 187",
        "integrated-housing",
        PCT,
        L,
        A,
        "9.1",
        ("8.8", "8.5", "8.2"),
        ("1.0", "0.99", "1.01"),
        data_source="SAP survey",
    ),
    Spec(
        "L IH1",
        "integrated-housing",
        COUNT,
        L,
        Q,
        "5200",
        ("4800", "4400", "4000"),
        ("1.02", "1.03", "1.06"),
        title="Households in temporary accommodation",
        accumulation=Accumulation.SNAPSHOT,
        data_source="P1E returns",
    ),
    Spec(
        "NI 151",
        "enterprise",
        PCT,
        H,
        Q,
        "64.8",
        ("66", "67", "68"),
        ("0.99", "0.995", "0.985"),
        data_source="Annual Population Survey",
    ),
    Spec(
        "NI 152",
        "enterprise",
        PCT,
        L,
        Q,
        "16.2",
        ("15.6", "15", "14.4"),
        ("1.01", "0.99", "1.02"),
        data_source="DWP benefit claimants",
    ),
    Spec(
        "NI 171",
        "enterprise",
        RATE,
        H,
        A,
        "58",
        ("60", "62", "64"),
        ("0.97", "1.01", "0.99"),
        rate_per=10000,
        data_source="BERR VAT registrations",
    ),
]

HARROW = [
    Spec(
        "HSP R1",
        "safer-harrow",
        PCT,
        L,
        Q,
        "0",
        ("5", "5", "5"),
        ("1.1", "0.9", "1.4"),
        title="% variance from Safer Harrow profiled spend",
        objective="Spend aligns with the stretched indicators delivery plan",
        baseline_note="Profiles to be established",
        margin="1",
        laa=False,
    ),
    Spec(
        "HSP R2",
        "children-young-people",
        PCT,
        L,
        Q,
        "0",
        ("5", "5", "5"),
        ("0.8", "0.7", "0.9"),
        title="% variance from Children and Young People profiled spend",
        objective="Spend aligns with the stretched indicators delivery plan",
        baseline_note="Profiles to be established",
        margin="1",
        laa=False,
    ),
    Spec(
        "HSP P1",
        "community-cohesion",
        PCT,
        H,
        A,
        "18",
        ("22", "25", "28"),
        ("0.9", "0.96", "1.0"),
        title="The % BME members in the HSP",
        objective="Make up of the HSP is reflective of the community",
        baseline_note="Monitoring form to be completed by all members of HSP",
        laa=False,
    ),
    Spec(
        "HSP P2",
        "community-cohesion",
        PCT,
        H,
        A,
        "4",
        ("6", "8", "10"),
        ("0.8", "0.9", "0.95"),
        title="The % of members who are under 25",
        objective="Make up of the HSP is reflective of the community",
        laa=False,
    ),
    Spec(
        "HSP C1",
        "community-cohesion",
        PCT,
        H,
        A,
        "50",
        ("55", "60", "65"),
        ("1.0", "1.02", "0.98"),
        title="% of people who strongly agree and agree that HSP strategies reflect their views",
        objective="The HSP strategies reflect the views and needs of all sections of the community",
        laa=False,
    ),
    Spec(
        "HSP C2",
        "sustainable-development",
        PCT,
        H,
        Q,
        "60",
        ("70", "75", "80"),
        ("0.96", "0.98", "0.92"),
        title="% of Sustainable Community Plan indicators which are green",
        objective="The Sustainable Community Plan 3 year action plan is on track",
        baseline_note="Plan to be developed",
        laa=False,
    ),
    Spec(
        "HSP C3",
        "safer-harrow",
        PCT,
        H,
        Q,
        "60",
        ("75", "80", "85"),
        ("0.95", "1.0", "0.97"),
        title="% stretched targets on track for the Safer Harrow Management Group",
        objective="The LAA stretched targets are on track",
        baseline_note="06/07",
        laa=False,
    ),
    Spec(
        "HSP T1",
        "healthier-communities",
        PCT,
        H,
        A,
        "50",
        ("55", "60", "65"),
        ("0.94", "0.97", "0.99"),
        title="% of people who strongly agree or agree that the HSP gives an effective steer",
        objective="The HSP provides an effective steer to partner organisations' strategies",
        laa=False,
    ),
    Spec(
        "HSP S1",
        "sustainable-development",
        YES_NO,
        H,
        A,
        "0",
        ("1", "1", "1"),
        ("0", "1", "1"),
        title="Green GOL rating achieved",
        objective="Achieved green GOL rating by 2008/09",
        baseline_note="Amber",
        margin="0",
        laa=False,
    ),
    Spec(
        "HSP S2",
        "sustainable-development",
        COUNT,
        L,
        Q,
        "2",
        ("2", "1", "1"),
        ("1.0", "1.0", "2.0"),
        title="The number of risks that are 20 or over on the risk register",
        objective="Minimise risks that are over 20",
        baseline_note="2/22",
        accumulation=Accumulation.SNAPSHOT,
        margin="1",
        laa=False,
    ),
    Spec(
        "NI 112",
        "children-young-people",
        RATE,
        L,
        Q,
        "38.2",
        ("34", "31", "28"),
        ("1.03", "1.0", "1.05"),
        ratio=("Conceptions to females aged 15-17", "Females aged 15-17", 3900),
    ),
]

HALTON = [
    Spec("NI 117", "children-young-people", PCT, L, S, "11.2", ("10.2", "9.5", "8.8"), ("1.02", "1.05", "1.12")),
    Spec("NI 152", "employment-learning-skills", PCT, L, S, "19.8", ("19", "18.2", "17.4"), ("1.0", "1.01", "1.03")),
    Spec("NI 163", "employment-learning-skills", PCT, H, A, "61", ("63", "65", "67"), ("0.98", "0.99", "1.0")),
    Spec(
        "NI 120", "healthy-halton", RATE, L, A, "820", ("800", "785", "770"), ("1.02", "1.03", "1.04"), rate_per=100000
    ),
    Spec("NI 195", "urban-renewal", PCT, L, S, "9", ("8", "7.5", "7"), ("1.0", "0.97", "0.95")),
    Spec(
        "L SH1",
        "safer-halton",
        COUNT,
        L,
        S,
        "2100",
        ("2000", "1900", "1800"),
        ("1.05", "1.08", "1.15"),
        title="Violent crime (recorded offences)",
    ),
]

SEFTON = [
    Spec(
        "NI 112",
        "children-young-people",
        RATE,
        L,
        Q,
        "41",
        ("38", "35", "32"),
        ("1.0", "0.98", "1.02"),
        ratio=("Conceptions to females aged 15-17", "Females aged 15-17", 5600),
    ),
    Spec(
        "L SS1",
        "safer-stronger",
        COUNT,
        L,
        Q,
        "3100",
        ("3000", "2900", "2800"),
        ("0.99", "1.01", "1.06"),
        title="Serious acquisitive crime (recorded offences)",
    ),
    Spec("NI 8", "health-wellbeing", PCT, H, A, "20.4", ("21", "22", "23"), ("1.0", "0.98", "0.99")),
    Spec("NI 151", "economic-regeneration", PCT, H, Q, "69", ("70", "71", "72"), ("1.0", "0.99", "0.97")),
    Spec("NI 154", "economic-regeneration", COUNT, H, Q, "420", ("450", "480", "500"), ("1.02", "0.97", "0.9")),
]

SPECS = {"haringey": HARINGEY, "harrow": HARROW, "halton": HALTON, "sefton": SEFTON}
# Area Based Grant commissions and legacy NRF projects (seed 001 §5.3): (theme, name, kind, annual budget).
COMMISSIONS = {
    "haringey": [
        ("well-being", "Healthy Lifestyles Commission", "commission", "420000"),
        ("well-being", "Teenage Pregnancy Prevention", "commission", "185000"),
        ("safer-communities", "Integrated Offender Management", "commission", "350000"),
        ("better-places", "Cleaner Streets Programme", "commission", "260000"),
        ("children-young-people", "Youth Engagement Commission", "commission", "300000"),
        ("enterprise", "Worklessness Commission", "commission", "510000"),
        ("enterprise", "Tottenham Business Support (NRF)", "project", "90000"),
        ("integrated-housing", "Warm Homes Project (NRF)", "project", "75000"),
    ],
    "halton": [("employment-learning-skills", "Skills for Work", "commission", "240000")],
    "sefton": [("safer-stronger", "Neighbourhood Wardens", "commission", "210000")],
}
SPEND_PATTERN = [Decimal(x) for x in ("0.92", "1.04", "1.15", "0.97", "0.85", "1.0")]

# The latest quarter's returns, in turn: a collation round part-way through.
RETURN_STATES = [
    ReturnState.APPROVED,
    ReturnState.SUBMITTED,
    ReturnState.DRAFT,
    ReturnState.APPROVED,
    ReturnState.NOT_STARTED,
    ReturnState.RETURNED,
    ReturnState.APPROVED,
]
# Small differences between periods, so trends look like real data.
WOBBLE = [
    Decimal(x)
    for x in ("1.0", "1.015", "0.985", "1.01", "0.995", "1.02", "0.99", "1.005", "1.0", "0.98", "1.01", "1.0")
]


def rounded(value: Decimal, places="0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


class IndicatorDemoLoader:
    def __init__(self, today: dt.date | None = None):
        self.today = today or timezone.localdate()
        self.pending = {}  # (indicator id, span) -> the figure its return will carry

    @transaction.atomic
    def load(self):
        self.round_end = latest_ended(PeriodKind.QUARTER, self.today).end
        for slug, specs in SPECS.items():
            partnership = Partnership.objects.get(slug=slug)
            quarter = latest_ended(PeriodKind.QUARTER, self.today)
            # A deadline still ahead, so the demo shows a collation in progress whatever the date.
            deadline = max(default_deadline(quarter.end), self.today + dt.timedelta(days=14))
            round_ = open_round(partnership, quarter, deadline)
            for position, spec in enumerate(specs):
                indicator = self.load_indicator(partnership, spec)
                self.load_return(indicator, round_, RETURN_STATES[position % len(RETURN_STATES)])
            for position, (theme_slug, name, kind, annual) in enumerate(COMMISSIONS.get(slug, [])):
                self.load_commission(partnership, theme_slug, name, kind, Decimal(annual), position)

    def load_indicator(self, partnership, spec: Spec):
        catalogue = CatalogueIndicator.objects.filter(code=spec.code).first()
        theme = Theme.objects.get(partnership=partnership, slug=spec.theme)

        def theme_members(role):
            return Membership.objects.filter(role_assignments__theme=theme, role_assignments__role=role).order_by("pk")

        outcome_lead = self._persona_outcome_lead(partnership, theme) or theme_members(Role.OUTCOME_LEAD).first()
        years = partnership.agreement_years(self.today)
        indicator, _ = Indicator.objects.update_or_create(
            partnership=partnership,
            code=spec.code,
            defaults={
                "catalogue": catalogue,
                "title": spec.title or (catalogue.title if catalogue else spec.code),
                "definition": catalogue.unit_description if catalogue else "",
                "unit": spec.unit,
                "rate_per": spec.rate_per,
                "is_ratio": bool(spec.ratio),
                "numerator_label": spec.ratio[0] if spec.ratio else "",
                "denominator_label": spec.ratio[1] if spec.ratio else "",
                "allows_negative": spec.allows_negative,
                "polarity": spec.polarity,
                "frequency": spec.frequency,
                "accumulation": spec.accumulation or default_accumulation(spec.unit),
                "is_laa": spec.laa,
                "is_stretch": spec.stretch,
                "baseline_value": Decimal(spec.baseline),
                "baseline_period": Period.objects.for_span(year_span(years[0] - 2)),
                "baseline_note": spec.baseline_note,
                "lead_theme": theme,
                "outcome_lead": outcome_lead,
                "delivery_manager": theme_members(Role.DELIVERY_MANAGER).first(),
                "objective": Objective.objects.filter(partnership=partnership, title=spec.objective).first()
                if spec.objective
                else None,
                "data_source": spec.data_source,
            },
        )
        for fy, target in zip(years, spec.targets, strict=True):
            target = Decimal(target)
            margin = abs(target) * Decimal(spec.margin) if spec.margin != "1" else Decimal(1 if spec.unit != PCT else 2)
            level = target - margin if spec.polarity == H else target + margin
            if spec.unit == YES_NO:
                level = None
            AnnualTarget.objects.get_or_create(
                indicator=indicator,
                period=Period.objects.for_span(year_span(fy)),
                defaults={"value": target, "monitoring_level": level},
            )
        history = [(years[0] - 1, Decimal(spec.baseline) if spec.baseline != "0" else Decimal(spec.targets[0]))] + [
            (fy, Decimal(t)) for fy, t in zip(years, spec.targets, strict=True)
        ]
        for (fy, annual), factor in zip(history, spec.performance, strict=False):
            self.load_results(indicator, spec, fy, annual, Decimal(factor))
        return indicator

    def load_results(self, indicator, spec: Spec, fy: int, annual: Decimal, factor: Decimal):
        kind = KIND_FOR_FREQUENCY[indicator.frequency]
        spans = spans_in_year(fy, kind)
        per_period = default_profile(annual, len(spans), Accumulation.SNAPSHOT)
        for index, span in enumerate(spans):
            if not span.has_ended(self.today):
                break
            wobble = WOBBLE[(index + fy + len(spec.code)) % len(WOBBLE)]
            # performance is actual / target, so above 1 is better for higher-is-better, worse for lower.
            achieved = factor * wobble if spec.unit != YES_NO else factor
            value = per_period[index] * achieved
            if indicator.accumulation == Accumulation.CUMULATIVE:
                value = value / len(spans)  # the period's own count; the year to date is their sum
            if span.end == self.round_end:
                # This round's figures arrive as returns (see load_return), not as ready results.
                self.pending[(indicator.pk, span)] = value
                break
            fields = {"commentary": ""}
            if spec.ratio:
                denominator = Decimal(spec.ratio[2])
                fields.update(
                    numerator=rounded(value * denominator / indicator.scale, "1"), denominator=denominator, value=None
                )
            else:
                fields["value"] = rounded(value, "1" if spec.unit in (COUNT, YES_NO) else "0.1")
            Result.objects.get_or_create(indicator=indicator, period=Period.objects.for_span(span), defaults=fields)

    def load_return(self, indicator, round_, state):
        """This round's return in a given state; approved ones also become the period's result."""
        span = due_span(round_, indicator)
        value = self.pending.get((indicator.pk, span))
        if span is None or value is None or state == ReturnState.NOT_STARTED:
            return
        period = Period.objects.for_span(span)
        figures = {"value": rounded(value, "1" if indicator.unit in (COUNT, YES_NO) else "0.1")}
        if indicator.is_ratio:
            denominator = Decimal(1000)
            figures = {"numerator": rounded(value * denominator / indicator.scale, "1"), "denominator": denominator}
        attested = {name: state != ReturnState.DRAFT for name in ATTESTATION_FIELDS}
        ret, created = IndicatorReturn.objects.get_or_create(
            indicator=indicator,
            period=period,
            defaults={
                **figures,
                **attested,
                "state": state,
                "version": 1,
                "commentary": "Figures from the partner's system.",
                "return_reason": "Please check against the police figure." if state == ReturnState.RETURNED else "",
                "submitted_at": timezone.now() if state != ReturnState.DRAFT else None,
            },
        )
        if created and state == ReturnState.APPROVED:
            Result.objects.get_or_create(
                indicator=indicator, period=period, defaults={**figures, "commentary": ret.commentary}
            )

    def load_commission(self, partnership, theme_slug, name, kind, annual, position):
        """A commission with this year's budget profiled evenly by quarter, approved spend for the
        earlier finished quarters and a return in progress for the latest one."""
        theme = Theme.objects.get(partnership=partnership, slug=theme_slug)
        manager = Membership.objects.filter(
            role_assignments__theme=theme, role_assignments__role=Role.DELIVERY_MANAGER
        ).first()
        commission, _ = Commission.objects.get_or_create(
            theme=theme,
            name=name,
            defaults={
                "kind": kind,
                "manager": manager,
                "provider": list(partnership.organisations.order_by("pk"))[
                    position % partnership.organisations.count()
                ],
            },
        )
        latest = latest_ended(PeriodKind.QUARTER, self.today)
        for quarter in spans_in_year(latest.financial_year, PeriodKind.QUARTER):
            period = Period.objects.for_span(quarter)
            BudgetProfile.objects.get_or_create(commission=commission, period=period, defaults={"amount": annual / 4})
            if not quarter.has_ended(self.today):
                continue
            factor = SPEND_PATTERN[(position + quarter.number) % len(SPEND_PATTERN)]
            state = ReturnState.APPROVED if quarter != latest else RETURN_STATES[position % len(RETURN_STATES)]
            if state == ReturnState.NOT_STARTED:
                continue
            SpendReturn.objects.get_or_create(
                commission=commission,
                period=period,
                defaults={
                    "actual_spend": rounded(annual / 4 * factor),
                    "match_cash": rounded(annual / 40),
                    "match_in_kind": rounded(annual / 80),
                    "match_leverage": Decimal(0),
                    "state": state,
                    "version": 1,
                    "variance_reason": "Staff vacancy in the delivery team." if factor < 1 else "",
                    "action_taken": "Recruitment under way; underspend re-profiled to Q4." if factor < 1 else "",
                },
            )

    @staticmethod
    def _persona_outcome_lead(partnership, theme):
        return Membership.objects.filter(
            partnership=partnership,
            user__username="chair",
            role_assignments__theme=theme,
            role_assignments__role=Role.OUTCOME_LEAD,
        ).first()


def load_indicator_demo(today: dt.date | None = None):
    IndicatorDemoLoader(today=today).load()
