"""The chain's event path with a real Celery worker and Redis: from the approval of a theme's last
due return to its draft exception report existing (issue 14: under 60 s).

Run by bench/run.py (and bench/national.py) as a process of its own, with bench/settings_events.py
(Celery sends through Redis, on the bench's own database and queue), because the measuring process
must publish tasks the way a web process does, and the rest of the bench runs Celery eagerly.

What it does:

1. moves the collation deadline of the quarter being collated (Q) to two weeks from today for the
   partnerships it uses (as an administrator extending the deadline would), since the chain drafts
   only until the exception-report deadline and the task runs on today's date;
2. for each measured theme, puts in Q's returns of its 40 indicators: 39 approved (with their
   results), the last one submitted, bulk-inserted (no signals, so nothing is queued);
3. starts `celery -A config worker --concurrency 2` on the bench queue, waits until it answers a
   ping;
4. warm-up: two themes approved (not counted), so both pool processes have done the work once;
5. sequential: for each of 10 themes in 10 partnerships, one at a time with the worker idle,
   approves the last return through `indicators.services.returns.decide_return` inside
   `transaction.atomic()` as a Report Coordinator (the product's approval path: it sends
   `return_approved`, and reporting.signals queues `reporting.return_approved` on commit), then
   polls the database every 20 ms until `ExceptionReport(cycle, theme)` exists;
6. burst: the seven themes of one partnership approved back to back (each its own transaction),
   each timed from its own commit (the drafts of one quarter take the cycle's row lock in turn);
7. waits for the worker to be idle, stops it with SIGTERM (warm shutdown), checks that no process
   of its session is left, and puts Q back as it was (bench/state.py).

Prints one JSON line with the figures. The worker runs at log level info into
bench/.data/events-worker.log, so each task's own run time is read from its "succeeded in" line.

Usage: python bench/events.py [--sequential N] [--no-burst]
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.worker import TIMEOUT_S, Worker  # noqa: E402  (the repository on the path first)

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
WARM_UP = 2
SEQUENTIAL = 10
POLL_S = 0.02


# --- the data -----------------------------------------------------------------------------------


def partnership_index(partnership) -> int:
    return int(partnership.slug.rsplit("-", 1)[1])


def chosen_themes(partnerships: list, sequential: int, warm_up: int) -> tuple[list, list]:
    """(one theme from each of several partnerships, for the warm-up and the sequential runs;
    every theme of one partnership, for the burst). The highest-numbered partnerships are used:
    the load test submits into the first eight, and the first is the measured dashboard's."""
    from partnership.models import Theme

    ordered = sorted(partnerships, key=partnership_index, reverse=True)
    burst, others = ordered[0], ordered[1:] or ordered
    themes = {p.pk: list(Theme.objects.filter(partnership=p).order_by("position")) for p in ordered}
    pairs = []
    for round_ in range(len(themes[burst.pk])):
        for p in others:
            own = themes[p.pk]
            pairs.append(own[(partnership_index(p) + round_) % len(own)])
    if len(pairs) < sequential + warm_up:
        raise SystemExit("Not enough partnerships for the event bench: generate at least 3.")
    return pairs[: warm_up + sequential], themes[burst.pk]


def extend_deadline(cycle, today: dt.date):
    """Q's collation deadline two weeks from today, its later milestones following (as the product
    recomputes them when an administrator extends the deadline)."""
    from indicators.models import ReturnRound
    from reporting.holidays import england_and_wales
    from reporting.models import ReportingCycle
    from reporting.services.cycles import settings_for
    from reporting.timetable import milestones, with_deadline

    offsets = settings_for(cycle.partnership).offsets
    holidays = england_and_wales()
    dates = with_deadline(
        milestones(cycle.period.end, offsets, holidays), today + dt.timedelta(days=14), offsets, holidays
    )
    ReturnRound.objects.filter(pk=cycle.return_round_id).update(collation_deadline=dates.collation_deadline)
    ReportingCycle.objects.filter(pk=cycle.pk).update(
        reminders_due=dates.reminders,
        collation_deadline=dates.collation_deadline,
        exception_reports_due=dates.exception_reports_due,
        partnership_report_due=dates.partnership_report_due,
    )


def coordinator(theme):
    from partnership.models import Membership
    from partnership.roles import Role

    username = f"bench-{partnership_index(theme.partnership):02d}-{theme.slug}-{Role.REPORT_COORDINATOR.value}"
    return Membership.objects.select_related("user", "partnership").get(
        partnership=theme.partnership, user__username=username
    )


def prepare_theme(theme, period, previous_period):
    """Q's returns for the theme's indicators: all approved (with their results) but the last,
    which is submitted. Figures and words are those of the indicator's Q-1 return. Returns the
    submitted return."""
    from django.utils import timezone

    from indicators.models import Indicator, IndicatorReturn, Result
    from indicators.return_rules import ATTESTATION_FIELDS
    from indicators.workflow import ReturnState

    indicators = list(Indicator.objects.filter(lead_theme=theme).order_by("code"))
    earlier = IndicatorReturn.objects.filter(indicator__in=indicators, period=previous_period)
    before = {r.indicator_id: r for r in earlier}
    now = timezone.now()
    returns, results = [], []
    for number, indicator in enumerate(indicators):
        last = number == len(indicators) - 1
        old = before[indicator.pk]
        figures = {"value": old.value, "numerator": old.numerator, "denominator": old.denominator}
        words = {"commentary": old.commentary, "variance_reason": old.variance_reason, "action_taken": old.action_taken}
        returns.append(
            IndicatorReturn(
                indicator=indicator,
                period=period,
                state=ReturnState.SUBMITTED if last else ReturnState.APPROVED,
                version=1 if last else 3,
                submitted_by_id=old.submitted_by_id,
                submitted_at=now,
                decided_by_id=None if last else old.decided_by_id,
                decided_at=None if last else now,
                **{name: True for name in ATTESTATION_FIELDS},
                **figures,
                **words,
            )
        )
        if not last:
            results.append(Result(indicator=indicator, period=period, commentary=old.commentary, **figures))
    made = IndicatorReturn.objects.bulk_create(returns)
    Result.objects.bulk_create(results)
    return made[-1]


# --- the measurement ----------------------------------------------------------------------------


def approve(ret, membership) -> float:
    """Approve through the product's path, in a transaction; the moment it committed."""
    from django.db import transaction

    from indicators.services.returns import decide_return
    from indicators.workflow import ReturnAction
    from partnership.services.access import access_for

    access = access_for(membership)
    with transaction.atomic():
        decide_return(ret, action=ReturnAction.APPROVE, user=membership.user, access=access)
    return time.perf_counter()


def wait_for_reports(cycle_of: dict[int, int]) -> dict[int, float]:
    """{theme id: the moment its exception report was first seen}, polling every POLL_S."""
    from reporting.models import ExceptionReport

    seen, deadline = {}, time.monotonic() + TIMEOUT_S
    while len(seen) < len(cycle_of) and time.monotonic() < deadline:
        waiting = [t for t in cycle_of if t not in seen]
        found = ExceptionReport.objects.filter(
            theme_id__in=waiting, cycle_id__in={cycle_of[t] for t in waiting}
        ).values_list("theme_id", "cycle_id")
        moment = time.perf_counter()
        for theme_id, cycle_id in found:
            if cycle_of.get(theme_id) == cycle_id:
                seen[theme_id] = moment
        if len(seen) < len(cycle_of):
            time.sleep(POLL_S)
    missing = set(cycle_of) - set(seen)
    if missing:
        raise RuntimeError(f"No exception report after {TIMEOUT_S} s for themes {sorted(missing)}")
    return seen


def run_one(theme, ret, cycle) -> dict:
    membership = coordinator(theme)
    started = time.perf_counter()
    committed = approve(ret, membership)
    seen = wait_for_reports({theme.pk: cycle.pk})[theme.pk]
    return {
        "theme": f"{membership.partnership.slug}/{theme.slug}",
        "approve_s": committed - started,
        "latency_s": seen - committed,
    }


def run_burst(themes, returns, cycle) -> list[dict]:
    coordinators = [coordinator(theme) for theme in themes]
    committed = {}
    started = time.perf_counter()
    for theme, ret, membership in zip(themes, returns, coordinators, strict=True):
        committed[theme.pk] = approve(ret, membership)
    approved_all = time.perf_counter() - started
    seen = wait_for_reports({theme.pk: cycle.pk for theme in themes})
    return [
        {
            "theme": f"{theme.partnership.slug}/{theme.slug}",
            "latency_s": seen[theme.pk] - committed[theme.pk],
            "approving_all_s": approved_all,
        }
        for theme in themes
    ]


def purge():
    from config.celery import app

    app.control.purge()


def summary(values: list[float]) -> dict:
    from bench.stats import median

    return {"n": len(values), "median": median(values), "max": max(values), "min": min(values)} if values else {}


def measure(sequential: int, burst: bool) -> dict:
    from django.utils import timezone

    from bench.marker import read_marker
    from bench.state import collation_period, previous_period, reset_collation_quarter
    from partnership.models import Partnership
    from reporting.models import ReportingCycle

    marker = read_marker()
    if marker is None:
        raise SystemExit("No bench data: run bench/run.py first.")
    today = timezone.localdate()
    period, before = collation_period(marker), previous_period(marker)
    partnerships = list(Partnership.objects.all())
    singles, burst_themes = chosen_themes(partnerships, sequential, WARM_UP)
    used = {t.partnership_id for t in singles} | ({burst_themes[0].partnership_id} if burst else set())
    reset_collation_quarter(marker)
    cycles = {
        c.partnership_id: c
        for c in ReportingCycle.objects.filter(period=period, partnership_id__in=used).select_related(
            "partnership", "period"
        )
    }
    try:
        for cycle in cycles.values():
            extend_deadline(cycle, today)
        prepared_at = time.perf_counter()
        single_returns = [prepare_theme(theme, period, before) for theme in singles]
        burst_returns = [prepare_theme(theme, period, before) for theme in burst_themes] if burst else []
        prepared_s = time.perf_counter() - prepared_at
        purge()  # nothing left from an earlier run that stopped part-way
        with Worker() as worker:
            warm = [
                run_one(theme, ret, cycles[theme.partnership_id])
                for theme, ret in zip(singles[:WARM_UP], single_returns[:WARM_UP], strict=True)
            ]
            worker.wait_idle()
            runs = []
            for theme, ret in zip(singles[WARM_UP:], single_returns[WARM_UP:], strict=True):
                runs.append(run_one(theme, ret, cycles[theme.partnership_id]))
                worker.wait_idle()  # each approval alone: the worker idle, as on most days
            bursts = run_burst(burst_themes, burst_returns, cycles[burst_themes[0].partnership_id]) if burst else []
            worker.wait_idle()
        tasks = worker.task_seconds()
    finally:
        reset_collation_quarter(marker)
        purge()
    drafted = [s for s, result in tasks.get("reporting.return_approved", []) if "drafted" in result]
    refreshes = [s for s, _ in tasks.get("reporting.refresh_dashboards", [])]
    single_count = WARM_UP + len(runs)
    return {
        "partnerships": len(partnerships),
        "concurrency": worker.concurrency,
        "worker_ready_s": worker.ready_s,
        "prepared_s": prepared_s,
        "warm_up": warm,
        "sequential": runs,
        "sequential_latency": summary([r["latency_s"] for r in runs]),
        "approve": summary([r["approve_s"] for r in runs]),
        "burst": bursts,
        "burst_latency": summary([r["latency_s"] for r in bursts]),
        "burst_approving_s": bursts[0]["approving_all_s"] if bursts else None,
        "task_drafted_s": summary(drafted[WARM_UP:single_count]),
        "task_drafted_burst_s": summary(drafted[single_count:]),
        "task_refresh_s": summary(refreshes[WARM_UP:]),
        "tasks_logged": {name: len(found) for name, found in tasks.items()},
        "worker": worker.stopped,
    }


# --- from bench/run.py and bench/national.py -------------------------------------------------------


def redis_problem(url: str) -> str | None:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=2).ping()
    except RedisError as problem:
        return f"Redis at {url} does not answer ({problem})"
    return None


def event_figures(database_url: str, sequential: int = SEQUENTIAL, burst: bool = True) -> dict:
    """This module as a process of its own (see the docstring); its figures, or why it was skipped."""
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    if problem := redis_problem(redis_url):
        return {"skipped": problem}
    command = [sys.executable, str(Path(__file__).resolve()), "--sequential", str(sequential)]
    if not burst:
        command.append("--no-burst")
    env = {**os.environ, "BENCH_DATABASE_URL": database_url, "BENCH_REDIS_URL": redis_url}
    process = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    if process.returncode != 0:
        raise RuntimeError(f"The event bench failed:\n{process.stderr[-3000:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


def main():
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_events"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sequential", type=int, default=SEQUENTIAL, help="themes approved one at a time")
    parser.add_argument("--no-burst", action="store_true", help="skip the seven themes approved back to back")
    args = parser.parse_args()
    import django

    django.setup()
    print(json.dumps(measure(args.sequential, not args.no_burst)))


if __name__ == "__main__":
    main()
