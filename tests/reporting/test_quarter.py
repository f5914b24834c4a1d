"""A whole quarter by moving the clock: Q4 2024/25 (ends 31 March 2025), whose reminder date falls
on Easter and whose exception-report milestone falls on the Early May bank holiday."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from indicators.models import IndicatorReturn, Period, Result
from indicators.periods import PeriodKind, Span
from indicators.services.returns import decide_return
from partnership.roles import Role
from partnership.services.access import access_for
from reporting.clock import clock
from reporting.models import ExceptionReport, Notification, PartnershipReport, ReportingCycle, ThemeSnapshot
from reporting.services.cycles import advance
from reporting.tasks import advance_all_timetables

from ..builders import make_indicator, make_member, make_return, make_user

Q4 = Span(PeriodKind.QUARTER, dt.date(2025, 1, 1))
D = dt.date


@pytest.fixture
def quarter(tree_a):
    """Alpha, with an analyst (PML), a coordinator and three quarterly indicators due for Q4."""
    t = tree_a
    t.members["analyst"] = make_member(
        t.partnership, make_user("analyst_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, t.theme)]
    )
    t.members["coordinator"] = make_member(t.partnership, make_user("rc_a"), [(Role.REPORT_COORDINATOR, t.theme)])
    t.homes = make_indicator(
        t, "L 1", title="Homes", unit="count", polarity="higher", targets=[(2024, Decimal(100), Decimal(90))]
    )
    t.crime = make_indicator(
        t, "L 2", title="Crime", unit="count", polarity="lower", targets=[(2024, Decimal(50), Decimal(55))]
    )
    t.jobs = make_indicator(
        t,
        "L 3",
        title="Jobs",
        unit="count",
        polarity="higher",
        targets=[(2024, Decimal(20), Decimal(18))],
        lead_theme=t.other_theme,
    )  # a theme with no Lead Information Officer
    return t


def run_on(day, partnership):
    clock.set(day)
    return advance(partnership)


def counts():
    return (
        ReportingCycle.objects.count(),
        Notification.objects.count(),
        len(mail.outbox),
        ThemeSnapshot.objects.count(),
        ExceptionReport.objects.count(),
        PartnershipReport.objects.count(),
        IndicatorReturn.objects.filter(locked_at__isnull=False).count(),
    )


def test_a_full_quarter(quarter):
    t, p = quarter, quarter.partnership

    # 1 April: the quarter has ended, its returns open, with the timetable's dates.
    run_on(D(2025, 4, 1), p)
    cycle = ReportingCycle.objects.get(partnership=p, period__start=Q4.start)
    assert (
        cycle.collation_deadline,
        cycle.reminders_due,
        cycle.exception_reports_due,
        cycle.partnership_report_due,
    ) == (D(2025, 4, 28), D(2025, 4, 17), D(2025, 5, 6), D(2025, 5, 12))
    assert cycle.return_round.collation_deadline == D(2025, 4, 28)
    assert mail.outbox == []

    # 16 April: not yet time to remind.
    assert run_on(D(2025, 4, 16), p)["reminders"] == 0

    # 17 April (the working day before Good Friday and Easter Monday): the officer is reminded of
    # the returns outstanding in their theme only.
    assert run_on(D(2025, 4, 17), p)["reminders"] == 1
    reminder = mail.outbox[-1]
    assert reminder.to == ["officer_a@example.org"] and "due by 28 April 2025" in reminder.subject
    assert "L 1 Homes" in reminder.body and "L 2 Crime" in reminder.body and "L 3" not in reminder.body

    # The officer submits Homes (on target) and it is approved; Crime stays a draft.
    period = Period.objects.for_span(Q4)
    homes = make_return(t.homes, Q4, state="submitted", value=Decimal(120))
    decide_return(
        homes, action="approve", user=t.members["coordinator"].user, access=access_for(t.members["coordinator"])
    )
    make_return(
        t.crime,
        Q4,
        state="draft",
        value=Decimal(70),
        variance_reason="Spike in burglary",
        action_taken="Operation Bumblebee",
    )

    # 28 April, the deadline: still open.
    run_on(D(2025, 4, 28), p)
    assert not IndicatorReturn.objects.filter(locked_at__isnull=False).exists()

    # 29 April: returns locked; the officer is chased for Crime, copied to the theme's PML. The
    # collation deadline is also the latest a theme's report waits: each theme not drafted yet is
    # frozen from what was approved, and its Performance Management Lead is told.
    sent_before = len(mail.outbox)
    done = run_on(D(2025, 4, 29), p)
    assert done["chasers"] == 1 and done["snapshots"] == 2
    chaser = next(m for m in mail.outbox[sent_before:] if "Overdue" in m.subject)
    assert chaser.to == ["officer_a@example.org"] and chaser.cc == ["analyst_a@example.org"]
    assert "L 2 Crime" in chaser.body and "L 1 Homes" not in chaser.body
    assert IndicatorReturn.objects.filter(period=period, locked_at__isnull=False).count() == 2
    told = [m for m in mail.outbox[sent_before:] if m.subject.startswith("Draft exception report ready")]
    assert [m.to for m in told] == [["analyst_a@example.org"]] and "Well-Being" in told[0].subject

    # 5 May, the Early May bank holiday: the exception-report milestone has moved to 6 May.
    assert run_on(D(2025, 5, 5), p)["sent_out"] == 0

    # 6 May: the draft exception reports were pre-filled from the frozen dashboards; at their
    # milestone they are sent to the theme board's members with their PDF.
    assert run_on(D(2025, 5, 6), p)["sent_out"] >= 1
    sent = [m for m in mail.outbox if "exception report, Q4 2024/25" in m.subject]
    assert sent and all(m.attachments[0][2] == "application/pdf" for m in sent)
    report = ExceptionReport.objects.get(cycle=cycle, theme=t.theme)
    assert report.state == "draft" and "on target" in report.successes and "L 1 Homes" in report.successes
    rows = {row["code"]: row for row in report.snapshot.data["indicators"]}
    assert rows["L 1"]["status"] == "green" and rows["L 1"]["actual_display"] == "120"
    assert rows["L 2"]["status"] == "grey"  # a draft is not a result: only approved values count
    assert not Result.objects.filter(indicator=t.crime).exists()

    # 12 May: the HSP/PMG report is assembled from the theme reports.
    assert run_on(D(2025, 5, 12), p)["reports"] == 1
    data = PartnershipReport.objects.get(cycle=cycle).data
    assert {theme["theme"] for theme in data["themes"]} == {"Well-Being", "Enterprise"}

    # And running again, twice in a row, changes nothing.
    before = counts()
    assert set(run_on(D(2025, 5, 12), p).values()) == {0}
    run_on(D(2025, 5, 12), p)
    assert counts() == before


def test_running_the_job_twice_on_any_day_changes_nothing_the_second_time(quarter):
    for day in (D(2025, 4, 1), D(2025, 4, 17), D(2025, 4, 29), D(2025, 5, 6), D(2025, 5, 12)):
        run_on(day, quarter.partnership)
        before = counts()
        run_on(day, quarter.partnership)
        assert counts() == before, day


def test_a_late_first_run_catches_up_without_repeating(quarter):
    # given: the job did not run at all until after the HSP/PMG milestone
    run_on(D(2025, 5, 13), quarter.partnership)
    cycle = ReportingCycle.objects.get(period__start=Q4.start)
    # then: the cycle is opened, locked, chased, frozen and reported in one run; no reminder is
    # sent after the deadline has passed
    assert cycle.locked_at and cycle.chasers_sent_at and cycle.snapshot_at and cycle.report_assembled_at
    assert not Notification.objects.filter(kind="reminder").exists()


def test_the_celery_job_fans_out_per_partnership(quarter, tree_b):
    assert advance_all_timetables.delay("2025-04-17").get() == 2
    assert ReportingCycle.objects.filter(period__start=Q4.start).count() == 2


def test_six_monthly_partnerships_collate_every_quarter_but_report_at_half_years(quarter):
    from reporting.services.cycles import settings_for

    timetable = settings_for(quarter.partnership)
    timetable.cadence = "six_monthly"
    timetable.save()
    q1 = D(2025, 6, 30)  # covered by the annual review: returns and spend only
    run_on(q1 + dt.timedelta(days=50), quarter.partnership)  # well past Q1 2025/26's milestones
    cycle = ReportingCycle.objects.get(period__end=q1)
    assert cycle.locked_at and cycle.kind == "finance_only" and not cycle.snapshot_at
    assert not cycle.exception_reports.exists() and not cycle.report_assembled_at
    # (Q3's update, which has reports, is in tests/reporting/test_q3_update.py)


def test_the_hsp_pmg_report_uses_the_exception_reports_as_written(quarter):
    from reporting.models import ExceptionItem
    from reporting.services.partnership_reports import partnership_report_data

    t = quarter
    make_return(t.crime, Q4, state="submitted", value=Decimal(70), variance_reason="from the return", action_taken="x")
    decide_return(
        IndicatorReturn.objects.get(indicator=t.crime),
        action="approve",
        user=t.members["coordinator"].user,
        access=access_for(t.members["coordinator"]),
    )
    run_on(D(2025, 5, 6), t.partnership)
    cycle = ReportingCycle.objects.get(period__start=Q4.start)
    item = ExceptionItem.objects.get(report__cycle=cycle, indicator=t.crime)
    assert item.reason == "from the return"  # pre-filled
    item.reason, item.decisions_required = "Rewritten by the PML", "Agree extra patrols"
    item.save()
    red = next(r for r in partnership_report_data(cycle)["red_items"] if r["code"] == "L 2")
    assert (red["variance_reason"], red["decisions_required"]) == ("Rewritten by the PML", "Agree extra patrols")


def test_the_job_judges_the_ladder_at_each_review_point_once(quarter):
    from escalation.models import Escalation

    t = quarter
    # Crime (lower is better, monitoring level 55) is approved at 70 for Q4 2024/25: below it.
    make_return(t.crime, Q4, state="submitted", value=Decimal(70))
    decide_return(
        IndicatorReturn.objects.get(indicator=t.crime),
        action="approve",
        user=t.members["coordinator"].user,
        access=access_for(t.members["coordinator"]),
    )
    first = run_on(D(2025, 4, 29), t.partnership)
    assert first["escalation_steps"] >= 1
    escalation = Escalation.objects.get(indicator=t.crime)
    assert escalation.stage == 1
    assert run_on(D(2025, 4, 29), t.partnership)["escalation_steps"] == 0  # the same results, judged once
