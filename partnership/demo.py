"""Demo data: four partnerships after the four seed frameworks, with invented people.

Run with `manage.py load_demo`. Idempotent: every row is found or created by its natural key, so
running it twice changes nothing (and it never deletes what users added).

Sources: Haringey — seed 001 (themes and sub-groups, Appendix B) and 000 (Business Group);
Harrow — seed 002 (management groups and the HSP scorecard); Halton — seed 003 (the PSG and five
SSP "blocks"; the seed does not name the blocks, so Halton's published SSP names are used);
Sefton — seed 004 (Performance & Intelligence Group, Performance Board, Overview & Scrutiny,
area committees). Every person's name is invented.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import (
    Board,
    BoardKind,
    Meeting,
    Membership,
    Objective,
    Organisation,
    OrganisationKind,
    Partnership,
    Perspective,
    RoleAssignment,
    Theme,
)
from .roles import Role
from .years import financial_year_of

DEMO_PASSWORD = "demo-partnership-2026"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    description: str
    # (partnership slug, organisation name, job title, [(role, theme slug or board key or None)])
    memberships: tuple = ()
    is_superuser: bool = False


@dataclass
class PartnershipSpec:
    slug: str
    name: str
    area_name: str
    description: str
    organisations: list  # (name, kind)
    boards: list  # (key, name, short_name, kind, parent key, remit)
    themes: list  # (slug, name, board key)
    objectives: list = field(default_factory=list)  # (perspective, title)


K = BoardKind
ORG = OrganisationKind

PARTNERSHIPS = [
    PartnershipSpec(
        slug="haringey",
        name="Haringey Strategic Partnership",
        area_name="London Borough of Haringey",
        description="Six theme boards performance-manage the LAA quarterly; the Performance Management Group "
        "reports to the HSP; the Business Group challenges performance and data across themes.",
        organisations=[
            ("Haringey Council", ORG.COUNCIL),
            ("Metropolitan Police – Haringey", ORG.POLICE),
            ("Haringey Teaching PCT", ORG.HEALTH),
            ("London Fire Brigade", ORG.FIRE),
            ("Jobcentre Plus", ORG.JOBCENTRE),
            ("HAVCO", ORG.VOLUNTARY),
        ],
        boards=[
            (
                "hsp",
                "Haringey Strategic Partnership Board",
                "HSP",
                K.PARTNERSHIP_BOARD,
                None,
                "Receives the high-level overview of LAA performance.",
            ),
            (
                "pmg",
                "Performance Management Group",
                "PMG",
                K.EXECUTIVE_BOARD,
                "hsp",
                "Overall performance management of the LAA; manages the corporate targets directly.",
            ),
            (
                "business",
                "Business Group",
                "BG",
                K.BUSINESS_GROUP,
                "pmg",
                "Detailed reports on targets not being met; challenges data robustness; recommends to PMG.",
            ),
            ("wellbeing", "Well-Being Partnership Board", "", K.THEME_BOARD, "hsp", ""),
            (
                "wellbeing-exec",
                "Well-being Chair's Executive",
                "",
                K.SUB_GROUP,
                "wellbeing",
                "The theme's key working sub-group for performance management.",
            ),
            ("safer", "Safer Communities Executive Board", "SCEB", K.THEME_BOARD, "hsp", ""),
            ("safer-rcg", "SCEB PMG and Resource Co-ordination Group", "RCG", K.SUB_GROUP, "safer", ""),
            (
                "environment",
                "Environment Sub-group",
                "",
                K.SUB_GROUP,
                "safer",
                "Cross-thematic: reports to Safer Communities as lead theme (seed 001 §5.4).",
            ),
            ("places", "Better Places Partnership", "", K.THEME_BOARD, "hsp", ""),
            ("cyp", "Children and Young People's Strategic Partnership", "CYPSP", K.THEME_BOARD, "hsp", ""),
            ("cyp-advisory", "CYP Advisory Board", "", K.SUB_GROUP, "cyp", ""),
            ("housing", "Integrated Housing Board", "", K.THEME_BOARD, "hsp", ""),
            ("enterprise", "Enterprise Partnership Board", "", K.THEME_BOARD, "hsp", ""),
            (
                "scrutiny",
                "Overview and Scrutiny Committee",
                "OSC",
                K.SCRUTINY,
                None,
                "Identifies lead members for each theme; receives an annual presentation from each theme.",
            ),
        ],
        themes=[
            ("corporate", "HSP (Corporate)", "pmg"),
            ("well-being", "Well-Being", "wellbeing"),
            ("safer-communities", "Safer Communities", "safer"),
            ("better-places", "Better Places", "places"),
            ("children-young-people", "Children and Young People", "cyp"),
            ("integrated-housing", "Integrated Housing", "housing"),
            ("enterprise", "Enterprise", "enterprise"),
        ],
    ),
    PartnershipSpec(
        slug="harrow",
        name="Harrow Strategic Partnership",
        area_name="London Borough of Harrow",
        description="Five management groups report quarterly through balanced scorecards; the HSP scorecard "
        "is presented to the HSP Executive.",
        organisations=[
            ("Harrow Council", ORG.COUNCIL),
            ("Metropolitan Police – Harrow", ORG.POLICE),
            ("Harrow PCT", ORG.HEALTH),
            ("Harrow Association of Voluntary Service", ORG.VOLUNTARY),
            ("Jobcentre Plus", ORG.JOBCENTRE),
        ],
        boards=[
            ("hsp", "Harrow Strategic Partnership Board", "HSP", K.PARTNERSHIP_BOARD, None, ""),
            ("exec", "HSP Executive", "", K.EXECUTIVE_BOARD, "hsp", "Receives the HSP scorecard quarterly."),
            ("safer", "Safer Harrow Management Group", "", K.THEME_BOARD, "hsp", ""),
            ("sdemg", "Sustainable Development and Enterprise Management Group", "SD&EMG", K.THEME_BOARD, "hsp", ""),
            ("cohesion", "Community Cohesion Management Group", "", K.THEME_BOARD, "hsp", ""),
            ("cyp", "Children and Young People's Partnership", "", K.THEME_BOARD, "hsp", ""),
            ("healthier", "Healthier Communities and Older People Management Group", "", K.THEME_BOARD, "hsp", ""),
        ],
        themes=[
            ("safer-harrow", "Safer Harrow", "safer"),
            ("sustainable-development", "Sustainable Development and Enterprise", "sdemg"),
            ("community-cohesion", "Community Cohesion", "cohesion"),
            ("children-young-people", "Children and Young People", "cyp"),
            ("healthier-communities", "Healthier Communities and Older People", "healthier"),
        ],
        objectives=[
            (Perspective.RESOURCES, "Spend aligns with the stretched indicators delivery plan"),
            (Perspective.PEOPLE, "Make up of the HSP is reflective of the community"),
            (
                Perspective.COMMUNITY_INVOLVEMENT,
                "The HSP strategies reflect the views and needs of all sections of the community",
            ),
            (Perspective.COMMUNITY_INVOLVEMENT, "The Sustainable Community Plan 3 year action plan is on track"),
            (Perspective.COMMUNITY_INVOLVEMENT, "The Sustainable Community Plan is refreshed annually"),
            (Perspective.COMMUNITY_INVOLVEMENT, "The LAA stretched targets are on track"),
            (Perspective.PARTNERSHIPS, "The HSP provides an effective steer to partner organisations' strategies"),
            (Perspective.SERVICE_DEVELOPMENT, "Operational planning takes account of feedback"),
            (Perspective.SERVICE_DEVELOPMENT, "Achieved green GOL rating by 2008/09"),
            (Perspective.SERVICE_DEVELOPMENT, "The HSP improvement plan is on track"),
            (Perspective.SERVICE_DEVELOPMENT, "Minimise risks that are over 20"),
        ],
    ),
    PartnershipSpec(
        slug="halton",
        name="Halton Strategic Partnership",
        area_name="Borough of Halton",
        description="Five Specialist Strategic Partnerships deliver the LAA blocks; the Performance and "
        "Standards Group monitors targets six-monthly and finance quarterly, and runs the ladder of intervention.",
        organisations=[
            ("Halton Borough Council", ORG.COUNCIL),
            ("Cheshire Constabulary", ORG.POLICE),
            ("Halton and St Helens PCT", ORG.HEALTH),
            ("Cheshire Fire and Rescue Service", ORG.FIRE),
            ("Halton Voluntary Action", ORG.VOLUNTARY),
            ("Riverside College", ORG.EDUCATION),
        ],
        boards=[
            ("hspb", "Halton Strategic Partnership Board", "HSPB", K.PARTNERSHIP_BOARD, None, ""),
            (
                "psg",
                "Performance and Standards Group",
                "PSG",
                K.EXECUTIVE_BOARD,
                "hspb",
                "Monitors LAA targets twice a year and finance quarterly; triggers the ladder of intervention.",
            ),
            ("ssp-cyp", "Children and Young People SSP", "", K.THEME_BOARD, "hspb", ""),
            ("ssp-els", "Employment, Learning and Skills SSP", "", K.THEME_BOARD, "hspb", ""),
            ("ssp-health", "Healthy Halton SSP", "", K.THEME_BOARD, "hspb", ""),
            ("ssp-urban", "Halton's Urban Renewal SSP", "", K.THEME_BOARD, "hspb", ""),
            ("ssp-safer", "Safer Halton SSP", "", K.THEME_BOARD, "hspb", ""),
            ("scrutiny", "Corporate Services Policy and Performance Board", "", K.SCRUTINY, None, ""),
        ],
        themes=[
            ("children-young-people", "Children and Young People", "ssp-cyp"),
            ("employment-learning-skills", "Employment, Learning and Skills", "ssp-els"),
            ("healthy-halton", "A Healthy Halton", "ssp-health"),
            ("urban-renewal", "Halton's Urban Renewal", "ssp-urban"),
            ("safer-halton", "A Safer Halton", "ssp-safer"),
        ],
    ),
    PartnershipSpec(
        slug="sefton",
        name="Sefton Borough Partnership",
        area_name="Metropolitan Borough of Sefton",
        description="The Performance & Intelligence Group collates and analyses; the Performance Board holds "
        "lead officers to account and escalates under-performance towards Overview & Scrutiny.",
        organisations=[
            ("Sefton MBC", ORG.COUNCIL),
            ("Merseyside Police", ORG.POLICE),
            ("NHS Sefton", ORG.HEALTH),
            ("Merseyside Fire and Rescue Service", ORG.FIRE),
            ("Sefton Council for Voluntary Service", ORG.VOLUNTARY),
        ],
        boards=[
            ("sbp", "Sefton Borough Partnership Board", "SBP", K.PARTNERSHIP_BOARD, None, ""),
            (
                "performance",
                "Sefton MBC Performance Board",
                "",
                K.EXECUTIVE_BOARD,
                "sbp",
                "Monthly meeting of the Strategic Leadership Team dedicated to performance and risk.",
            ),
            (
                "pig",
                "Performance & Intelligence Group",
                "P&IG",
                K.SUB_GROUP,
                "performance",
                "Collates performance data from departments, partners "
                "and thematics; focuses on under-performing areas.",
            ),
            ("children", "Children's Trust Board", "", K.THEME_BOARD, "sbp", ""),
            ("safer", "Safer Stronger Communities Partnership", "", K.THEME_BOARD, "sbp", ""),
            ("health", "Health and Well-being Partnership", "", K.THEME_BOARD, "sbp", ""),
            ("economy", "Economic Regeneration Partnership", "", K.THEME_BOARD, "sbp", ""),
            (
                "scrutiny",
                "Overview and Scrutiny Committee (Performance and Corporate Services)",
                "",
                K.SCRUTINY,
                None,
                "Considers escalated outcomes and service areas.",
            ),
            (
                "area-southport",
                "Southport Area Committee",
                "",
                K.AREA_COMMITTEE,
                None,
                "Localised performance reporting.",
            ),
            ("area-bootle", "Bootle Area Committee", "", K.AREA_COMMITTEE, None, "Localised performance reporting."),
        ],
        themes=[
            ("children-young-people", "Children and Young People", "children"),
            ("safer-stronger", "Safer and Stronger Communities", "safer"),
            ("health-wellbeing", "Health and Well-being", "health"),
            ("economic-regeneration", "Economic Regeneration", "economy"),
        ],
    ),
]

# The three people the product is built for (and the two who complete the workflow), with a
# known password printed by `make run`.
PERSONAS = [
    Persona(
        "officer",
        "Olivia",
        "Okafor",
        "performance officer (Lead Information Officer, Haringey Well-Being and Safer Communities)",
        (
            (
                "haringey",
                "Haringey Council",
                "Performance Officer",
                [(Role.LEAD_INFORMATION_OFFICER, "well-being"), (Role.LEAD_INFORMATION_OFFICER, "safer-communities")],
            ),
        ),
    ),
    Persona(
        "chair",
        "Charlotte",
        "Hughes",
        "theme board chair (Haringey Well-Being) and Outcome Lead",
        (
            (
                "haringey",
                "Haringey Teaching PCT",
                "Director of Public Health",
                [(Role.BOARD_CHAIR, "wellbeing"), (Role.OUTCOME_LEAD, "well-being")],
            ),
        ),
    ),
    Persona(
        "business",
        "Ben",
        "Adeyemi",
        "business group member (Haringey), also on the HSP Executive in Harrow",
        (
            ("haringey", "HAVCO", "Chief Executive", [(Role.BUSINESS_GROUP_MEMBER, "business")]),
            ("harrow", "Harrow Association of Voluntary Service", "Trustee", [(Role.BOARD_MEMBER, "exec")]),
        ),
    ),
    Persona(
        "coordinator",
        "Colin",
        "Reeves",
        "Report Coordinator (Haringey Well-Being)",
        (("haringey", "Haringey Council", "Performance Manager", [(Role.REPORT_COORDINATOR, "well-being")]),),
    ),
    Persona(
        "analyst",
        "Amara",
        "Patel",
        "Performance Management Lead (Haringey Well-Being)",
        (("haringey", "Haringey Council", "Head of Performance", [(Role.PERFORMANCE_MANAGEMENT_LEAD, "well-being")]),),
    ),
    Persona(
        "admin",
        "Alex",
        "Morgan",
        "partnership administrator in all four partnerships, and site administrator",
        tuple((spec.slug, None, "Partnership Manager", [(Role.PARTNERSHIP_ADMIN, None)]) for spec in PARTNERSHIPS),
        is_superuser=True,
    ),
]

FIRST_NAMES = [
    "Aisha",
    "Bernard",
    "Cerys",
    "Dominic",
    "Esther",
    "Farid",
    "Gemma",
    "Hamish",
    "Imogen",
    "Jasper",
    "Kezia",
    "Lionel",
    "Maryam",
    "Nathaniel",
    "Orla",
    "Piotr",
    "Quentin",
    "Rosalind",
    "Samir",
    "Tamsin",
    "Umar",
    "Verity",
    "Wilfred",
    "Ximena",
    "Yusuf",
    "Zara",
    "Bethan",
    "Callum",
    "Delphine",
    "Eamon",
]
LAST_NAMES = [
    "Ashworth",
    "Bellamy",
    "Castellano",
    "Drummond",
    "Ekwueme",
    "Fairweather",
    "Galloway",
    "Hartigan",
    "Iqbal",
    "Jennings",
    "Kowalczyk",
    "Lindqvist",
    "Mensah",
    "Northcott",
    "Oyelaran",
    "Pemberton-Hale",
    "Quarshie",
    "Radcliffe",
    "Saunderson",
    "Thistlewood",
    "Underhill",
    "Vasquez",
    "Whitlock",
    "Yardley",
]

# Each theme's key personnel, after seed 001 Appendix B's columns.
THEME_STAFFING = [
    (Role.OUTCOME_LEAD, "Outcome Lead"),
    (Role.OUTCOME_LEAD, "Outcome Lead"),
    (Role.PERFORMANCE_MANAGEMENT_LEAD, "Performance Management Lead"),
    (Role.REPORT_COORDINATOR, "Report Coordinator"),
    (Role.LEAD_INFORMATION_OFFICER, "Information Officer"),
    (Role.LEAD_INFORMATION_OFFICER, "Information Officer"),
    (Role.DELIVERY_MANAGER, "Commissioning Manager"),
]
BOARD_STAFFING = [(Role.BOARD_CHAIR, "Chair"), (Role.BOARD_MEMBER, "Board member"), (Role.BOARD_MEMBER, "Board member")]


def quarter_review_dates(today: dt.date) -> list[dt.date]:
    """Review meetings seven weeks after each quarter end of the current financial year (seed 001 §5.2:
    themes formally review 6-8 weeks after the quarter), moved off weekends."""
    fy_start = financial_year_of(today)
    quarter_ends = [
        dt.date(fy_start, 6, 30),
        dt.date(fy_start, 9, 30),
        dt.date(fy_start, 12, 31),
        dt.date(fy_start + 1, 3, 31),
    ]
    dates = []
    for end in quarter_ends:
        day = end + dt.timedelta(weeks=7)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        dates.append(day)
    return dates


class DemoLoader:
    def __init__(self, today: dt.date | None = None, stdout=None):
        self.today = today or timezone.localdate()
        self.stdout = stdout

    @transaction.atomic
    def load(self):
        for spec in PARTNERSHIPS:
            self.load_partnership(spec)
        for persona in PERSONAS:
            self.load_persona(persona)

    def load_partnership(self, spec: PartnershipSpec):
        partnership, _ = Partnership.objects.update_or_create(
            slug=spec.slug,
            defaults={"name": spec.name, "area_name": spec.area_name, "description": spec.description},
        )
        organisations = {}
        for name, kind in spec.organisations:
            organisations[name], _ = Organisation.objects.update_or_create(
                partnership=partnership, name=name, defaults={"kind": kind}
            )
        boards = {}
        for key, name, short_name, kind, parent_key, remit in spec.boards:
            boards[key], _ = Board.objects.update_or_create(
                partnership=partnership,
                name=name,
                defaults={
                    "short_name": short_name,
                    "kind": kind,
                    "parent": boards[parent_key] if parent_key else None,
                    "remit": remit,
                },
            )
        themes = {}
        for position, (slug, name, board_key) in enumerate(spec.themes):
            themes[slug], _ = Theme.objects.update_or_create(
                partnership=partnership,
                slug=slug,
                defaults={"name": name, "board": boards[board_key], "position": position},
            )

        org_list = list(organisations.values())
        people = self._staff(partnership, org_list, themes, boards, persona_chairs(spec.slug))
        self._meetings(boards)
        owner = people[0] if people else None
        for position, (perspective, title) in enumerate(spec.objectives):
            Objective.objects.update_or_create(
                partnership=partnership,
                title=title,
                defaults={"perspective": perspective, "position": position, "owner": owner},
            )

    def _staff(self, partnership, organisations, themes, boards, chaired_by_persona):
        people = []
        index = 0
        for theme in themes.values():
            for role, job_title in THEME_STAFFING:
                membership = self._invented_member(
                    partnership, organisations[index % len(organisations)], job_title, index
                )
                RoleAssignment.objects.get_or_create(membership=membership, role=role, theme=theme)
                people.append(membership)
                index += 1
        for key, board in boards.items():
            staffing = BOARD_STAFFING
            if key in chaired_by_persona:  # one chair per board: the persona
                staffing = [(Role.BOARD_MEMBER, "Board member")] + BOARD_STAFFING[1:]
            if board.kind == BoardKind.BUSINESS_GROUP:
                staffing = [(Role.BOARD_CHAIR, "Chair")] + [(Role.BUSINESS_GROUP_MEMBER, "Business group member")] * 3
            for role, job_title in staffing:
                membership = self._invented_member(
                    partnership, organisations[index % len(organisations)], job_title, index
                )
                RoleAssignment.objects.get_or_create(membership=membership, role=role, board=board)
                index += 1
        return people

    def _invented_member(self, partnership, organisation, job_title, index):
        # Deterministic names and usernames, so a second run finds the same people.
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7 + len(partnership.slug)) % len(LAST_NAMES)]
        username = f"{partnership.slug}-{index:03d}"
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@{partnership.slug}.example"},
        )
        if created:
            user.set_unusable_password()  # demo extras sign in only after a password reset
            user.save(update_fields=["password"])
        membership, _ = Membership.objects.get_or_create(
            partnership=partnership, user=user, defaults={"organisation": organisation, "job_title": job_title}
        )
        return membership

    def _meetings(self, boards):
        review_dates = quarter_review_dates(self.today)
        tz = timezone.get_current_timezone()
        for board in boards.values():
            if board.kind in (BoardKind.SCRUTINY, BoardKind.AREA_COMMITTEE, BoardKind.SUB_GROUP):
                continue
            hour = 18 if board.kind == BoardKind.PARTNERSHIP_BOARD else 10
            for number, day in enumerate(review_dates, start=1):
                starts_at = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=tz)
                Meeting.objects.get_or_create(
                    board=board,
                    starts_at=starts_at,
                    defaults={
                        "title": f"Quarter {number} performance review",
                        "location": "Civic Centre, Committee Room 1",
                    },
                )

    def load_persona(self, persona: Persona):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=persona.username,
            defaults={
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "email": f"{persona.username}@demo.example",
                "is_staff": persona.is_superuser,
                "is_superuser": persona.is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for slug, organisation_name, job_title, grants in persona.memberships:
            partnership = Partnership.objects.get(slug=slug)
            organisation = (
                Organisation.objects.get(partnership=partnership, name=organisation_name) if organisation_name else None
            )
            membership, _ = Membership.objects.get_or_create(
                partnership=partnership, user=user, defaults={"organisation": organisation, "job_title": job_title}
            )
            for role, target in grants:
                lookup = {"membership": membership, "role": role}
                if role in (Role.BOARD_CHAIR, Role.BOARD_MEMBER, Role.BUSINESS_GROUP_MEMBER):
                    lookup["board"] = Board.objects.get(partnership=partnership, name=self._board_name(slug, target))
                elif target:
                    lookup["theme"] = Theme.objects.get(partnership=partnership, slug=target)
                RoleAssignment.objects.get_or_create(**lookup)

    @staticmethod
    def _board_name(partnership_slug, key):
        spec = next(spec for spec in PARTNERSHIPS if spec.slug == partnership_slug)
        return next(board[1] for board in spec.boards if board[0] == key)


def persona_chairs(partnership_slug):
    return {
        target
        for persona in PERSONAS
        for slug, _, _, grants in persona.memberships
        if slug == partnership_slug
        for role, target in grants
        if role == Role.BOARD_CHAIR
    }


def load_demo(today: dt.date | None = None):
    DemoLoader(today=today).load()
