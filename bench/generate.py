"""The synthetic load: 50 partnerships x 7 themes x 40 indicators x 12 quarters of approved results,
with targets, profiles, commissions with quarterly budgets and spend, boards, meetings, reporting
cycles and the members whose roles the measured pages and jobs need.

Rows are made with bulk_create (history is not written for them: it is not read by anything
measured), but through the product's own models and, where the product has a function for a
step, that function: `reporting.services.cycles.open_cycle` opens every quarter's cycle and round, and the
periodic job itself runs once before the measured moment (so the ladder of intervention has judged
the quarters it would have judged in real life, hour by hour).

The time line, with Q the latest quarter ended on the day the data is made:
- Q-12 .. Q-1: approved (and locked) returns and results; cycles Q-12 .. Q-2 are complete;
  Q-1 has been collated and locked, and is waiting for its exception-report milestone (the
  periodic job's measured run freezes it);
- Q: the collation in progress (round open, no returns yet): the load test submits into it.
"""

import datetime as dt
import json
import random
import time
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from indicators.models import (
    AnnualTarget,
    BudgetProfile,
    Commission,
    Indicator,
    IndicatorReturn,
    Period,
    PeriodTarget,
    Result,
    ReturnRound,
    SpendReturn,
)
from indicators.periods import PeriodKind, latest_ended, spans_in_year, year_span
from indicators.return_rules import ATTESTATION_FIELDS
from indicators.status import Accumulation, Polarity
from indicators.values import Unit
from indicators.workflow import ReturnState
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
from partnership.roles import Role
from reporting.models import ReportingCycle
from reporting.services.cycles import open_cycle

BATCH = 5000
QUARTERS = 12
THEME_NAMES = [
    "HSP Corporate",
    "Well-Being",
    "Safer Communities",
    "Better Places",
    "Children and Young People",
    "Integrated Housing",
    "Enterprise",
]
ORGANISATIONS = [
    ("Council", OrganisationKind.COUNCIL),
    ("Police", OrganisationKind.POLICE),
    ("Primary Care Trust", OrganisationKind.HEALTH),
    ("Fire and Rescue", OrganisationKind.FIRE),
    ("Council for Voluntary Service", OrganisationKind.VOLUNTARY),
]
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
MARKER_TABLE = "bench_marker"


@dataclass(frozen=True)
class Size:
    partnerships: int = 50
    themes: int = 7
    indicators: int = 40
    quarters: int = QUARTERS


@dataclass(frozen=True)
class Marker:
    """What was generated: the size, and the quarter the time line is anchored on."""

    size: dict
    current_quarter_start: str  # Q: the collation in progress
    generated_at: str
    seconds: float

    @property
    def current_quarter(self):
        from indicators.periods import Span

        return Span(PeriodKind.QUARTER, dt.date.fromisoformat(self.current_quarter_start))


# --- the marker -------------------------------------------------------------------------------


def read_marker() -> Marker | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT value FROM {MARKER_TABLE} WHERE key = 'generated'")
        row = cursor.fetchone()
    return Marker(**json.loads(row[0])) if row else None


def write_marker(marker: Marker):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (key text PRIMARY KEY, value text NOT NULL)")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (key, value) VALUES ('generated', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(asdict(marker))],
        )


# --- the people -------------------------------------------------------------------------------


def usernames(index: int) -> dict:
    """The bench's named people in partnership `index` (others are made per theme and board)."""
    prefix = f"bench-{index:02d}"
    return {"admin": f"{prefix}-admin", "officer": f"{prefix}-officer", "business": f"{prefix}-business"}


def partnership_slug(index: int) -> str:
    return f"bench-{index:02d}"


class Generator:
    def __init__(self, size: Size, today: dt.date, log=print):
        self.size = size
        self.log = log
        self.current = latest_ended(PeriodKind.QUARTER, today)  # Q
        quarters = [self.current]
        while len(quarters) <= size.quarters:
            quarters.insert(0, quarters[0].previous())
        self.result_quarters = quarters[:-1]  # Q-12 .. Q-1
        self.years = sorted({q.financial_year for q in quarters})
        self.periods = {span: Period.objects.for_span(span) for span in quarters}
        self.periods.update({year_span(fy): Period.objects.for_span(year_span(fy)) for fy in self.years})
        for fy in self.years:
            for span in spans_in_year(fy, PeriodKind.QUARTER):
                self.periods.setdefault(span, Period.objects.for_span(span))
        self.password = make_password(None)  # unusable: the bench signs people in directly
        self.now = timezone.now()

    def run(self):
        for index in range(self.size.partnerships):
            with transaction.atomic():
                self.partnership(index)
            if (index + 1) % 10 == 0:
                self.log(f"  {index + 1} of {self.size.partnerships} partnerships")
        self.complete_past_cycles()

    # --- one partnership ----------------------------------------------------------------------

    def partnership(self, index: int):
        rng = random.Random(index)
        partnership = Partnership.objects.create(
            slug=partnership_slug(index),
            name=f"Bench Partnership {index:02d}",
            area_name=f"Bench Borough {index:02d}",
            tolerance_percent=Decimal("5"),
            agreement_start_year=self.years[0],
        )
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(partnership=partnership, name=f"Bench {index:02d} {name}", kind=kind)
                for name, kind in ORGANISATIONS
            ]
        )
        boards = self.boards(partnership)
        themes = Theme.objects.bulk_create(
            [
                Theme(
                    partnership=partnership,
                    name=name,
                    slug=f"theme-{position + 1}",
                    position=position,
                    board=boards["executive"] if position == 0 else boards[f"theme-{position + 1}"],
                )
                for position, name in enumerate(THEME_NAMES[: self.size.themes])
            ]
        )
        people = self.people(index, partnership, organisations, boards, themes)
        self.meetings(boards)
        for theme in themes:
            indicators = self.indicators(partnership, theme, people, organisations, rng)
            self.figures(indicators, people, rng)
            self.commissions(theme, organisations, people, rng)
        for span in [*self.result_quarters, self.current]:
            open_cycle(partnership, span)

    def boards(self, partnership) -> dict[str, Board]:
        top = Board.objects.create(
            partnership=partnership, name="Partnership Board", short_name="LSP", kind=BoardKind.PARTNERSHIP_BOARD
        )
        executive = Board.objects.create(
            partnership=partnership,
            name="Performance Management Group",
            short_name="PMG",
            kind=BoardKind.EXECUTIVE_BOARD,
            parent=top,
        )
        business = Board.objects.create(
            partnership=partnership,
            name="Business Group",
            short_name="BG",
            kind=BoardKind.BUSINESS_GROUP,
            parent=executive,
        )
        boards = {"top": top, "executive": executive, "business": business}
        theme_boards = Board.objects.bulk_create(
            [
                Board(partnership=partnership, name=f"{name} Board", kind=BoardKind.THEME_BOARD, parent=top)
                for name in THEME_NAMES[1 : self.size.themes]
            ]
        )
        boards.update({f"theme-{position + 2}": board for position, board in enumerate(theme_boards)})
        boards["scrutiny"] = Board.objects.create(
            partnership=partnership, name="Overview and Scrutiny Committee", kind=BoardKind.SCRUTINY
        )
        return boards

    def people(self, index, partnership, organisations, boards, themes) -> dict:
        """An administrator; one performance officer for every theme (the load test signs in as
        them); per theme a Report Coordinator, a Performance Management Lead, an Outcome Lead and
        a Delivery Manager; a chair and a member per board; two business group members."""
        named = usernames(index)
        wanted = [
            (named["admin"], "Partnership Manager", [(Role.PARTNERSHIP_ADMIN, None)]),
            (named["officer"], "Performance Officer", [(Role.LEAD_INFORMATION_OFFICER, t) for t in themes]),
            (named["business"], "Business group member", [(Role.BUSINESS_GROUP_MEMBER, boards["business"])]),
            (f"{named['business']}-2", "Business group member", [(Role.BUSINESS_GROUP_MEMBER, boards["business"])]),
        ]
        for theme in themes:
            for role, title in [
                (Role.REPORT_COORDINATOR, "Report Coordinator"),
                (Role.PERFORMANCE_MANAGEMENT_LEAD, "Head of Performance"),
                (Role.OUTCOME_LEAD, "Outcome Lead"),
                (Role.DELIVERY_MANAGER, "Commissioning Manager"),
            ]:
                wanted.append((f"bench-{index:02d}-{theme.slug}-{role.value}", title, [(role, theme)]))
        for key, board in boards.items():
            if board.kind == BoardKind.BUSINESS_GROUP:
                wanted.append((f"bench-{index:02d}-{key}-chair", "Chair", [(Role.BOARD_CHAIR, board)]))
                continue
            wanted.append((f"bench-{index:02d}-{key}-chair", "Chair", [(Role.BOARD_CHAIR, board)]))
            wanted.append((f"bench-{index:02d}-{key}-member", "Board member", [(Role.BOARD_MEMBER, board)]))
        User = get_user_model()
        users = User.objects.bulk_create(
            [
                User(
                    username=username,
                    password=self.password,
                    email=f"{username}@bench.example",
                    first_name=username.split("-")[-1].title(),
                    last_name=f"Bench {index:02d}",
                )
                for username, _, _ in wanted
            ]
        )
        memberships = Membership.objects.bulk_create(
            [
                Membership(
                    partnership=partnership,
                    user=user,
                    organisation=organisations[n % len(organisations)],
                    job_title=title,
                )
                for n, (user, (_, title, _)) in enumerate(zip(users, wanted, strict=True))
            ]
        )
        assignments = []
        people = {}
        for membership, (username, _, grants) in zip(memberships, wanted, strict=True):
            people[username] = membership
            for role, target in grants:
                assignments.append(
                    RoleAssignment(
                        membership=membership,
                        role=role,
                        theme=target if isinstance(target, Theme) else None,
                        board=target if isinstance(target, Board) else None,
                    )
                )
        RoleAssignment.objects.bulk_create(assignments)
        people["_index"] = index
        return people

    def meetings(self, boards):
        """Each board (but scrutiny) reviews each of the last four quarters seven weeks after it ends."""
        tz = timezone.get_current_timezone()
        meetings = []
        for board in boards.values():
            if board.kind == BoardKind.SCRUTINY:
                continue
            for span in self.result_quarters[-4:]:
                day = review_day(span)
                meetings.append(
                    Meeting(
                        board=board,
                        starts_at=dt.datetime.combine(day, dt.time(10, 0), tzinfo=tz),
                        title=f"{span.label} performance review",
                        location="Civic Centre, Committee Room 1",
                    )
                )
        Meeting.objects.bulk_create(meetings)

    # --- indicators and their figures ---------------------------------------------------------

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

    # --- the timetable so far -----------------------------------------------------------------

    def complete_past_cycles(self):
        """Q-12 .. Q-2 have been through the whole timetable; Q-1 is collated and locked, waiting
        for its exception-report milestone; Q is open (its round unlocked)."""
        collated = [self.periods[span].pk for span in self.result_quarters]
        past = collated[:-1]
        ReturnRound.objects.filter(period_id__in=collated).update(locked_at=self.now)
        ReportingCycle.objects.filter(period_id__in=collated).update(
            reminders_sent_at=self.now, locked_at=self.now, chasers_sent_at=self.now
        )
        ReportingCycle.objects.filter(period_id__in=past).update(snapshot_at=self.now, report_assembled_at=self.now)


def review_day(span) -> dt.date:
    """Seven weeks after the quarter ends, moved off a weekend (seed 001 §5.2)."""
    day = span.end + dt.timedelta(weeks=7)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def ratio_figures(value: Decimal, unit: str, rate_per: int) -> dict:
    scale = Decimal(100) if unit == Unit.PERCENTAGE else Decimal(rate_per)
    return {
        "value": None,
        "numerator": (value * DENOMINATOR / scale).quantize(Decimal("0.01")),
        "denominator": DENOMINATOR,
    }


def unit_words(unit: str) -> str:
    return {Unit.PERCENTAGE: "per cent", Unit.RATE: "rate per 1,000", Unit.COUNT: "count"}.get(unit, unit)


def generate(size: Size, log=print) -> Marker:
    started = time.perf_counter()
    generator = Generator(size, timezone.localdate(), log)
    generator.run()
    marker = Marker(
        size=asdict(size),
        current_quarter_start=generator.current.start.isoformat(),
        generated_at=timezone.now().isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - started, 1),
    )
    return marker
