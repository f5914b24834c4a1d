"""The escalation demo: safe to run twice, and it shows every part of the capability."""

from escalation.demo import load_escalation_demo
from escalation.models import (
    Action,
    Escalation,
    EscalationEvent,
    EventKind,
    LadderEvaluation,
    LadderSettings,
    Origin,
    Risk,
    RouteStep,
)
from indicators.demo.loader import load_indicator_demo
from partnership.demo.loader import load_demo
from partnership.models import Partnership

MODELS = [Escalation, EscalationEvent, LadderEvaluation, LadderSettings, Risk, RouteStep, Action]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_changes_nothing_and_covers_the_capability(db):
    load_demo()
    load_indicator_demo()
    load_escalation_demo()
    first = counts()
    load_escalation_demo()
    assert counts() == first
    sefton = Partnership.objects.get(slug="sefton")
    assert (
        list(RouteStep.objects.filter(partnership=sefton).values_list("name", flat=True))[-1]
        == "Overview & Scrutiny Committee"
    )
    manual = Escalation.objects.get(partnership=sefton, origin=Origin.EXECUTIVE_BOARD)
    assert manual.route_step.position == 2 and manual.events.filter(kind=EventKind.REFERRED).count() == 2
    assert Risk.objects.filter(score__gte=20).exists()
    assert Escalation.objects.filter(origin=Origin.LADDER).exists()
    assert Action.objects.exists()
    assert LadderSettings.objects.get(partnership__slug="halton").review_point == "six_monthly"
