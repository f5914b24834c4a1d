"""The performance benchmark: `make bench` (or `.venv/bin/python bench/run.py [--regenerate]`).

Generates the synthetic load into its own PostgreSQL database (once; reused while its marker says
the same size), puts back what the previous run changed, measures, prints a table of figures with
their budgets and floors, and writes it to bench/RESULTS.md. Exits 0 when a budget is missed: it is
a report, not a test. BENCH_DATABASE_URL overrides the database.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

from bench import database  # noqa: E402  (needs no Django)
from bench.settings import BENCH_DATABASE_URL  # noqa: E402

DASHBOARD_REQUESTS = 50
PDF_REQUESTS = 10


def say(message: str):
    print(message, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="drop the bench database and generate the load again")
    parser.add_argument(
        "--partnerships",
        type=int,
        default=50,
        help="size of the load (default 50; smaller only for trying the bench out)",
    )
    return parser.parse_args()


def prepare_data(args) -> tuple:
    """The marker of data of the asked size, generating it when missing, different or asked for."""
    from bench.marker import Size, read_marker

    size = Size(partnerships=args.partnerships)
    marker = None if args.regenerate else read_marker()
    if marker is not None and marker.size == size.__dict__:
        database.migrate()  # migrations added since it was generated (a no-op when there are none)
        return marker, f"Reused: generated on {marker.generated_at[:10]} in {marker.seconds:.0f} s."
    return generate_data(size), None


def generate_data(size):
    from django.db import connections

    from bench.generate import generate
    from bench.job import catch_up_ladder
    from bench.marker import write_marker
    from bench.state import exception_milestone

    say(
        f"Generating {size.partnerships} partnerships x {size.themes} themes x {size.indicators} indicators x "
        f"{size.quarters} quarters into {database.database_name(BENCH_DATABASE_URL)} ..."
    )
    started = time.perf_counter()
    connections.close_all()
    database.recreate(BENCH_DATABASE_URL)
    migrated = database.migrate()
    say(f"  migrated in {migrated:.1f} s")
    marker = generate(size, log=say)
    say(f"  rows made in {marker.seconds:.1f} s")
    # The hourly job has run up to the day before the measured moment: the ladder of intervention
    # has judged the last two quarters' approved results, as it would have in real life.
    _, caught_up = time_it(lambda: catch_up_ladder(exception_milestone(marker) - dt.timedelta(days=1)))
    say(f"  ladder of intervention caught up to the day before the milestone in {caught_up:.1f} s")
    with connections["default"].cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh planner statistics, as a database in use would have
    marker = type(marker)(**{**marker.__dict__, "seconds": round(time.perf_counter() - started, 1)})
    write_marker(marker)
    say(f"Generated in {marker.seconds:.0f} s ({marker.seconds / 60:.1f} minutes).")
    return marker


def time_it(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def describe(marker) -> str:
    s = marker.size
    return (
        f"{s['partnerships']} partnerships × {s['themes']} themes × "
        f"{s['indicators']} indicators × {s['quarters']} quarters "
        f"of approved results ({s['partnerships'] * s['themes'] * s['indicators'] * s['quarters']:,} "
        "results and as many "
        f"approved returns), annual targets and quarterly profiles, 4 commissions per theme with quarterly budgets and "
        f"spend, boards, meetings, reporting cycles and members; the quarter being collated is "
        f"{marker.current_quarter.label}."
    )


def main():
    args = parse_args()
    run_started = time.perf_counter()
    database.create_if_missing(BENCH_DATABASE_URL)
    import django

    django.setup()
    from django.conf import settings

    from bench import state
    from bench.events import event_figures
    from bench.finance import finance_figures
    from bench.home import home_figures
    from bench.job import job_figures
    from bench.load import load_figures
    from bench.packs import pack_figures
    from bench.report import console_table, machine, rows_for, write_results
    from bench.web import dashboard_figures, pdf_figures, signed_in_client

    marker, reused = prepare_data(args)
    generation = reused or f"Generated in this run: {marker.seconds:.0f} s ({marker.seconds / 60:.1f} minutes)."
    if reused:
        say(reused)
    say("Resetting what the previous run changed ...")
    state.reset(marker)
    settings.BENCH_DATA.mkdir(parents=True, exist_ok=True)

    figures = {"data": {"description": describe(marker), "generation": generation}, "load_before": os.getloadavg()[0]}
    say("Periodic timetable job (2 runs) ...")
    figures["job"] = job_figures(state.exception_milestone(marker), state.previous_cycles(marker))
    theme, user = state.measured_theme(), state.viewer()
    other_theme = theme.partnership.themes.exclude(pk=theme.pk).order_by("position").first()
    client = signed_in_client(user)
    say("Theme dashboard HTML and its floor ...")
    figures["dashboard"] = dashboard_figures(client, theme, other_theme, DASHBOARD_REQUESTS)
    say("Home page for the measured partnership's administrator, officer and business group member ...")
    figures["home"] = home_figures()
    say("Dashboard PDF and its floor ...")
    figures["pdf"] = pdf_figures(client, theme, PDF_REQUESTS)
    say("Quarterly finance report, HTML and PDF ...")
    figures["finance"] = finance_figures(client, marker)
    say("Board pack (worker process), then the same pack from its cache ...")
    figures["pack"] = pack_figures(client, state.pack_meeting(marker), user, BENCH_DATABASE_URL)
    say("gunicorn: dashboards, then concurrent return submissions ...")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    figures["load"] = load_figures(
        BENCH_DATABASE_URL, session, theme.partnership, marker.current_quarter.start.isoformat()
    )
    say("Event path: last approval -> draft exception report, with a real Celery worker and Redis ...")
    figures["events"] = event_figures(BENCH_DATABASE_URL)
    figures["run_s"] = time.perf_counter() - run_started
    figures["load_after"] = os.getloadavg()[0]
    figures["notes"] = notes(figures)

    rows = rows_for(figures)
    say("")
    say(console_table(rows))
    for note in figures["notes"]:
        say(f"- {note}")
    write_results(rows, machine(database.server_version()), figures, "make bench")
    say(f"\nWritten to bench/RESULTS.md. The whole run took {figures['run_s'] / 60:.1f} minutes.")


def notes(figures) -> list[str]:
    load, job = figures["load"], figures["job"]
    found = [
        f"Timetable job clock: {job['moment']} (Q-1's exception-report milestone), set with reporting.clock.",
        "1-minute load average when measuring began / ended: "
        f"{figures['load_before']:.2f} / {figures['load_after']:.2f} "
        f"on {os.cpu_count()} cores (anything well above the bench's own use means other work shared the machine).",
    ]
    phases = job.get("first_phases", {})
    if phases:
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in sorted(phases.items(), key=lambda p: -p[1]))
        found.append(
            f"The timetable job's first run, by step of `advance` (summed over the partnerships): {steps}; "
            f"the rest ({job['first_s'] - sum(phases.values()):.1f} s) is the fan-out, opening the cycles "
            "and reading them."
        )
    if "skipped" in figures["events"]:
        found.append(f"Event path not measured: {figures['events']['skipped']}.")
    if load["errors"]:
        found.append(f"First submission errors: {load['errors'][:3]}")
    if figures["load"]["dashboard_errors"]:
        found.append(f"Dashboard errors over HTTP: {load['dashboard_errors'][:3]}")
    return found


if __name__ == "__main__":
    main()
