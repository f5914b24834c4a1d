"""The periodic timetable job over every partnership, as beat runs it (`advance_all_timetables`,
Celery eager: the fan-out tasks run in this process), with the timetable's clock set to the day
Q-1's exception reports are due. bench/state.py has left Q-1 with no draft, as if no approval event
had been delivered, so the job's catch-up takes every theme's snapshot and drafts its exception
report (telling its Performance Management Lead), and then, the milestone being that day, sends
every report out to its theme board with its PDF. Then once more at the same moment, when every
step is already claimed.

Where the time goes: the steps `reporting.services.cycles.advance` calls are wrapped, for the
measured runs only, by a timer in this process (`Phases`; the product's code is unchanged).

`sampled_job_figures` (bench/national.py) runs the same job for a sample of partnerships only,
each as its fan-out task (`advance_partnership_timetable`, eager), for sizes where running it for
every partnership would take too long; totals are then extrapolated from the sample.
"""

import time
from contextlib import contextmanager

from bench.stats import median, timed
from reporting.clock import clock
from reporting.models import ExceptionItem, ExceptionReport, Notification, ThemeSnapshot
from reporting.services import cycles as cycles_module
from reporting.tasks import advance_all_timetables, advance_partnership_timetable

# The steps of `advance`, as it names them, and what the table calls them.
PHASES = {
    "catch_up": "drafting (catch-up)",
    "draft_at_deadline": "drafting (collation deadline)",
    "send_out_reports": "sending reports out (PDF + emails)",
    "assemble_at_milestone": "HSP/PMG report",
    "evaluate_due_review_points": "ladder of intervention",
    "send_overdue_reminders": "action reminders",
    "lock_and_chase": "lock and chase",
    "send_reminders": "reminders",
    "out_of_date": "live dashboards",
}


class Phases:
    """Seconds spent in each of advance's steps while installed (wrapping the names the cycles
    module calls them by)."""

    def __init__(self):
        self.seconds = dict.fromkeys(PHASES, 0.0)

    @contextmanager
    def installed(self):
        originals = {name: getattr(cycles_module, name) for name in PHASES if hasattr(cycles_module, name)}

        def timed_step(name, function):
            def step(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    self.seconds[name] += time.perf_counter() - started

            return step

        for name, function in originals.items():
            setattr(cycles_module, name, timed_step(name, function))
        try:
            yield self
        finally:
            for name, function in originals.items():
                setattr(cycles_module, name, function)

    def named(self) -> dict[str, float]:
        return {PHASES[name]: seconds for name, seconds in self.seconds.items() if seconds >= 0.005}


def run_job() -> int:
    return advance_all_timetables.delay().get()


def catch_up_ladder(day, partnerships=None):
    """What the generation's catch-up run is there for, alone: the ladder of intervention judges the
    review points that have ended by `day` (the last two, the first time), for every partnership
    or those given (`advance` calls the same). The rest of the job that day would draft Q-1's
    exception reports, which bench/state.py deletes."""
    from escalation.services.action_plans import send_overdue_reminders
    from escalation.services.ladder import evaluate_due_review_points
    from partnership.models import Partnership

    for partnership in partnerships if partnerships is not None else Partnership.objects.order_by("pk"):
        evaluate_due_review_points(partnership, day)
        send_overdue_reminders(partnership, day)


def work_done(cycles) -> dict:
    return {
        "snapshots": ThemeSnapshot.objects.filter(cycle__in=cycles).count(),
        "exception_reports": ExceptionReport.objects.filter(cycle__in=cycles).count(),
        "exception_items": ExceptionItem.objects.filter(report__cycle__in=cycles).count(),
        "draft_emails": Notification.objects.filter(cycle__in=cycles, kind=Notification.Kind.DRAFT_READY).count(),
        "sent_out_emails": Notification.objects.filter(cycle__in=cycles, kind=Notification.Kind.REPORT_SENT).count(),
    }


def job_figures(moment, cycles) -> dict:
    clock.set(moment)
    first_phases, second_phases = Phases(), Phases()
    try:
        with first_phases.installed():
            partnerships, first = timed(run_job)
        after_first = work_done(cycles)
        with second_phases.installed():
            _, second = timed(run_job)
        after_second = work_done(cycles)
    finally:
        clock.set(None)
    return {
        "moment": moment.isoformat(),
        "partnerships": partnerships,
        "first_s": first,
        "second_s": second,
        "first_phases": first_phases.named(),
        "second_phases": second_phases.named(),
        "work": after_first,
        "second_made": {k: after_second[k] - after_first[k] for k in after_first},
    }


def sample_of(partnership_ids: list[int], count: int) -> list[int]:
    """`count` partnerships spread evenly over the list (first, last and between)."""
    if count >= len(partnership_ids):
        return list(partnership_ids)
    step = (len(partnership_ids) - 1) / (count - 1)
    return [partnership_ids[round(n * step)] for n in range(count)]


def sampled_job_figures(moment, cycles, count: int) -> dict:
    """The job's fan-out task for `count` partnerships, one after another, twice (the second run
    idempotent), with per-partnership times and the totals extrapolated to every partnership."""
    from partnership.models import Partnership

    everyone = list(Partnership.objects.order_by("pk").values_list("pk", flat=True))
    sample = sample_of(everyone, count)
    sampled_cycles = cycles.filter(partnership_id__in=sample)
    clock.set(moment)
    first_phases, second_phases = Phases(), Phases()
    first, second = [], []
    try:
        with first_phases.installed():
            for pk in sample:
                first.append(timed(advance_partnership_timetable.apply, args=[pk])[1])
        after_first = work_done(sampled_cycles)
        with second_phases.installed():
            for pk in sample:
                second.append(timed(advance_partnership_timetable.apply, args=[pk])[1])
        after_second = work_done(sampled_cycles)
    finally:
        clock.set(None)
    mean_first, mean_second = sum(first) / len(first), sum(second) / len(second)
    return {
        "moment": moment.isoformat(),
        "partnerships": len(everyone),
        "sampled": len(sample),
        "per_partnership_s": mean_first,
        "per_partnership_median_s": median(first),
        "per_partnership_max_s": max(first),
        "second_per_partnership_s": mean_second,
        "first_s_extrapolated": mean_first * len(everyone),
        "second_s_extrapolated": mean_second * len(everyone),
        "first_phases_per_partnership": {k: v / len(sample) for k, v in first_phases.named().items()},
        "second_phases_per_partnership": {k: v / len(sample) for k, v in second_phases.named().items()},
        "work": after_first,
        "second_made": {k: after_second[k] - after_first[k] for k in after_first},
    }
