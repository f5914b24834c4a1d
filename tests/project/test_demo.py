"""The demo loader: the four seed partnerships, the personas, and idempotence."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management import call_command

from escalation.models import Action, Escalation, EscalationEvent, Risk
from indicators.models import (
    AnnualTarget,
    Commission,
    Indicator,
    IndicatorReturn,
    Period,
    PeriodTarget,
    Result,
    SpendReturn,
)
from indicators.services.results import summarise
from partnership.demo.loader import quarter_review_dates
from partnership.demo.personas import DEMO_PASSWORD
from partnership.models import (
    Board,
    BoardKind,
    Meeting,
    Membership,
    Objective,
    Organisation,
    Partnership,
    RoleAssignment,
    Theme,
)
from partnership.roles import Role
from reporting.models import ExceptionItem, ExceptionReport, PartnershipReport, ReportingCycle, ThemeSnapshot

from ..builders import sign_in

MODELS = [
    Partnership,
    Organisation,
    Board,
    Theme,
    Meeting,
    Objective,
    Membership,
    RoleAssignment,
    get_user_model(),
    Indicator,
    AnnualTarget,
    PeriodTarget,
    Result,
    Period,
    IndicatorReturn,
    Commission,
    SpendReturn,
    ReportingCycle,
    ThemeSnapshot,
    ExceptionReport,
    ExceptionItem,
    PartnershipReport,
    Escalation,
    EscalationEvent,
    Action,
    Risk,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_changes_nothing(db, settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo")
    first = counts()
    password_hash = get_user_model().objects.get(username="officer").password
    call_command("load_demo")
    assert counts() == first
    assert get_user_model().objects.get(username="officer").password == password_hash
    assert "demo-partnership-2026" in capsys.readouterr().out


def test_the_four_seed_partnerships_are_there(db):
    call_command("load_demo")
    assert set(Partnership.objects.values_list("slug", flat=True)) == {"haringey", "harrow", "halton", "sefton"}
    haringey = Partnership.objects.get(slug="haringey")
    assert set(Theme.objects.for_partnership(haringey).values_list("name", flat=True)) == {
        "HSP (Corporate)",
        "Well-Being",
        "Safer Communities",
        "Better Places",
        "Children and Young People",
        "Integrated Housing",
        "Enterprise",
    }
    assert Board.objects.get(partnership=haringey, short_name="PMG").kind == BoardKind.EXECUTIVE_BOARD
    assert Board.objects.get(partnership=haringey, name="Business Group").parent.short_name == "PMG"
    harrow = Partnership.objects.get(slug="harrow")
    assert {o.perspective for o in Objective.objects.for_partnership(harrow)} == {
        "resources",
        "people",
        "community_involvement",
        "partnerships",
        "service_development",
    }
    halton = Partnership.objects.get(slug="halton")
    assert Board.objects.get(partnership=halton, short_name="PSG").kind == BoardKind.EXECUTIVE_BOARD
    assert Theme.objects.for_partnership(halton).count() == 5
    sefton = Partnership.objects.get(slug="sefton")
    kinds = set(Board.objects.for_partnership(sefton).values_list("kind", flat=True))
    assert {BoardKind.SCRUTINY, BoardKind.AREA_COMMITTEE, BoardKind.SUB_GROUP, BoardKind.EXECUTIVE_BOARD} <= kinds
    # Every theme has its key personnel (seed 001 Appendix B's columns).
    for theme in Theme.objects.all():
        roles = set(theme.role_assignments.values_list("role", flat=True))
        assert {
            Role.OUTCOME_LEAD,
            Role.PERFORMANCE_MANAGEMENT_LEAD,
            Role.REPORT_COORDINATOR,
            Role.LEAD_INFORMATION_OFFICER,
        } <= roles, theme


def test_the_personas_sign_in_and_see_their_partnerships(client, db):
    call_command("load_demo")
    assert sign_in(client, "officer", DEMO_PASSWORD)
    assert client.get("/").url == "/p/haringey/"
    client.logout()
    assert sign_in(client, "business", DEMO_PASSWORD)
    html = client.get("/").content.decode()
    assert "Haringey Strategic Partnership" in html and "Harrow Strategic Partnership" in html
    assert client.get("/p/halton/").status_code == 404
    client.logout()
    assert sign_in(client, "admin", DEMO_PASSWORD)
    for slug in ["haringey", "harrow", "halton", "sefton"]:
        assert client.get(f"/p/{slug}/").status_code == 200


def test_demo_meetings_fall_six_to_eight_weeks_after_each_quarter_on_weekdays():
    for day in quarter_review_dates(dt.date(2026, 11, 22)):
        assert day.weekday() < 5
    quarter_ends = [dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 12, 31), dt.date(2027, 3, 31)]
    for end, review in zip(quarter_ends, quarter_review_dates(dt.date(2026, 11, 22)), strict=True):
        assert dt.timedelta(weeks=6) <= review - end <= dt.timedelta(weeks=8)
    # In January-March, the financial year began the previous April.
    assert quarter_review_dates(dt.date(2027, 2, 1))[0].year == 2026


def test_every_board_has_one_chair(db):
    call_command("load_demo")
    for board in Board.objects.exclude(kind=BoardKind.BUSINESS_GROUP):
        assert board.role_assignments.filter(role=Role.BOARD_CHAIR).count() == 1, board


def test_demo_indicators_have_three_years_of_targets_and_a_mix_of_statuses(db):
    call_command("load_demo")
    haringey = Partnership.objects.get(slug="haringey")
    indicators = list(Indicator.objects.for_partnership(haringey))
    assert len(indicators) >= 20
    years = haringey.agreement_years(dt.date.today())
    for indicator in indicators:
        assert sorted(t.period.span.financial_year for t in indicator.annual_targets.select_related("period")) == years
    statuses = {s.status for s in summarise(indicators, haringey.tolerance_percent, dt.date.today()).values()}
    assert {"green", "amber", "red"} <= statuses
    # Every theme of seed 001 has indicators, and Harrow's scorecard objectives have theirs (seed 002).
    assert {i.lead_theme.slug for i in indicators} == set(
        Theme.objects.for_partnership(haringey).values_list("slug", flat=True)
    )
    harrow = Partnership.objects.get(slug="harrow")
    assert Indicator.objects.for_partnership(harrow).exclude(objective=None).count() >= 9
    # The chair persona is the Outcome Lead of a Well-Being indicator, so can set its targets.
    assert Indicator.objects.filter(outcome_lead__user__username="chair").exists()
