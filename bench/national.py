"""National scale: `make bench-national` (or `.venv/bin/python bench/national.py [--sizes 50,100,150]`).

Grows one load, in its own database (BENCH_NATIONAL_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/partnership_national), from 50 to 100 to 150 partnerships
× 7 themes × 40 indicators × 12 quarters (bench/generate.py: each partnership's data depends only
on its number, so a grown load is the one a fresh generation would make), and at each size measures:

- the periodic timetable job at Q-1's exception-report milestone (`reporting.advance_all_timetables`,
  Celery eager, fanning out to every partnership: bench/job.py), then once more (idempotent);
- the event path, approval of a theme's last return -> its draft exception report, with a real
  Celery worker and Redis (bench/events.py);
- the theme dashboard HTML, warm (live dashboard current) and cold (computed in the request).

Writes its table to the "National scale" section of bench/RESULTS.md (bench/run.py keeps that
section when it rewrites the rest). The data is kept: a later run at the same sizes starts from it
when its largest size is not above the first size asked for, else the database is made again.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
NATIONAL_DATABASE_URL = os.environ.get(
    "BENCH_NATIONAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partnership_national"
)
os.environ["BENCH_DATABASE_URL"] = NATIONAL_DATABASE_URL  # read by bench/settings.py, and by its subprocesses

from bench import database  # noqa: E402
from bench.report import NATIONAL_HEADING  # noqa: E402  (needs no Django)

SIZES = (50, 100, 150)
DASHBOARD_REQUESTS = 20
EVENT_THEMES = 7
JOB_SAMPLE = 6
PROCESSES = os.cpu_count() or 1  # generating: one process per core


def say(message: str):
    print(message, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="partnership counts, ascending")
    parser.add_argument("--regenerate", action="store_true", help="drop the national database and start again")
    args = parser.parse_args()
    args.sizes = sorted({int(size) for size in args.sizes.split(",")})
    return args


# --- the data -------------------------------------------------------------------------------------


def grow_to(partnerships: int, regenerate: bool) -> tuple[object, dict]:
    """The load at `partnerships`, grown from what the database holds when it can be. Returns the
    marker and what this step took."""
    from django.db import connections
    from django.utils import timezone

    from bench.generate import generate_in_processes
    from bench.marker import Size, read_marker, write_marker
    from bench.state import reset
    from indicators.periods import PeriodKind, latest_ended

    size = Size(partnerships=partnerships)
    marker = None if regenerate else read_marker()
    same_shape = marker is not None and {**marker.size, "partnerships": partnerships} == size.__dict__
    same_time_line = marker is not None and marker.current_quarter == latest_ended(
        PeriodKind.QUARTER, timezone.localdate()
    )
    have = marker.size["partnerships"] if marker and same_shape and same_time_line else None
    if have == partnerships:
        return marker, {"reused": True, "seconds": 0.0, "generated_from": partnerships}
    started = time.perf_counter()
    if have is None or have > partnerships:
        say(f"  making the database {database.database_name(NATIONAL_DATABASE_URL)} afresh ...")
        connections.close_all()
        database.recreate(NATIONAL_DATABASE_URL)
        database.migrate()
        have, earlier = 0, 0.0
    else:
        reset(marker)  # the previous size's measurements undone before the next partnerships are made
        earlier = marker.seconds
    processes = max(1, min(PROCESSES, partnerships - have - 1))
    say(f"  generating partnerships {have} .. {partnerships - 1} in {processes} process(es) ...")
    made = generate_in_processes(size, have, processes, then=catch_up, log=say)
    with connections["default"].cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    marker = type(made)(**{**made.__dict__, "seconds": round(earlier + seconds, 1)})
    write_marker(marker)
    say(f"  grown to {partnerships} in {seconds:.0f} s")
    return marker, {"reused": False, "seconds": seconds, "generated_from": have, "processes": processes}


def catch_up(partnership):
    """A new partnership's ladder of intervention, judged up to the day before Q-1's milestone (as
    bench/run.py's generation does for all of them at once)."""
    from django.utils import timezone

    from bench.job import catch_up_ladder
    from indicators.models import Period
    from indicators.periods import PeriodKind, latest_ended
    from reporting.models import ReportingCycle

    previous = Period.objects.for_span(latest_ended(PeriodKind.QUARTER, timezone.localdate()).previous())
    milestone = ReportingCycle.objects.get(partnership=partnership, period=previous).exception_reports_due
    catch_up_ladder(milestone - dt.timedelta(days=1), [partnership])


# --- the measurements -------------------------------------------------------------------------------


def measure(marker) -> dict:
    from bench import state
    from bench.events import event_figures
    from bench.job import sampled_job_figures
    from bench.stats import median
    from bench.web import cold_times, dashboard_url, signed_in_client, time_get

    state.reset(marker)
    figures = {"load_before": os.getloadavg()[0]}
    say(f"  periodic timetable job, {JOB_SAMPLE} partnerships' fan-out tasks (2 runs) ...")
    figures["job"] = sampled_job_figures(state.exception_milestone(marker), state.previous_cycles(marker), JOB_SAMPLE)
    state.reset(marker)
    say("  event path (real Celery worker and Redis) ...")
    figures["events"] = event_figures(NATIONAL_DATABASE_URL, sequential=EVENT_THEMES, burst=True)
    say("  theme dashboard, warm and cold ...")
    theme = state.measured_theme()
    client = signed_in_client(state.viewer())
    warm = time_get(client, dashboard_url(theme), DASHBOARD_REQUESTS)
    cold = cold_times(client, theme, DASHBOARD_REQUESTS // 2)
    figures["dashboard"] = {"warm_ms": median(warm) * 1000, "cold_ms": median(cold) * 1000}
    figures["load_after"] = os.getloadavg()[0]
    return figures


# --- the report -------------------------------------------------------------------------------------


def growth(values: dict[int, float | None]) -> str:
    """The cost at the largest size ÷ at the smallest, beside the ratio of their sizes."""
    known = {size: value for size, value in values.items() if value}
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    return f"{known[high] / known[low]:.2f}× for {high / low:.1f}× the partnerships"


def table_rows(results: dict[int, dict]) -> list[list[str]]:
    sizes = sorted(results)
    rows = []

    def add(measure, pick, shown, with_growth=True):
        values = {}
        for size in sizes:
            try:
                values[size] = pick(results[size])
            except (KeyError, TypeError):
                values[size] = None
        cells = [shown(values[size]) if values[size] is not None else "–" for size in sizes]
        rows.append([measure, *cells, growth(values) if with_growth else ""])

    def seconds(value):
        return f"{value:.1f} s"

    def precise(value):
        return f"{value:.2f} s"

    add(
        "Periodic job at Q-1's exception-report milestone, all partnerships: **extrapolated** "
        f"(mean of {JOB_SAMPLE} partnerships' fan-out tasks × partnerships)",
        lambda r: r["job"]["first_s_extrapolated"],
        lambda v: f"{v / 60:.1f} min",
    )
    add("  per partnership, measured (mean of the sample)", lambda r: r["job"]["per_partnership_s"], precise)
    add("  per partnership, max of the sample", lambda r: r["job"]["per_partnership_max_s"], precise)
    phases = sorted({name for r in results.values() for name in r["job"]["first_phases_per_partnership"]})
    for phase in phases:
        add(
            f"    of which {phase}, per partnership",
            lambda r, phase=phase: r["job"]["first_phases_per_partnership"].get(phase),
            precise,
        )
    add(
        "Periodic job, second run at the same moment (idempotent), all partnerships: **extrapolated**",
        lambda r: r["job"]["second_s_extrapolated"],
        seconds,
    )
    add("  per partnership, measured", lambda r: r["job"]["second_per_partnership_s"], lambda v: f"{v * 1000:.0f} ms")
    add(
        "  rows made by the second run (sample)",
        lambda r: sum(r["job"]["second_made"].values()),
        str,
        with_growth=False,
    )
    add(
        f"Event path: last approval committed -> draft exception report exists, median of {EVENT_THEMES} themes "
        "one at a time (real worker, concurrency 2, Redis; budget < 60 s)",
        lambda r: r["events"]["sequential_latency"]["median"],
        precise,
    )
    add("  max", lambda r: r["events"]["sequential_latency"]["max"], precise)
    add("  the return_approved task's own run time, median", lambda r: r["events"]["task_drafted_s"]["median"], precise)
    add(
        "Event path, the 7 themes of one partnership approved back to back: latency median",
        lambda r: r["events"]["burst_latency"]["median"],
        precise,
    )
    add("  max", lambda r: r["events"]["burst_latency"]["max"], precise)
    add(
        "  worker stopped (SIGTERM): exit code / processes left",
        lambda r: f"{r['events']['worker']['exit_code']} / {r['events']['worker']['processes_left']}",
        str,
        with_growth=False,
    )
    add(
        "Theme dashboard HTML, warm (live dashboard current), median",
        lambda r: r["dashboard"]["warm_ms"],
        "{:.1f} ms".format,
    )
    add(
        "Theme dashboard HTML, cold (computed in the request), median",
        lambda r: r["dashboard"]["cold_ms"],
        "{:.1f} ms".format,
    )
    return rows


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def section(results: dict, steps: dict, run_s: float, details: dict) -> str:
    sizes = sorted(results)
    header = ["Measure", *[f"{size} partnerships" for size in sizes], "Growth"]
    generation = []
    for size in sizes:
        step = steps[size]
        if step["reused"]:
            generation.append(f"{size}: reused")
        else:
            generation.append(
                f"{size}: partnerships {step['generated_from']}..{size - 1} made, and their ladder of intervention "
                f"caught up, in {step['seconds']:.0f} s ({step['processes']} processes)"
            )
    loads = ", ".join(
        f"{size}: {results[size]['load_before']:.2f} -> {results[size]['load_after']:.2f}" for size in sizes
    )
    skipped = [
        f"{size}: {results[size]['events']['skipped']}" for size in sizes if "skipped" in results[size]["events"]
    ]
    text = [
        f"{NATIONAL_HEADING} (`make bench-national`)",
        "",
        f"Run on {dt.date.today().isoformat()} with `make bench-national`, on the machine above "
        f"({details['Cores']} cores, {details['CPU']}), into its own database; "
        f"the whole run took {run_s / 60:.1f} minutes.",
        "One load grown from the smallest size to the largest: each size × 7 themes × 40 indicators × 12 quarters.",
        "",
        markdown_table(header, table_rows(results)),
        "",
        "- **Extrapolated** figures are labelled so: the first run of the job at the milestone renders every "
        "theme's exception-report PDF, too long to run for every partnership here, so "
        f"{JOB_SAMPLE} partnerships spread over the load run their fan-out task "
        "(`advance_partnership_timetable`, eager, one after another) and the total is their mean × the number "
        "of partnerships (the job is one independent task per partnership). Everything else is measured.",
        "- Generation: " + "; ".join(generation) + ".",
        f"- 1-minute load average when each size's measuring began -> ended: {loads}.",
    ]
    if skipped:
        text.append("- Event path not measured: " + "; ".join(skipped) + ".")
    return "\n".join(text) + "\n"


def main():
    args = parse_args()
    run_started = time.perf_counter()
    database.create_if_missing(NATIONAL_DATABASE_URL)
    import django

    django.setup()
    from bench.report import Row, console_table, machine, write_national

    results, steps = {}, {}
    for number, size in enumerate(args.sizes):
        say(f"{size} partnerships:")
        marker, steps[size] = grow_to(size, regenerate=args.regenerate and number == 0)
        results[size] = measure(marker)
    rows = table_rows(results)
    say("")
    say(console_table([Row(row[0], " / ".join(row[1:-1]), "", row[-1]) for row in rows]))
    run_s = time.perf_counter() - run_started
    write_national(section(results, steps, run_s, machine(database.server_version())))
    say(f"\nWritten to bench/RESULTS.md ({NATIONAL_HEADING[3:]}). The whole run took {run_s / 60:.1f} minutes.")


if __name__ == "__main__":
    main()
