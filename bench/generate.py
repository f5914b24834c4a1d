"""The synthetic load: 50 partnerships x 7 themes x 40 indicators x 12 quarters of approved results,
with targets, profiles, commissions with quarterly budgets and spend, boards, meetings, reporting
cycles and the members whose roles the measured pages and jobs need.

Rows are made with bulk_create (history is not written for them: it is not read by anything
measured), but through the product's own models and, where the product has a function for a
step, that function: `reporting.services.cycles.open_cycle` opens every quarter's cycle and round, and the
periodic job's ladder of intervention runs once before the measured moment (bench/job.py,
`catch_up_ladder`: it has judged the quarters it would have judged in real life, hour by hour).

The time line, with Q the latest quarter ended on the day the data is made:
- Q-12 .. Q-1: approved (and locked) returns and results; cycles Q-12 .. Q-2 are complete;
  Q-1 has been collated and locked, and is waiting for its exception-report milestone (the
  periodic job's measured run freezes it);
- Q: the collation in progress (round open, no returns yet): the load test submits into it.

This module makes each partnership's structure (organisations, boards, themes, people, meetings)
and the timetable so far; bench/figures.py makes each theme's indicators, figures and commissions;
bench/marker.py records what was made, and bench/naming.py names it so later steps find it again.
"""

import datetime as dt
import random
import time
from dataclasses import asdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bench.figures import FigureRows
from bench.marker import Marker, Size
from bench.naming import partnership_slug, usernames
from indicators.models import Period, ReturnRound
from indicators.periods import PeriodKind, latest_ended, spans_in_year, year_span
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


class Generator(FigureRows):
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

    def run(self, start: int = 0):
        """Partnerships `start` .. size - 1 (a load is grown by generating the next ones: each
        partnership's data depends only on its number, so grown and fresh loads are the same)."""
        for index in range(start, self.size.partnerships):
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


def generate_in_processes(size: Size, start: int, processes: int, then=None, log=print) -> Marker:
    """As `generate` from `start`, the partnerships shared among `processes` forked processes
    (each partnership is made in a transaction of its own, from its number alone); `then(partnership)`
    runs after each one, in the process that made it. The first is made here, alone, so the
    periods every partnership shares exist before the others start."""
    import multiprocessing

    from django.db import connections

    started = time.perf_counter()
    generator = Generator(size, timezone.localdate(), log)
    indexes = list(range(start, size.partnerships))
    if indexes:
        _make((generator, indexes[:1], then))
    rest = indexes[1:]
    if rest:
        shares = [(generator, rest[n::processes], then) for n in range(processes) if rest[n::processes]]
        connections.close_all()  # each process opens its own
        with multiprocessing.get_context("fork").Pool(len(shares)) as pool:
            pool.map(_make, shares)
    generator.complete_past_cycles()
    return Marker(
        size=asdict(size),
        current_quarter_start=generator.current.start.isoformat(),
        generated_at=timezone.now().isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - started, 1),
    )


def _make(share):
    from django.db import connections

    generator, indexes, then = share
    for index in indexes:
        with transaction.atomic():
            generator.partnership(index)
        if then is not None:
            then(Partnership.objects.get(slug=partnership_slug(index)))
        if (index + 1) % 10 == 0:
            generator.log(f"  partnership {index + 1} of {generator.size.partnerships} made")
    connections.close_all()


def generate(size: Size, log=print, start: int = 0) -> Marker:
    """Generate the load of `size`; with `start`, only partnerships `start` onwards (the first
    `start` were generated before, on the same time line: bench/national.py grows its load)."""
    started = time.perf_counter()
    generator = Generator(size, timezone.localdate(), log)
    generator.run(start)
    marker = Marker(
        size=asdict(size),
        current_quarter_start=generator.current.start.isoformat(),
        generated_at=timezone.now().isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - started, 1),
    )
    return marker
