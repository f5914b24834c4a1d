"""The timetable page and its settings."""

import datetime as dt

import pytest
from django.utils import timezone

from partnership.models import Meeting
from reporting.models import ReportingCycle
from reporting.services.cycles import open_cycle, settings_for

pytestmark = pytest.mark.usefixtures("returns_a")


def test_the_page_shows_stage_milestones_and_returns_by_theme(client, tree_a):
    open_cycle(tree_a.partnership, tree_a.quarter)
    client.force_login(tree_a.members["plain"].user)
    response = client.get("/p/alpha/timetable/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stage:" in html and "Returns collated (collation deadline)" in html and "HSP/PMG report ready" in html
    counts = {theme: counts for theme, counts, _ in response.context["theme_counts"]}
    assert counts[tree_a.theme]["outstanding"] == 1  # the fixture's draft NI 112 return
    assert "Made when every return is approved, or at the deadline" in html
    assert "Bring the timetable up to date now" not in html  # administrators only


def test_before_a_quarter_is_opened_the_page_shows_what_will_happen(client, tree_a):
    ReportingCycle.objects.all().delete()
    client.force_login(tree_a.members["plain"].user)
    assert "has not been opened yet" in client.get("/p/alpha/timetable/").content.decode()


def test_the_meeting_check_warns_outside_the_review_window(client, tree_a):
    cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    tz = timezone.get_current_timezone()
    # the fixture's meeting is a month from now; put one inside the window for the theme board
    Meeting.objects.create(
        board=tree_a.theme_board,
        starts_at=dt.datetime.combine(cycle.review_from + dt.timedelta(days=3), dt.time(10), tzinfo=tz),
    )
    client.force_login(tree_a.members["plain"].user)
    checks = {
        theme.name: problem for theme, meeting, problem in client.get("/p/alpha/timetable/").context["meeting_checks"]
    }
    assert checks["Well-Being"] is None
    assert "has no meeting scheduled" in checks["Enterprise"]  # the Executive has no meeting


def test_administrators_run_the_job_and_change_the_settings(client, tree_a):
    client.force_login(tree_a.members["admin"].user)
    response = client.post("/p/alpha/timetable/run/")
    assert response.status_code == 302
    assert ReportingCycle.objects.filter(partnership=tree_a.partnership).exists()
    response = client.post(
        "/p/alpha/timetable/settings/",
        {
            "cadence": "six_monthly",
            "collation_weeks": "3",
            "exception_report_weeks": "1",
            "partnership_report_weeks": "1",
            "review_from_weeks": "6",
            "review_to_weeks": "8",
            "reminder_days_before": "5",
            "spend_tolerance_percent": "10",
        },
    )
    assert response.status_code == 302
    assert settings_for(tree_a.partnership).collation_weeks == 3


def test_bad_settings_are_explained(client, tree_a):
    client.force_login(tree_a.members["admin"].user)
    response = client.post(
        "/p/alpha/timetable/settings/",
        {
            "cadence": "quarterly",
            "collation_weeks": "four",
            "exception_report_weeks": "1",
            "partnership_report_weeks": "1",
            "review_from_weeks": "8",
            "review_to_weeks": "6",
            "reminder_days_before": "7",
        },
    )
    errors = response.context["form"].errors
    assert errors["collation_weeks"] == ["Enter a whole number of weeks, like 4."]
    assert errors["review_to_weeks"] == ["The review window must end after it starts."]
    assert 'value="four"' in response.content.decode()


def test_only_administrators_run_or_configure(client, tree_a):
    for member in ("plain", "officer", "chair"):
        client.force_login(tree_a.members[member].user)
        assert client.post("/p/alpha/timetable/run/").status_code == 403
        assert client.get("/p/alpha/timetable/settings/").status_code == 403
    client.force_login(tree_a.members["admin"].user)
    assert client.get("/p/alpha/timetable/run/").status_code == 405


def meet(board, day, hour=10):
    return Meeting.objects.create(
        board=board, starts_at=dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())
    )


def paper_problems(client):
    response = client.get("/p/alpha/timetable/")
    assert response.status_code == 200
    checks = response.context["paper_checks"]
    return response, {(check.board.name, check.day): check.problem for check in checks}


def test_the_page_warns_when_a_meeting_falls_before_its_papers(client, tree_a):
    cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    tree_a.meeting.delete()  # the fixture's meeting is a month from today, wherever that falls
    day = dt.timedelta(days=1)
    executive = tree_a.business_group.parent
    early_group = meet(tree_a.business_group, cycle.exception_reports_due - day)
    meet(tree_a.theme_board, cycle.review_from + 2 * day)
    early_executive = meet(executive, cycle.partnership_report_due)  # the day the HSP/PMG report is ready
    meet(tree_a.top_board, cycle.partnership_report_due + 3 * day)
    client.force_login(tree_a.members["plain"].user)
    response, problems = paper_problems(client)
    assert "before its papers" in problems[("Business Group", early_group.starts_at.date())]
    assert "the theme exception reports are ready" in problems[("Business Group", early_group.starts_at.date())]
    assert "members will not have had time" in problems[("Executive", early_executive.starts_at.date())]
    assert problems[("Well-Being Board", cycle.review_from + 2 * day)] is None
    assert problems[("Partnership Board", cycle.partnership_report_due + 3 * day)] is None
    # Neither the business group nor the executive has a meeting after its papers.
    assert "Business Group has no meeting scheduled after its papers" in problems[("Business Group", None)]
    assert "Executive has no meeting scheduled after its papers" in problems[("Executive", None)]
    html = response.content.decode()
    assert "2 meetings on this quarter come before their papers" in html
    assert "2 boards have no meeting after their papers" in html


def test_each_board_meets_after_the_one_it_hears_from(client, tree_a):
    cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    tree_a.meeting.delete()
    day = dt.timedelta(days=1)
    executive = tree_a.business_group.parent
    after = cycle.partnership_report_due + day
    meet(tree_a.business_group, after + 2 * day)  # after its papers, but after the executive too
    meet(executive, after + day)
    meet(tree_a.top_board, after)  # after its papers, but before the executive
    meet(tree_a.theme_board, cycle.review_from + day)
    client.force_login(tree_a.members["plain"].user)
    response, problems = paper_problems(client)
    assert "before the Business Group" in problems[("Executive", after + day)]
    assert "cannot consider its recommendations" in problems[("Executive", after + day)]
    assert "before the Executive" in problems[("Partnership Board", after)]
    assert problems[("Business Group", after + 2 * day)] is None
    assert "2 meetings on this quarter come before their papers or the meeting they hear from" in (
        response.content.decode()
    )


def test_a_schedule_in_order_has_no_warning(client, tree_a):
    cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    tree_a.meeting.delete()
    day = dt.timedelta(days=1)
    meet(tree_a.business_group, cycle.exception_reports_due + day)
    meet(tree_a.theme_board, cycle.review_from + day)
    meet(tree_a.business_group.parent, cycle.partnership_report_due + 2 * day)
    meet(tree_a.top_board, cycle.partnership_report_due + 7 * day, hour=18)
    client.force_login(tree_a.members["plain"].user)
    response, problems = paper_problems(client)
    assert set(problems.values()) == {None}
    html = response.content.decode()
    assert "govuk-warning-text" not in html and "After its papers" in html


def test_reports_due_after_the_review_window_make_the_first_meeting_after_them_the_review(client, tree_a):
    cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    tree_a.meeting.delete()
    # The collation deadline was extended three weeks past its milestone: the reports follow it.
    late = cycle.review_to + dt.timedelta(days=1)
    ReportingCycle.objects.filter(pk=cycle.pk).update(
        collation_deadline=late - dt.timedelta(weeks=1), exception_reports_due=late
    )
    meet(tree_a.theme_board, late + dt.timedelta(days=2))
    client.force_login(tree_a.members["plain"].user)
    response = client.get("/p/alpha/timetable/")
    checks = {theme.name: problem for theme, meeting, problem in response.context["meeting_checks"]}
    assert checks["Well-Being"] is None
    assert "has no meeting scheduled after the exception reports" in checks["Enterprise"]
    html = response.content.decode()
    assert "the themes can review this quarter only after the window" in html and "After the reports" in html


def test_a_theme_drafted_early_shows_its_report_and_the_milestone_waits_for_all(client, tree_a):
    from reporting.models import ExceptionReport
    from reporting.services.snapshots import draft_theme_report

    cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    draft_theme_report(cycle, tree_a.theme, today=cycle.collation_deadline, reason="Every due return approved")
    client.force_login(tree_a.members["plain"].user)
    response = client.get("/p/alpha/timetable/")
    report = ExceptionReport.objects.get(cycle=cycle, theme=tree_a.theme)
    html = response.content.decode()
    assert f"/p/alpha/reports/exception/{report.pk}/" in html
    done = {name: done_at for name, _, done_at, _ in response.context["milestone_rows"]}
    assert done["Theme exception reports ready"] is None  # Enterprise has no draft yet
