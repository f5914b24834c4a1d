"""Harrow's demo indicators: the HSP scorecard of seed 002 whole (Harrow Strategic Partnership Board,
14 June 2007, "HSP and Performance Management Arrangements"), every objective and indicator in the
seed's order, with its owner and baseline, calculated by the system wherever the seed's measure can
be (spend variance, the make-up of the HSP, agreement in the self-assessment questionnaire, shares of
indicators green, risks of 20 or over); the rest are returned. Then each management group's LAA stretch
targets, which the "% stretched targets on track" measures count: the seed names the groups but not
their stretch targets, so the demo gives each group one or two national indicators of its field.

Owners follow the seed: the management group's chair where the seed names the group's lead (Chair of
Safer Harrow, and the group leads for the others), and the objectives' owner (the seed's HSP lead
officer) for the partnership's own measures. The people themselves are invented.
"""

from indicators.calculations import CalculationKind as K
from indicators.calculations import IndicatorSet, MakeUpMeasure
from indicators.status import Accumulation

from .spec import COUNT, PCT, RATE, RATING, A, H, L, Q, Spec

# The management groups in the seed's order, with its titles of their spend and stretch measures.
GROUPS = [
    (
        "safer-harrow",
        "% variance from Safer Harrow profiles spend",
        "% stretched targets on track for the Safer Harrow Management Group",
    ),
    (
        "community-cohesion",
        "% variance from Community Cohesion profiles spend",
        "% stretched targets on track for the Community Cohesion Group",
    ),
    (
        "children-young-people",
        "% variance from Children and Young People profiles spend",
        "% stretched targets on track for the Children and Young People",
    ),
    (
        "healthier-communities",
        "% variance from Older People and Healthier communities profiles spend",
        "% stretched targets on track for the Older People and Healthier Communities",
    ),
    ("sustainable-development", "% variances from SD&EMG profiles spend", "% stretched targets on track for SD&EMG"),
]
SPEND = "Spend aligns with the stretched indicators delivery plan"
MAKE_UP = "Make up of the HSP is reflective of the community"
STRETCH = "The LAA stretched targets are on track"

SPEND_VARIANCE = [
    Spec(
        f"HSP R{number}",
        slug,
        PCT,
        L,
        Q,
        "",
        ("5", "5", "5"),
        (),
        title=title,
        objective=SPEND,
        baseline_note="Profiles to be established",
        margin="1",
        laa=False,
        calculation=K.SPEND_VARIANCE,
        calculation_settings={"theme": slug},
        owner="chair",
    )
    for number, (slug, title, _) in enumerate(GROUPS, start=1)
]

MEMBERS = [  # (measure, title as in the seed, baseline, targets)
    (MakeUpMeasure.BME, "The % BME members in the HSP", ("40", "45", "50")),
    (MakeUpMeasure.MALE, "The % male members in the HSP", ("50", "50", "50")),
    (MakeUpMeasure.FEMALE, "The % female members in the HSP", ("45", "50", "50")),
    (MakeUpMeasure.FAITH, "The % of members who belong to a faith group", ("50", "55", "60")),
    (MakeUpMeasure.UNDER_25, "The % of members who are under 25", ("5", "8", "10")),
    (MakeUpMeasure.OVER_65, "The % of members who are over 65", ("10", "12", "15")),
    (MakeUpMeasure.DISABILITY, "The % of members who declare a disability", ("10", "12", "15")),
]
MAKE_UP_SPECS = [
    Spec(
        f"HSP P{number}",
        "community-cohesion",
        PCT,
        L if measure == MakeUpMeasure.MALE else H,  # men are over-represented on most boards
        A,
        "",
        targets,
        (),
        title=title,
        objective=MAKE_UP,
        baseline_note="Monitoring form to be completed by all members of HSP" if number == 1 else "",
        margin="1",
        laa=False,
        calculation=K.MAKE_UP,
        calculation_settings={"measure": measure},
        owner="objective",
    )
    for number, (measure, title, targets) in enumerate(MEMBERS, start=1)
]


def agreement(code, theme, title, objective):
    return Spec(
        code,
        theme,
        PCT,
        H,
        A,
        "50",
        ("55", "60", "65"),
        (),
        title=title,
        objective=objective,
        margin="1",
        laa=False,
        calculation=K.AGREEMENT,
        owner="objective",
    )


def project_plan(code, theme, title, objective, performance, baseline_note=""):
    return Spec(
        code,
        theme,
        PCT,
        H,
        Q,
        "",
        ("100", "100", "100"),
        performance,
        title=title,
        objective=objective,
        baseline_note=baseline_note,
        accumulation=Accumulation.SNAPSHOT,
        margin="0.1",
        laa=False,
        owner="objective",
    )


COMMUNITY_INVOLVEMENT = [
    agreement(
        "HSP C1",
        "community-cohesion",
        "% of people who strongly agree and agree that the HSP strategies reflect the views and needs of all "
        "sections of the community",
        "The HSP strategies reflect the views and needs of all sections of the community",
    ),
    Spec(
        "HSP C2",
        "sustainable-development",
        PCT,
        H,
        Q,
        "",
        ("70", "75", "80"),
        (),
        title="% of indicators which are green (Sustainable Community Plan 3 year action plan)",
        objective="The Sustainable Community Plan 3 year action plan is on track",
        baseline_note="Plan to be developed",
        margin="0.1",
        laa=False,
        calculation=K.SHARE_GREEN,
        calculation_settings={"indicator_set": IndicatorSet.ALL},
        owner="objective",
    ),
    project_plan(
        "HSP C3",
        "sustainable-development",
        "% complete against project plan (Sustainable Community Plan refreshed annually)",
        "The Sustainable Community Plan is refreshed annually",
        ("0.9", "0.95", "0.85"),
        baseline_note="Plan to be developed",
    ),
] + [
    Spec(
        f"HSP C{number}",
        slug,
        PCT,
        H,
        Q,
        "",
        ("75", "80", "85"),
        (),
        title=title,
        objective=STRETCH,
        baseline_note="06/07",
        margin="0.2",
        laa=False,
        calculation=K.SHARE_GREEN,
        calculation_settings={"theme": slug, "indicator_set": IndicatorSet.STRETCH},
        owner="chair",
    )
    for number, (slug, _, title) in enumerate(GROUPS, start=4)
]

PARTNERSHIPS = [
    agreement(
        "HSP T1",
        "healthier-communities",
        "% of people who strongly agree or agree that the HSP provides an effective steer to partner "
        "organisations' strategies",
        "The HSP provides an effective steer to partner organisations' strategies",
    ),
]

SERVICE_DEVELOPMENT = [
    agreement(
        "HSP S1",
        "sustainable-development",
        "% of people who strongly agree or agree that operational planning takes account of feedback",
        "Operational planning takes account of feedback",
    ),
    Spec(
        "HSP S2",
        "sustainable-development",
        RATING,
        H,
        A,
        "2",
        ("2", "3", "3"),
        ("1.0", "1.0", "0.67"),  # Amber, Amber, then Amber against Green: "aiming for Green"
        title="GOL rating",
        objective="Achieved green GOL rating by 2008/09",
        baseline_note="Amber",
        laa=False,
        owner="objective",
    ),
    project_plan(
        "HSP S3",
        "sustainable-development",
        "% complete against project plan (HSP improvement plan)",
        "The HSP improvement plan is on track",
        ("0.8", "0.9", "0.95"),
    ),
    Spec(
        "HSP S4",
        "sustainable-development",
        COUNT,
        L,
        Q,
        "2",
        ("1", "0", "0"),
        (),
        title="The number of risks that are 20 or over on the risk register",
        objective="Minimise risks that are over 20",
        baseline_note="2/22",
        accumulation=Accumulation.SNAPSHOT,
        margin="1",
        laa=False,
        calculation=K.RISKS,
        calculation_settings={"risk_score": 20},
        owner="objective",
    ),
]

# The groups' LAA stretch targets, returned quarterly by their sources.
STRETCH_TARGETS = [
    Spec("NI 16", "safer-harrow", RATE, L, Q, "24.0", ("23", "22", "21"), ("1.03", "1.01", "0.97"), stretch=True),
    Spec("NI 21", "safer-harrow", PCT, H, Q, "24", ("26", "28", "30"), ("0.96", "1.0", "1.01"), stretch=True),
    Spec("NI 1", "community-cohesion", PCT, H, A, "76", ("78", "80", "82"), ("1.0", "1.01", "1.0"), stretch=True),
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
        stretch=True,
    ),
    Spec(
        "NI 136", "healthier-communities", RATE, H, Q, "28", ("30", "32", "34"), ("1.01", "0.98", "0.97"), stretch=True
    ),
    Spec(
        "NI 192", "sustainable-development", PCT, H, Q, "28", ("32", "36", "40"), ("1.02", "1.01", "0.99"), stretch=True
    ),
]

HARROW = SPEND_VARIANCE + MAKE_UP_SPECS + COMMUNITY_INVOLVEMENT + PARTNERSHIPS + SERVICE_DEVELOPMENT + STRETCH_TARGETS
