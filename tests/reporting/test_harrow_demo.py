"""Harrow's demo carries seed 002's scorecard whole, calculated wherever the seed's measure can be,
and consistent with the demo's register, spend, members and survey."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from escalation.models import Risk, RiskStatus
from indicators.calculations import CalculationKind
from indicators.models import ComputedValue, Indicator, Result
from indicators.periods import PeriodKind, latest_ended
from partnership.models import Partnership, Perspective
from partnership.services.monitoring import member_share
from reporting.services.computed import end_of
from reporting.services.scorecards import partnership_scorecard
from surveys.services.results import agreement_for_indicator

# Seed 002's table, in its order: perspective -> [(objective, [indicator as the seed words it])].
SEED_002 = {
    "Resources": [
        (
            "Spend aligns with the stretched indicators delivery plan",
            [
                "% variance from Safer Harrow profiles spend",
                "% variance from Community Cohesion profiles spend",
                "% variance from Children and Young People profiles spend",
                "% variance from Older People and Healthier communities profiles spend",
                "% variances from SD&EMG profiles spend",
            ],
        )
    ],
    "People": [
        (
            "Make up of the HSP is reflective of the community",
            [
                "The % BME members in the HSP",
                "The % male members in the HSP",
                "The % female members in the HSP",
                "The % of members who belong to a faith group",
                "The % of members who are under 25",
                "The % of members who are over 65",
                "The % of members who declare a disability",
            ],
        )
    ],
    "Community Involvement": [
        (
            "The HSP strategies reflect the views and needs of all sections of the community",
            ["% of people who strongly agree and agree"],
        ),
        ("The Sustainable Community Plan 3 year action plan is on track", ["% of indicators which are green"]),
        ("The Sustainable Community Plan is refreshed annually", ["% complete against project plan"]),
        (
            "The LAA stretched targets are on track",
            [
                "% stretched targets on track for the Safer Harrow Management Group",
                "% stretched targets on track for the Community Cohesion Group",
                "% stretched targets on track for the Children and Young People",
                "% stretched targets on track for the Older People and Healthier Communities",
                "% stretched targets on track for SD&EMG",
            ],
        ),
    ],
    "Partnerships": [
        (
            "The HSP provides an effective steer to partner organisations' strategies",
            ["% of people who strongly agree or agree"],
        )
    ],
    "Service Development": [
        ("Operational planning takes account of feedback", ["% of people who strongly agree or agree"]),
        ("Achieved green GOL rating by 2008/09", ["GOL rating"]),
        ("The HSP improvement plan is on track", ["% complete against project plan"]),
        ("Minimise risks that are over 20", ["The number of risks that are 20 or over on the risk register"]),
    ],
}


def test_harrows_scorecard_is_seed_002_whole_and_calculated_from_the_demo(db):
    call_command("load_demo")
    harrow = Partnership.objects.get(slug="harrow")
    quarter = latest_ended(PeriodKind.QUARTER, timezone.localdate())

    # every objective and indicator of the seed, under its perspective, in the seed's order
    card = partnership_scorecard(harrow, quarter)
    shown = {
        perspective["title"]: [
            (objective["title"], [row["title"] for row in objective["rows"]]) for objective in perspective["objectives"]
        ]
        for perspective in card["perspectives"]
    }
    assert list(shown) == list(SEED_002) == [label for _, label in Perspective.choices]
    for perspective, objectives in SEED_002.items():
        assert [title for title, _ in shown[perspective]] == [title for title, _ in objectives]
        for (_, rows), (_, seed_rows) in zip(shown[perspective], objectives, strict=True):
            assert len(rows) == len(seed_rows)
            assert all(row.startswith(seed) for row, seed in zip(rows, seed_rows, strict=True)), rows

    measures = {i.code: i for i in Indicator.objects.for_partnership(harrow).select_related("partnership")}
    calculated = {code for code, i in measures.items() if i.calculation != CalculationKind.RETURNED}
    assert len(calculated) == 22  # all 25 but the two project plans and the GOL rating; not the stretch targets

    # the count of high risks is the register's at the quarter's end
    high = measures["HSP S4"]
    register = Risk.history.as_of(end_of(quarter.end)).filter(partnership_id=harrow.pk, status=RiskStatus.OPEN)
    expected = sum(1 for risk in register if risk.score >= 20)
    assert Result.objects.get(indicator=high, period__start=quarter.start, period__kind="quarter").value == expected

    # the make-up is the members' monitoring forms, the agreement the survey's answers
    year = latest_ended(PeriodKind.YEAR, timezone.localdate())
    bme = Result.objects.get(indicator=measures["HSP P1"], period__kind="year", period__start=year.start)
    share = member_share(harrow, "bme", as_of=year.end)
    assert (bme.numerator, bme.denominator) == (share.count, share.answered)
    steer = Result.objects.get(indicator=measures["HSP T1"], period__kind="year", period__start=year.start)
    agreement = agreement_for_indicator(measures["HSP T1"], on_or_before=year.end)
    assert (steer.numerator, steer.denominator) == (agreement.agreeing, agreement.answered)
    assert agreement.percent <= 50  # the seed's poorly rated statement, hence its objective

    # the GOL rating is a rating: Amber, aiming for Green
    assert measures["HSP S2"].unit == "rating"
    assert measures["HSP S2"].format(Result.objects.filter(indicator=measures["HSP S2"]).last().value) == "Amber"

    # the quarter before last was shown to the boards: its calculations are frozen
    before_last = quarter.previous()
    frozen = ComputedValue.objects.filter(indicator__partnership=harrow, period__start=before_last.start)
    assert frozen.exists() and not frozen.filter(frozen_at=None, kind=CalculationKind.SHARE_GREEN).exists()
    assert before_last.end < timezone.localdate() - dt.timedelta(days=30)
