"""The periodic timetable job over every partnership, as beat runs it (`advance_all_timetables`,
Celery eager: the fan-out tasks run in this process), with the timetable's clock set to the day
Q-1's exception reports are due: it freezes every theme's dashboard and drafts its exception
report. Then once more at the same moment, when every step is already claimed."""

from bench.stats import timed
from reporting.clock import clock
from reporting.models import ExceptionItem, ExceptionReport, ThemeSnapshot
from reporting.tasks import advance_all_timetables


def run_job() -> int:
    return advance_all_timetables.delay().get()


def work_done(cycles) -> dict:
    return {
        "snapshots": ThemeSnapshot.objects.filter(cycle__in=cycles).count(),
        "exception_reports": ExceptionReport.objects.filter(cycle__in=cycles).count(),
        "exception_items": ExceptionItem.objects.filter(report__cycle__in=cycles).count(),
    }


def job_figures(moment, cycles) -> dict:
    clock.set(moment)
    try:
        partnerships, first = timed(run_job)
        after_first = work_done(cycles)
        _, second = timed(run_job)
        after_second = work_done(cycles)
    finally:
        clock.set(None)
    return {
        "moment": moment.isoformat(),
        "partnerships": partnerships,
        "first_s": first,
        "second_s": second,
        "work": after_first,
        "second_made": {k: after_second[k] - after_first[k] for k in after_first},
    }
