"""The reporting chain follows the data (reporting.services.chain): the last approval drafts a
theme's exception report without waiting for the milestone; later approvals take new snapshot
versions and keep the words; the HSP/PMG report is versioned as theme reports change; a
cross-thematic indicator shows on every contributing theme and is counted once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from indicators.periods import PeriodKind, latest_ended
from indicators.services.returns import decide_return
from partnership.models import Theme
from partnership.roles import Role
from partnership.services.access import access_for
from reporting.clock import clock
from reporting.models import ExceptionReport, LiveDashboard, PartnershipReport, ThemeSnapshot
from reporting.services import chain
from reporting.services.cycles import open_cycle
from reporting.services.exception_reports import ItemText, change_state, save_exception_report
from reporting.services.live_dashboards import current_dashboard
from reporting.services.partnership_reports import Level, hsp_report

from ..builders import make_indicator, make_member, make_return, make_user


@pytest.fixture
def quarter(tree_a):
    """Well-Being leads two indicators with targets; the quarter's cycle is open, its returns
    submitted, and the clock is a week before the collation deadline."""
    t = tree_a
    t.quarter = latest_ended(PeriodKind.QUARTER, dt.date.today())
    year = t.quarter.financial_year
    level = [(year, Decimal(60), Decimal(55))]
    t.homes = make_indicator(t, "L 1", title="Homes", unit="count", polarity="higher", targets=level)
    t.jobs = make_indicator(t, "L 2", title="Jobs", unit="count", polarity="higher", targets=level)
    t.members["pml"] = make_member(t.partnership, make_user("pml_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, t.theme)])
    t.members["coordinator"] = make_member(
        t.partnership, make_user("coordinator_a"), [(Role.REPORT_COORDINATOR, t.theme)]
    )
    t.cycle = open_cycle(t.partnership, t.quarter)
    clock.set(t.cycle.collation_deadline - dt.timedelta(days=7))
    t.returns = {
        "homes": make_return(t.homes, t.quarter, state="submitted", value=Decimal(70)),
        "jobs": make_return(
            t.jobs,
            t.quarter,
            state="submitted",
            value=Decimal(50),
            variance_reason="The employer closed",
            action_taken="Job fair in March",
        ),
        "ni112": make_return(t.indicator, t.quarter, state="submitted", value=Decimal(40)),
    }
    return t


def approve(t, ret, capture):
    with capture(execute=True):
        coordinator = t.members["coordinator"]
        ret.refresh_from_db()
        decide_return(ret, action="approve", user=coordinator.user, access=access_for(coordinator))


def report_of(t, theme=None):
    return ExceptionReport.objects.filter(cycle=t.cycle, theme=theme or t.theme).first()


def test_the_last_approval_drafts_the_report_without_waiting_for_the_milestone(
    quarter, django_capture_on_commit_callbacks
):
    t = quarter
    approve(t, t.returns["homes"], django_capture_on_commit_callbacks)
    approve(t, t.returns["ni112"], django_capture_on_commit_callbacks)
    assert report_of(t) is None  # one return still waits for approval

    approve(t, t.returns["jobs"], django_capture_on_commit_callbacks)

    report = report_of(t)
    assert report is not None and report.state == "draft"
    assert clock.today() < t.cycle.collation_deadline < t.cycle.exception_reports_due
    assert report.snapshot.version == 1 and report.snapshot.reason == "Every due return approved"
    item = report.items.get(indicator=t.jobs)
    assert (item.status, item.reason, item.action) == ("red", "The employer closed", "Job fair in March")
    told = [m for m in mail.outbox if m.subject.startswith("Draft exception report ready")]
    assert [m.to for m in told] == [["pml_a@example.org"]]
    assert reverse("reporting:exception_detail", args=[t.partnership.slug, report.pk]) in told[0].body
    # The other theme's returns are not all in: it waits (for its last approval, or the deadline).
    assert report_of(t, t.other_theme) is None


def test_the_same_event_twice_makes_one_snapshot_and_one_email(quarter, django_capture_on_commit_callbacks):
    t = quarter
    for ret in t.returns.values():
        approve(t, ret, django_capture_on_commit_callbacks)
    for _ in range(2):  # a redelivered task
        chain.return_approved(t.returns["jobs"].pk, today=clock.today(), now=clock.now())
    assert ThemeSnapshot.objects.filter(cycle=t.cycle, theme=t.theme).count() == 1
    assert len([m for m in mail.outbox if m.subject.startswith("Draft exception report ready")]) == 1


def test_a_late_approval_refreshes_the_figures_and_keeps_the_words(quarter, django_capture_on_commit_callbacks):
    t = quarter
    for ret in t.returns.values():
        approve(t, ret, django_capture_on_commit_callbacks)
    report = report_of(t)
    item = report.items.get(indicator=t.jobs)
    pml = t.members["pml"].user
    save_exception_report(
        report,
        successes="Homes ahead of plan.",
        texts={item.pk: ItemText("Closure of the main employer", "Job fair", "Approve the fair's budget")},
        expected_version=report.version,
        user=pml,
    )
    # The jobs figure is corrected, resubmitted and approved again before the deadline.
    jobs = t.returns["jobs"]
    jobs.refresh_from_db()
    jobs.state, jobs.value = "submitted", Decimal(57)
    jobs.save()
    approve(t, jobs, django_capture_on_commit_callbacks)

    report.refresh_from_db()
    assert report.snapshot.version == 2 and report.snapshot.reason == "An approval after the draft"
    item.refresh_from_db()
    assert item.status == "amber"  # new figures
    assert (item.reason, item.action, item.decisions_required) == (
        "Closure of the main employer",
        "Job fair",
        "Approve the fair's budget",
    )
    assert report.successes == "Homes ahead of plan."
    assert ThemeSnapshot.objects.filter(cycle=t.cycle, theme=t.theme).count() == 2  # both kept


def test_a_final_report_keeps_its_figures_and_the_deadline_ends_refreshes(quarter, django_capture_on_commit_callbacks):
    t = quarter
    for ret in t.returns.values():
        approve(t, ret, django_capture_on_commit_callbacks)
    report = report_of(t)
    item = report.items.get(indicator=t.jobs)
    save_exception_report(
        report,
        successes="",
        texts={item.pk: ItemText("Closure", "Job fair", "")},
        expected_version=report.version,
        user=t.members["pml"].user,
        finalise=True,
    )
    outcome = chain.theme_returns_in(t.cycle, t.theme, today=clock.today(), now=clock.now())
    assert outcome.snapshot is None and "final" in outcome.why_not
    after = t.cycle.exception_reports_due + dt.timedelta(days=1)
    assert chain.theme_returns_in(t.cycle, t.theme, today=after, now=clock.now()) is None


def test_finalising_a_theme_report_after_assembly_makes_a_new_version_with_its_text(
    quarter, django_capture_on_commit_callbacks
):
    t = quarter
    for ret in t.returns.values():
        approve(t, ret, django_capture_on_commit_callbacks)
    # The milestone comes with Well-Being drafted and the other theme drafted at the deadline.
    chain.draft_at_deadline(t.cycle, today=t.cycle.collation_deadline + dt.timedelta(days=1), now=clock.now())
    t.cycle.refresh_from_db()
    assert chain.assemble_at_milestone(t.cycle, today=t.cycle.partnership_report_due, now=clock.now())
    first = PartnershipReport.objects.get(cycle=t.cycle)
    red = next(row for row in first.data["red_items"] if row["code"] == "L 2")
    assert red["draft"] and red["variance_reason"] == "The employer closed"
    assert not first.is_complete

    report = report_of(t)
    item = report.items.get(indicator=t.jobs)
    with django_capture_on_commit_callbacks(execute=True):
        save_exception_report(
            report,
            successes="",
            texts={item.pk: ItemText("Closure of the main employer", "Job fair", "Agree the fair's budget")},
            expected_version=report.version,
            user=t.members["pml"].user,
            finalise=True,
        )

    versions = list(PartnershipReport.objects.filter(cycle=t.cycle).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    red = next(row for row in versions[1].data["red_items"] if row["code"] == "L 2")
    assert not red["draft"]
    assert (red["variance_reason"], red["action_taken"], red["decisions_required"]) == (
        "Closure of the main employer",
        "Job fair",
        "Agree the fair's budget",
    )
    assert "Well-Being exception report final" in versions[1].reason
    # The page shows the latest; the first stays readable.
    assert hsp_report(t.cycle, Level.DETAIL).version.version == 2
    assert hsp_report(t.cycle, Level.DETAIL, version=1).data == versions[0].data

    # Reopening and saving it unchanged makes no new version: the data is the same.
    with django_capture_on_commit_callbacks(execute=True):
        report.refresh_from_db()
        change_state(report, to="draft", expected_version=report.version, user=t.members["pml"].user)
    assert PartnershipReport.objects.filter(cycle=t.cycle).count() == 3  # the theme is a draft again
    with django_capture_on_commit_callbacks(execute=True):
        chain.exception_report_changed(report.pk, today=clock.today(), now=clock.now())
    assert PartnershipReport.objects.filter(cycle=t.cycle).count() == 3


def test_the_report_assembles_as_soon_as_every_theme_report_is_final(quarter, django_capture_on_commit_callbacks):
    t = quarter
    for ret in t.returns.values():
        approve(t, ret, django_capture_on_commit_callbacks)
    chain.draft_at_deadline(t.cycle, today=t.cycle.collation_deadline + dt.timedelta(days=1), now=clock.now())
    for report in ExceptionReport.objects.filter(cycle=t.cycle):
        texts = {item.pk: ItemText("A reason", "An action", "") for item in report.items.all()}
        with django_capture_on_commit_callbacks(execute=True):
            save_exception_report(
                report, successes="", texts=texts, expected_version=report.version, user=None, finalise=True
            )
    version = PartnershipReport.objects.get(cycle=t.cycle)
    assert version.is_complete and clock.today() < t.cycle.partnership_report_due


def test_a_cross_thematic_indicator_shows_on_contributing_themes_and_is_counted_once(
    quarter, django_capture_on_commit_callbacks
):
    t = quarter
    t.jobs.contributing_themes.add(t.other_theme)
    for ret in t.returns.values():
        approve(t, ret, django_capture_on_commit_callbacks)
    other = Theme.objects.get(pk=t.other_theme.pk)
    data = current_dashboard(other, clock.today())
    row = next(r for r in data["indicators"] if r["code"] == "L 2")
    assert not row["is_lead"] and row["lead_theme"] == "Well-Being" and row["status"] == "red"
    assert sum(data["counts"].values()) == 0  # counted under its lead theme, not here

    chain.draft_at_deadline(t.cycle, today=t.cycle.collation_deadline + dt.timedelta(days=1), now=clock.now())
    assert not report_of(t, other).items.exists()  # not the contributing theme's exception
    assert chain.assemble_at_milestone(t.cycle, today=t.cycle.partnership_report_due, now=clock.now())
    data = PartnershipReport.objects.get(cycle=t.cycle).data
    assert [row["code"] for row in data["red_items"]].count("L 2") == 1
    report = hsp_report(t.cycle, Level.DETAIL)
    assert sum(report.totals.values()) == 3  # three indicators, each once


def test_the_contributing_themes_dashboard_page_marks_the_lead(quarter, client, django_capture_on_commit_callbacks):
    t = quarter
    t.jobs.contributing_themes.add(t.other_theme)
    client.force_login(t.members["admin"].user)
    page = client.get(reverse("reporting:dashboard", args=[t.partnership.slug, t.other_theme.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cross-thematic indicators this theme contributes to" in html and "Led by Well-Being" in html


def test_the_live_dashboard_is_stored_and_follows_each_change(quarter, django_capture_on_commit_callbacks):
    t = quarter
    today = clock.today()
    current_dashboard(t.theme, today)
    stored = LiveDashboard.objects.get(theme=t.theme)
    assert stored.is_current(today)

    approve(t, t.returns["jobs"], django_capture_on_commit_callbacks)  # the refresh task runs on commit
    stored.refresh_from_db()
    assert stored.is_current(today) and stored.generation == stored.computed_generation >= 1
    row = next(r for r in stored.data["indicators"] if r["code"] == "L 2")
    assert row["status"] == "red"

    # A change whose refresh has not run yet: the page computes it afresh rather than show old data.
    with django_capture_on_commit_callbacks(execute=False):
        t.homes.title = "Homes completed"
        t.homes.save()
    stored.refresh_from_db()
    assert not stored.is_current(today)
    assert any(r["title"] == "Homes completed" for r in current_dashboard(t.theme, today)["indicators"])
    stored.refresh_from_db()
    assert stored.is_current(today)


def test_a_refresh_that_raced_a_change_stores_nothing(quarter):
    from reporting.services import live_dashboards

    t = quarter
    today = clock.today()
    current_dashboard(t.theme, today)
    original = live_dashboards.theme_dashboard

    def slow_dashboard(theme, day):
        data = original(theme, day)
        live_dashboards.bump([theme.pk])  # a change lands while the refresh computes
        return data

    live_dashboards.theme_dashboard = slow_dashboard
    try:
        live_dashboards.refresh(t.theme, today)
    finally:
        live_dashboards.theme_dashboard = original
    assert not LiveDashboard.objects.get(theme=t.theme).is_current(today)


def test_a_warm_dashboard_reads_stored_data(quarter, client, django_assert_max_num_queries):
    t = quarter
    current_dashboard(t.theme, timezone.localdate())
    client.force_login(t.members["admin"].user)
    url = reverse("reporting:dashboard", args=[t.partnership.slug, t.theme.slug])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_a_broker_outage_does_not_fail_the_approval(quarter, django_capture_on_commit_callbacks, monkeypatch):
    from reporting import tasks

    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.return_approved, "delay", refuse)
    monkeypatch.setattr(tasks.refresh_dashboards, "delay", refuse)
    approve(quarter, quarter.returns["jobs"], django_capture_on_commit_callbacks)
    quarter.returns["jobs"].refresh_from_db()
    assert quarter.returns["jobs"].state == "approved"


def test_the_periodic_job_catches_up_a_lost_event(quarter):
    t = quarter
    for ret in t.returns.values():  # approved, but the events were lost with the broker
        ret.state = "approved"
        ret.save()
    assert chain.catch_up(t.cycle, today=clock.today(), now=clock.now()) == 1
    assert report_of(t) is not None


def test_the_periodic_job_makes_the_days_dashboards_ready(tree_a):
    from reporting.services.cycles import advance

    assert advance(tree_a.partnership)["dashboards"] == 2
    assert all(row.is_current(timezone.localdate()) for row in LiveDashboard.objects.all())
    assert advance(tree_a.partnership)["dashboards"] == 0


def test_an_officers_draft_save_leaves_the_dashboard_alone_and_its_words_off_it(quarter):
    t = quarter
    today = clock.today()
    current_dashboard(t.theme, today)
    draft = make_return(t.homes, t.quarter.previous(), state="draft", variance_reason="Not agreed yet")
    draft.value = Decimal(1)
    draft.save()
    stored = LiveDashboard.objects.get(theme=t.theme)
    assert stored.is_current(today)
    assert "Not agreed yet" not in str(current_dashboard(t.theme, today))


def test_each_report_is_sent_out_by_its_own_task_once(quarter, django_capture_on_commit_callbacks):
    t = quarter
    for ret in t.returns.values():
        approve(t, ret, django_capture_on_commit_callbacks)
    report = report_of(t)
    make_member(t.partnership, make_user("board_member_a"), [(Role.BOARD_MEMBER, t.theme_board)])
    assert chain.send_out_reports(t.cycle, today=t.cycle.exception_reports_due, now=clock.now()) == 1
    sent = [m for m in mail.outbox if m.attachments]
    assert sorted(m.to[0] for m in sent) == ["board_member_a@example.org", "chair_a@example.org"]
    assert chain.send_out_report_by_id(report.pk) == 0  # a redelivered task sends nothing again
    assert chain.send_out_reports(t.cycle, today=t.cycle.exception_reports_due, now=clock.now()) == 0


def test_the_page_caches_the_figures_per_version_of_the_data(
    quarter, client, django_capture_on_commit_callbacks, monkeypatch
):
    from reporting.views.dashboards import DashboardView

    rendered = []
    original = DashboardView.render_body
    monkeypatch.setattr(
        DashboardView, "render_body", lambda view, context: rendered.append(1) or original(view, context)
    )
    t = quarter
    client.force_login(t.members["admin"].user)
    url = reverse("reporting:dashboard", args=[t.partnership.slug, t.theme.slug])
    assert "Homes" in client.get(url).content.decode()
    assert "Homes" in client.get(url).content.decode()
    assert len(rendered) == 1  # the second visit read the cached figures
    with django_capture_on_commit_callbacks(execute=True):
        t.homes.title = "Homes completed"
        t.homes.save()
    assert "Homes completed" in client.get(url).content.decode()  # a new version, a new key
