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
    "halton": [("employment-learning-skills", "Skills for Work", "commission", "240000")],
    "sefton": [("safer-stronger", "Neighbourhood Wardens", "commission", "210000")],
}
