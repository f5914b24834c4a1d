"""The demo's commissions and projects, by partnership."""

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
    # Harrow (seed 002): spend on each management group's stretched indicators delivery plan, profiled by
    # quarter, so the scorecard's "% variance from profiles spend" is calculated from it.
    "harrow": [
        ("safer-harrow", "Safer Harrow stretch target delivery plan", "commission", "240000"),
        ("community-cohesion", "Community Cohesion stretch target delivery plan", "commission", "120000"),
        ("children-young-people", "Children and Young People stretch target delivery plan", "commission", "310000"),
        ("healthier-communities", "Older People and Healthier Communities delivery plan", "commission", "180000"),
        ("sustainable-development", "SD&EMG stretch target delivery plan", "commission", "150000"),
    ],
    "halton": [("employment-learning-skills", "Skills for Work", "commission", "240000")],
    "sefton": [("safer-stronger", "Neighbourhood Wardens", "commission", "210000")],
}

# The indicators each one delivers (seed 003: funded initiatives are linked to the LAA outcomes they
# deliver), chosen from the demo's own indicators by what each commission is for.
DELIVERS = {
    "haringey": {
        "Healthy Lifestyles Commission": ("NI 8", "NI 120"),
        "Teenage Pregnancy Prevention": ("NI 112",),
        "Integrated Offender Management": ("L SC1", "L SC2"),
        "Cleaner Streets Programme": ("NI 195",),
        "Youth Engagement Commission": ("NI 110",),
        "Worklessness Commission": ("NI 151", "NI 152"),
        "Tottenham Business Support (NRF)": ("NI 171",),
        "Warm Homes Project (NRF)": ("NI 187",),
    },
    "harrow": {
        "Safer Harrow stretch target delivery plan": ("NI 16", "NI 21"),
        "Community Cohesion stretch target delivery plan": ("NI 1",),
        "Children and Young People stretch target delivery plan": ("NI 112",),
        "Older People and Healthier Communities delivery plan": ("NI 136",),
        "SD&EMG stretch target delivery plan": ("NI 192",),
    },
    "halton": {"Skills for Work": ("NI 152", "NI 163")},
    "sefton": {"Neighbourhood Wardens": ("L SS1",)},
}

# Funded from something other than Area Based Grant (the rest are ABG), so Haringey's reports show
# ABG apart from mainstream and other money (seed 001).
FUNDING = {
    "haringey": {"Cleaner Streets Programme": "mainstream", "Integrated Offender Management": "other_grant"},
}

# Budgets split between streams (seed 003: "ABG, mainstream, other grant"), in percent.
SHARES = {
    "halton": {"Skills for Work": {"abg_share": 60, "other_grant_share": 40}},
}
