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
    counts = dict(response.context["theme_counts"])
    assert counts[tree_a.theme]["outstanding"] == 1  # the fixture's draft NI 112 return
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
