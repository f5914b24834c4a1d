"""Board packs are written to a temporary media root; the figures and the frozen quarter they are
made from, and a count of the packs laid out."""

from decimal import Decimal

import pytest
from django.utils import timezone

from reporting.packs import render
from reporting.services.chain import draft_at_deadline
from reporting.services.cycles import open_cycle

from ...builders import make_indicator


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def figures(tree_a):
    """Three indicators with results for the quarter: green and red in Well-Being, amber in
    Enterprise."""
    fy, quarter = tree_a.quarter.financial_year, tree_a.quarter
    tree_a.sport = make_indicator(
        tree_a,
        "NI 8",
        title="Adult participation in sport",
        unit="percentage",
        polarity="higher",
        targets=[(fy, Decimal(60), Decimal(55))],
        results=[(quarter, Decimal("62.5"))],
    )
    tree_a.alcohol = make_indicator(
        tree_a,
        "NI 39",
        title="Alcohol-harm related hospital admissions",
        unit="count",
        polarity="lower",
        targets=[(fy, Decimal(1500), Decimal(1600))],
        results=[(quarter, Decimal(1750))],
    )
    tree_a.jobs = make_indicator(
        tree_a,
        "NI 151",
        title="Overall employment rate",
        unit="percentage",
        polarity="higher",
        lead_theme=tree_a.other_theme,
        targets=[(fy, Decimal(72), Decimal(70))],
        results=[(quarter, Decimal(71))],
    )
    return tree_a


@pytest.fixture
def frozen(figures):
    """The quarter frozen at its exception-report milestone, with the red indicator's exception
    item written up."""
    cycle = open_cycle(figures.partnership, figures.quarter)
    draft_at_deadline(cycle, today=cycle.exception_reports_due, now=timezone.now())
    report = cycle.exception_reports.get(theme=figures.theme)
    report.items.filter(indicator=figures.alcohol).update(
        reason="Winter pressure on A&E admissions",
        action="Targeted brief interventions in two GP practices",
        decisions_required="Agree £40,000 from the ABG reserve",
    )
    figures.cycle = cycle
    return figures


@pytest.fixture
def render_calls(monkeypatch):
    calls = []
    real = render.render_pack

    def counting(inputs, progress=lambda p, m: None):
        calls.append(inputs)
        return real(inputs, progress)

    monkeypatch.setattr(render, "render_pack", counting)
    return calls
