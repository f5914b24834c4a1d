"""The four demo partnerships, after the seed frameworks: organisations, boards, themes and objectives
(see the package's docstring for the sources)."""

from dataclasses import dataclass, field

from partnership.models import BoardKind, OrganisationKind, Perspective


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
    venue: str = "Civic Centre, Committee Room 1"  # where its boards meet


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
            ("wellbeing", "Well-Being Partnership Board", "", K.THEME_BOARD, "pmg", ""),
            (
                "wellbeing-exec",
                "Well-being Chair's Executive",
                "",
                K.SUB_GROUP,
                "wellbeing",
                "The theme's key working sub-group for performance management.",
            ),
            ("safer", "Safer Communities Executive Board", "SCEB", K.THEME_BOARD, "pmg", ""),
            ("safer-rcg", "SCEB PMG and Resource Co-ordination Group", "RCG", K.SUB_GROUP, "safer", ""),
            (
                "environment",
                "Environment Sub-group",
                "",
                K.SUB_GROUP,
                "safer",
                "Cross-thematic: reports to Safer Communities as lead theme (seed 001 §5.4).",
            ),
            ("places", "Better Places Partnership", "", K.THEME_BOARD, "pmg", ""),
            ("cyp", "Children and Young People's Strategic Partnership", "CYPSP", K.THEME_BOARD, "pmg", ""),
            ("cyp-advisory", "CYP Advisory Board", "", K.SUB_GROUP, "cyp", ""),
            ("housing", "Integrated Housing Board", "", K.THEME_BOARD, "pmg", ""),
            ("enterprise", "Enterprise Partnership Board", "", K.THEME_BOARD, "pmg", ""),
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
        venue="Civic Centre, Wood Green",
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
        venue="Harrow Civic Centre",
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
            ("ssp-cyp", "Children and Young People SSP", "", K.THEME_BOARD, "psg", ""),
            ("ssp-els", "Employment, Learning and Skills SSP", "", K.THEME_BOARD, "psg", ""),
            ("ssp-health", "Healthy Halton SSP", "", K.THEME_BOARD, "psg", ""),
            ("ssp-urban", "Halton's Urban Renewal SSP", "", K.THEME_BOARD, "psg", ""),
            ("ssp-safer", "Safer Halton SSP", "", K.THEME_BOARD, "psg", ""),
            ("scrutiny", "Corporate Services Policy and Performance Board", "", K.SCRUTINY, None, ""),
        ],
        themes=[
            ("children-young-people", "Children and Young People", "ssp-cyp"),
            ("employment-learning-skills", "Employment, Learning and Skills", "ssp-els"),
            ("healthy-halton", "A Healthy Halton", "ssp-health"),
            ("urban-renewal", "Halton's Urban Renewal", "ssp-urban"),
            ("safer-halton", "A Safer Halton", "ssp-safer"),
        ],
        venue="Municipal Building, Widnes",
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
        venue="Bootle Town Hall",
    ),
]
