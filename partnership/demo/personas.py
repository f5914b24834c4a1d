"""The demo's named people: the personas the product is built for, who sign in with DEMO_PASSWORD."""

from dataclasses import dataclass

from partnership.roles import Role

from .partnerships import PARTNERSHIPS

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
        "Report Coordinator (Haringey Well-Being and Integrated Housing)",
        (
            (
                "haringey",
                "Haringey Council",
                "Performance Manager",
                [(Role.REPORT_COORDINATOR, "well-being"), (Role.REPORT_COORDINATOR, "integrated-housing")],
            ),
        ),
    ),
    Persona(
        "analyst",
        "Amara",
        "Patel",
        "Performance Management Lead (Haringey Well-Being)",
        (("haringey", "Haringey Council", "Head of Performance", [(Role.PERFORMANCE_MANAGEMENT_LEAD, "well-being")]),),
    ),
    Persona(
        "executive",
        "Errol",
        "Whitaker",
        "executive board member (Haringey PMG): decides, answers the Business Group, writes the assurance",
        (("haringey", "Haringey Council", "Assistant Chief Executive", [(Role.BOARD_MEMBER, "pmg")]),),
    ),
    Persona(
        "psg",
        "Priya",
        "Shah",
        "executive board member (Halton PSG): challenges and recommends the SSPs' action plans",
        (("halton", "Halton Borough Council", "Operational Director, Partnerships", [(Role.BOARD_MEMBER, "psg")]),),
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
