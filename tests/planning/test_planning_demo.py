"""Halton's demo runs seed 003's planning year: one complete year and one in progress, over the real
list of Halton's designated LAA indicators."""

from django.core.management import call_command
from django.utils import timezone

from indicators.demo.designated import designations
from indicators.models import Agreement, AnnualTarget, CatalogueIndicator, Indicator
from partnership.models import Partnership
from partnership.years import financial_year_of
from planning.models import ActionPlan, ActionPoint, AnnualReview, PlanState
from planning.services.laa_plan import laa_plan_data


def test_halton_runs_a_complete_planning_year_and_one_in_progress_over_its_designated_list(db):
    call_command("load_demo")
    halton = Partnership.objects.get(slug="halton")
    year = financial_year_of(timezone.localdate())

    # Designated: exactly the codes of the annual review's list the catalogue can name.
    listed = {d.code for d in designations()}
    assert len(listed) == 34
    known = set(CatalogueIndicator.objects.filter(code__in=listed).values_list("code", flat=True))
    designated = Indicator.objects.for_partnership(halton).filter(is_laa=True)
    assert set(designated.values_list("code", flat=True)) == known and len(known) == 25
    assert not Indicator.objects.for_partnership(halton).filter(code__in=["NI 152", "NI 195", "L SH1"], is_laa=True)
    assert designated.get(code="NI 154").baseline_note == (
        "Designated; missing data at the LAA annual review of 9 January 2009."
    )

    # One target proposed by its Outcome Lead, waiting for the PSG.
    proposed = AnnualTarget.objects.for_partnership(halton).get(agreement=Agreement.PROPOSED)
    assert proposed.indicator.code == "NI 154" and proposed.proposed_by == proposed.indicator.outcome_lead.user

    # This year complete: every SSP's plan approved, so the LAA plan holds all five.
    data = laa_plan_data(halton, year)
    assert len(data["themes"]) == 5 and data["waiting"] == []
    covered = {item["code"] for theme in data["themes"] for item in theme["items"]}
    assert {"NI 117", "NI 112", "NI 154", "NI 16"} <= covered
    assert data["designated"]["count"] == 25
    assert {row["code"] for row in data["designated"]["uncovered"]} == known - covered

    # Next year in progress, one plan at each step of the autumn's challenge.
    states = dict(
        ActionPlan.objects.for_partnership(halton).filter(financial_year=year + 1).values_list("theme__slug", "state")
    )
    assert states == {
        "children-young-people": PlanState.RECOMMENDED,
        "employment-learning-skills": PlanState.SUBMITTED,
        "healthy-halton": PlanState.SUBMITTED,
        "urban-renewal": PlanState.DRAFT,
        "safer-halton": PlanState.APPROVED,
    }
    level_2 = ActionPlan.objects.get(
        theme__partnership=halton, theme__slug="employment-learning-skills", financial_year=year + 1
    )
    assert level_2.challenges.get().item.indicator.code == "NI 163"

    # Last year's annual review agreed, with action points on the targets at risk.
    review = AnnualReview.objects.get(partnership=halton, financial_year=year - 1)
    assert review.state == AnnualReview.State.AGREED
    assert ActionPoint.objects.filter(target__review=review).exists()
