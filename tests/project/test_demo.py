"""The demo loader: the four seed partnerships, the personas, and idempotence."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

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
from indicators.services.rounds import due_returns
from indicators.workflow import ReturnState
from partnership.demo.meetings import meeting_days
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
from reporting.holidays import england_and_wales
from reporting.models import (
    AssuranceStatement,
    Decision,
    ExceptionItem,
    ExceptionReport,
    PartnershipReport,
    Recommendation,
    ReportingCycle,
    ThemeSnapshot,
)
from reporting.services.collation import cycle_milestones
from reporting.services.cycles import settings_for
from reporting.timetable import (
    FOLLOWS,
    Offsets,
    has_reports,
    meeting_papers_problem,
    milestones,
    review_meeting_problem,
    review_window_problem,
    with_deadline,
)

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
    Decision,
    Recommendation,
    AssuranceStatement,
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
    # Haringey's theme boards report through PMG (seed 001 §3); Halton's SSPs through the PSG (seed 003).
    assert {b.parent.short_name for b in Board.objects.filter(partnership=haringey, kind=BoardKind.THEME_BOARD)} == {
        "PMG"
    }
    halton = Partnership.objects.get(slug="halton")
    assert Board.objects.get(partnership=halton, short_name="PSG").kind == BoardKind.EXECUTIVE_BOARD
    ssps = Board.objects.filter(partnership=halton, kind=BoardKind.THEME_BOARD)
    assert ssps.count() == 5 and {b.parent.short_name for b in ssps} == {"PSG"}
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
    assert "Haringey Strategic Partnership" in client.get("/").content.decode()
    client.logout()
    assert sign_in(client, "business", DEMO_PASSWORD)
    html = client.get("/").content.decode()
    assert "Haringey Strategic Partnership" in html and "Harrow Strategic Partnership" in html
    assert client.get("/p/halton/").status_code == 404
    client.logout()
    assert sign_in(client, "admin", DEMO_PASSWORD)
    for slug in ["haringey", "harrow", "halton", "sefton"]:
        assert client.get(f"/p/{slug}/").status_code == 200


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


HOLIDAYS = england_and_wales()
TIMETABLE_KINDS = (
    BoardKind.BUSINESS_GROUP,
    BoardKind.EXECUTIVE_BOARD,
    BoardKind.THEME_BOARD,
    BoardKind.PARTNERSHIP_BOARD,
)


def quarter_dates(partnership):
    """{quarter label: (milestones, reports?)}: the opened quarters' own, and the rest of
    the year's at the partnership's offsets."""
    settings = settings_for(partnership)
    dates = {}
    for cycle in ReportingCycle.objects.for_partnership(partnership).select_related("period"):
        dates[cycle.period.label] = (cycle_milestones(cycle), cycle.has_reports)
    latest = max(ReportingCycle.objects.for_partnership(partnership), key=lambda c: c.period.end).period.span
    span = latest.next()
    while span.financial_year == latest.financial_year:
        dates[span.label] = (
            milestones(span.end, settings.offsets, HOLIDAYS),
            has_reports(span.end, settings.cadence),
        )
        span = span.next()
    return dates


def test_the_demo_follows_the_timetable_and_the_papers_climb_the_boards(db):
    call_command("load_demo")
    for partnership in Partnership.objects.all():
        meetings_come_after_their_papers(partnership)
    the_quarter_before_last_is_done()
    the_latest_quarter_is_part_way_through_collation()


def meetings_come_after_their_papers(partnership):
    dates = quarter_dates(partnership)
    by_quarter = {}
    for meeting in Meeting.objects.for_partnership(partnership).select_related("board"):
        label = " ".join(meeting.title.split()[:2])
        day = timezone.localtime(meeting.starts_at).date()
        by_quarter.setdefault(label, []).append((meeting.board, day))
    assert set(by_quarter) == set(dates), partnership  # every quarter of the year, and only those
    for label, meetings in by_quarter.items():
        m, reviews = dates[label]
        days = [day for _, day in meetings]
        assert len(set(days)) == len(days), (partnership, label, "boards meet on different days")
        assert all(day.weekday() < 5 and day not in HOLIDAYS for day in days)
        assert {board.kind for board, _ in meetings} <= set(TIMETABLE_KINDS)
        day_of = {board.kind: day for board, day in meetings if board.kind != BoardKind.THEME_BOARD}
        for board, day in meetings:
            heard = FOLLOWS.get(board.kind, (None,))[0]
            follows = (heard, day_of[heard]) if heard in day_of else None
            problem = meeting_papers_problem(board.kind, day, m, with_reports=reviews, follows=follows)
            assert problem is None, (partnership, label, board, problem)
        # The theme boards review in the window, after the reports, wherever it has a day for each.
        themes = [day for board, day in meetings if board.kind == BoardKind.THEME_BOARD]
        free = [
            m.exception_reports_due + dt.timedelta(days=n)
            for n in range(1, (m.review_to - m.exception_reports_due).days + 1)
        ]
        free = [day for day in free if day.weekday() < 5 and day not in HOLIDAYS and day not in day_of.values()]
        if review_window_problem(m) is None and len(free) >= len(themes):
            assert all(review_meeting_problem(day, m) is None for day in themes), (partnership, label)
        kinds = {board.kind for board, _ in meetings}
        assert kinds >= {BoardKind.EXECUTIVE_BOARD, BoardKind.PARTNERSHIP_BOARD, BoardKind.THEME_BOARD}


def test_the_demo_schedule_keeps_the_window_and_moves_after_late_reports():
    boards = [("bg", "business_group"), ("exec", "executive_board"), ("top", "partnership_board")] + [
        (f"theme{n}", "theme_board") for n in range(7)
    ]
    q1 = milestones(dt.date(2026, 6, 30), Offsets(), HOLIDAYS)
    days = meeting_days(boards, q1, HOLIDAYS)
    assert days["bg"] < days["exec"] < days["top"] and days["top"] - days["exec"] >= dt.timedelta(weeks=1)
    for key in (f"theme{n}" for n in range(7)):
        assert q1.review_from <= days[key] <= q1.review_to and days[key] > q1.exception_reports_due
    # A deadline extended to mid-December: the reports come after the window, and nobody meets
    # between Christmas Eve and New Year's Day.
    q2 = with_deadline(
        milestones(dt.date(2026, 9, 30), Offsets(), HOLIDAYS), dt.date(2026, 12, 16), Offsets(), HOLIDAYS
    )
    days = meeting_days(boards, q2, HOLIDAYS)
    assert min(days.values()) == dt.date(2027, 1, 4)
    assert all(meeting_papers_problem(kind, days[key], q2) is None for key, kind in boards)


def the_quarter_before_last_is_done():
    reviewed = [
        cycle
        for cycle in ReportingCycle.objects.select_related("partnership", "period")
        if cycle.has_reports and cycle.period.end < max(c.period.end for c in cycle.partnership.reporting_cycles.all())
    ]
    assert {cycle.partnership.slug for cycle in reviewed} >= {"haringey", "harrow", "sefton"}
    decisions = Decision.objects.none()
    for cycle in reviewed:
        reports = list(cycle.exception_reports.prefetch_related("items"))
        assert len(reports) == cycle.partnership.themes.count()
        for report in reports:
            assert report.state == ExceptionReport.State.FINAL, report
            final = report.history.filter(history_change_reason__startswith="Marked final").first()
            assert final is not None and final.history_user is not None, report  # a person made it final
            for item in report.items.all():
                assert item.reason and item.action, item
        hsp = PartnershipReport.objects.filter(cycle=cycle).order_by("-version").first()
        assert hsp.is_complete and hsp.assembled_at.date() <= cycle.partnership_report_due
        assert all(not row["draft"] for row in hsp.data["red_items"])
        assurance = AssuranceStatement.objects.get(cycle=cycle)
        assert assurance.updated_by is not None and "assured" in assurance.statement
        taken = Decision.objects.filter(exception_item__report__cycle=cycle)
        decisions |= taken
        # Each decision was taken at the theme's board meeting on the quarter, after its papers.
        for decision in taken.select_related("meeting__board", "exception_item__report__theme"):
            assert decision.meeting.board_id == decision.exception_item.report.theme.board_id
            assert timezone.localtime(decision.meeting.starts_at).date() > cycle.exception_reports_due
            assert decision.owner is not None and decision.recorded_by is not None
        to_top = Recommendation.objects.filter(
            cycle=cycle,
            meeting__board__kind=BoardKind.EXECUTIVE_BOARD,
            to_board__kind=BoardKind.PARTNERSHIP_BOARD,
        )
        assert to_top.exists(), cycle  # the executive board's recommendations to the partnership board
    # Some decisions done, some still open: the next packs have matters arising.
    assert {d.status for d in decisions} == {Decision.Status.OPEN, Decision.Status.DONE}
    assert all(d.outcome for d in decisions if d.status == Decision.Status.DONE)
    # Haringey's Business Group recommends to PMG, which accepts some and rejects others with reasons.
    from_group = Recommendation.objects.filter(meeting__board__name="Business Group")
    assert {r.to_board.short_name for r in from_group} == {"PMG"}
    assert {r.response for r in from_group} == {Recommendation.Response.ACCEPTED, Recommendation.Response.REJECTED}
    for recommendation in from_group:
        assert recommendation.response_reason and recommendation.responded_by is not None
        assert recommendation.response_meeting.board.short_name == "PMG"
        assert recommendation.response_meeting.starts_at > recommendation.meeting.starts_at


def the_latest_quarter_is_part_way_through_collation():
    for partnership in Partnership.objects.all():
        cycle = partnership.reporting_cycles.order_by("-period__start").first()
        today = timezone.localdate()
        assert cycle.collation_deadline > today  # collating whatever the date
        due = due_returns(cycle.return_round, Indicator.objects.for_partnership(partnership))
        states = {item.ret.state if item.ret else ReturnState.NOT_STARTED for item in due}
        if partnership.slug == "haringey":
            assert {ReturnState.APPROVED, ReturnState.SUBMITTED, ReturnState.DRAFT} <= states
        if not cycle.has_reports:  # Halton's June quarter: returns and spend only
            continue
        # One theme has every due return approved, so the chain has drafted its exception report.
        reports = list(ExceptionReport.objects.filter(cycle=cycle).select_related("theme"))
        assert len(reports) == 1 and reports[0].state == ExceptionReport.State.DRAFT, partnership
        theme_due = [item for item in due if item.indicator.lead_theme_id == reports[0].theme_id]
        assert theme_due and all(item.ret.state == ReturnState.APPROVED for item in theme_due)
        assert all(item.ret.decided_by is not None for item in theme_due)  # approved by a person
        assert not PartnershipReport.objects.filter(cycle=cycle).exists()  # not due yet


def test_the_demo_has_cross_thematic_indicators_shown_on_contributing_themes(db):
    from reporting.services.dashboards import contributed_rows
    from reporting.services.live_dashboards import current_dashboard

    call_command("load_demo")
    teenage = Indicator.objects.get(partnership__slug="haringey", code="NI 112")
    assert teenage.lead_theme.slug == "well-being"
    cyp = Theme.objects.get(partnership__slug="haringey", slug="children-young-people")
    assert list(teenage.contributing_themes.all()) == [cyp]
    rows = contributed_rows(current_dashboard(cyp, timezone.localdate()))
    assert [row["code"] for row in rows] == ["NI 112"] and rows[0]["lead_theme"] == "Well-Being"
    # and the commissions name the outcomes they are funded to deliver
    prevention = Commission.objects.get(theme__partnership__slug="haringey", name="Teenage Pregnancy Prevention")
    assert list(prevention.indicators.values_list("code", flat=True)) == ["NI 112"]
    unlinked = Commission.objects.filter(indicators=None).values_list("theme__partnership__slug", "name")
    assert not unlinked, list(unlinked)
