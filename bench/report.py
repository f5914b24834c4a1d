"""The results table (printed, and written to bench/RESULTS.md with the machine it ran on)."""

import datetime as dt
import os
import platform
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
NATIONAL_HEADING = "## National scale"  # written by bench/national.py; kept when run.py rewrites the rest


@dataclass(frozen=True)
class Row:
    measure: str
    figure: str
    budget: str = ""
    floor: str = ""
    verdict: str = ""  # PASS, FAIL or "" (reported, no budget)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def dashboard_rows(d: dict) -> list[Row]:
    counts = d["queries_by_indicators"]
    constant = all(len(set(by_count.values())) == 1 for by_count in counts.values())
    size = f"{d['size']['indicators']} indicators, {d['size']['commissions']} commissions"
    warm_ratio = d["median_ms"] / d["floor_median_ms"]
    indicators = " / ".join(f"{n}" for n in counts["warm"])
    return [
        Row(
            f"Theme dashboard HTML, warm (live dashboard current), median ({d['requests']} requests, "
            f"in-process test Client, {size})",
            f"{d['median_ms']:.1f} ms",
            "< 150 ms",
            f"{d['floor_median_ms']:.2f} ms",
            verdict(d["median_ms"] < 150 and d["live"]),
        ),
        Row("Theme dashboard HTML, warm, p95", f"{d['p95_ms']:.1f} ms", "", f"{d['floor_p95_ms']:.2f} ms"),
        Row(
            "Theme dashboard HTML, warm ÷ bare Django view of the same table (median)",
            f"{warm_ratio:.1f}×",
            "< 3×",
            "",
            verdict(warm_ratio < 3),
        ),
        Row(
            f"  warm: {d['queries']} queries; time in SQL, median",
            f"{d['warm_sql_ms']:.1f} ms",
        ),
        Row(
            f"Theme dashboard HTML, cold (just after a change: computed and stored in the request), "
            f"median ({d['cold_requests']} requests)",
            f"{d['cold_median_ms']:.1f} ms",
            "< 150 ms",
            "",
            verdict(d["cold_median_ms"] < 150),
        ),
        Row(
            "Theme dashboard HTML, cold ÷ bare Django view (median)",
            f"{d['cold_median_ms'] / d['floor_median_ms']:.1f}×",
        ),
        Row(
            f"Theme dashboard queries at {indicators} indicators, warm; cold",
            " / ".join(str(q) for q in counts["warm"].values())
            + "; "
            + " / ".join(str(q) for q in counts["cold"].values()),
            "constant",
            "",
            verdict(constant),
        ),
    ]


def event_rows(e: dict) -> list[Row]:
    if "skipped" in e:
        return [Row("Event path: last approval -> draft exception report (real Celery worker)", "skipped", "< 60 s")]
    seq, burst, worker = e["sequential_latency"], e["burst_latency"], e["worker"]
    clean = worker["exit_code"] == 0 and not worker["killed"] and worker["processes_left"] == 0
    rows = [
        Row(
            f"Event path: last approval committed -> draft exception report exists, median "
            f"({seq['n']} themes one at a time; Celery worker, concurrency {e['concurrency']}, Redis)",
            f"{seq['median']:.2f} s",
            "< 60 s",
            "",
            verdict(seq["median"] < 60),
        ),
        Row("  max", f"{seq['max']:.2f} s", "", "", ""),
        Row(
            "  of which the reporting.return_approved task's own run time, median / max",
            f"{e['task_drafted_s']['median']:.2f} / {e['task_drafted_s']['max']:.2f} s",
        ),
        Row("  the approval itself (decide_return + commit), median", f"{e['approve']['median'] * 1000:.0f} ms"),
    ]
    if burst:
        rows.append(
            Row(
                f"Event path, the {burst['n']} themes of one partnership approved back to back: latency median / max",
                f"{burst['median']:.2f} / {burst['max']:.2f} s",
                "< 60 s",
                "",
                verdict(burst["max"] < 60),
            )
        )
    rows.append(
        Row(
            "Celery worker stopped by SIGTERM: exit code, processes left",
            f"{worker['exit_code']}, {worker['processes_left']} left ({worker['stop_s']:.1f} s)",
            "0, none left",
            "",
            verdict(clean),
        )
    )
    return rows


def home_rows(home: dict) -> list[Row]:
    return [
        Row(
            f"Home page (what needs you now), {role}: warm median / p95 ({h['requests']} requests), "
            f"queries, steps listed",
            f"{h['median_ms']:.1f} / {h['p95_ms']:.1f} ms, {h['queries']} queries, {h['steps']} steps",
            "< 150 ms",
            "",
            verdict(h["median_ms"] < 150),
        )
        for role, h in home.items()
    ]


def finance_rows(finance: dict | None) -> list[Row]:
    if not finance:
        return []
    return [
        Row(
            f"Quarterly finance report ({finance['commissions']} commissions and projects): warm median / p95 "
            f"({finance['html_requests']} requests), queries",
            f"{finance['html_median_ms']:.1f} / {finance['html_p95_ms']:.1f} ms, {finance['html_queries']} queries",
            "< 300 ms",
            "",
            verdict(finance["html_median_ms"] < 300),
        ),
        Row(
            f"Quarterly finance report PDF, tagged: median ({finance['pdf_requests']} requests)",
            f"{finance['pdf_median_s']:.2f} s",
        ),
    ]


def machine_scaling(ceiling: list | None) -> str:
    """The machine's own two-process scaling (bench/ceiling.py), measured before and after."""
    if not ceiling:
        return ""
    figures = " / ".join(f"{run['scaling']:.2f}×" for run in ceiling)
    return f"machine: {figures} (a pure-Python loop, 2 processes against 1, before / after)"


def rows_for(f: dict) -> list[Row]:
    pdf, pack, job, load = f["pdf"], f["pack"], f["job"], f["load"]
    one, two = pack["workers"]
    tagging = pack["tagging"]
    tagging_cost = tagging["tagged_s"] / tagging["untagged_s"] - 1
    second_idle = not any(job["second_made"].values())
    return [
        *dashboard_rows(f["dashboard"]),
        *finance_rows(f.get("finance")),
        *home_rows(f.get("home", {})),
        Row(
            f"Dashboard PDF (one page, tagged), median ({pdf['requests']} requests)",
            f"{pdf['median_s']:.2f} s",
            "< 0.8 s",
            f"{pdf['floor_median_s']:.2f} s (plain WeasyPrint table)",
            verdict(pdf["median_s"] < 0.8),
        ),
        Row(
            "  dashboard PDF / renderer floor",
            f"{pdf['median_s'] / pdf['floor_median_s']:.2f}×",
            "≤ 1.5×",
            "",
            verdict(pdf["median_s"] <= 1.5 * pdf["floor_median_s"]),
        ),
        *(
            [
                Row(
                    f"  the same page with its {pdf['charts']} charts taken out (HTML to PDF), median; / floor",
                    f"{pdf['without_charts_median_s']:.2f} s; "
                    f"{pdf['without_charts_median_s'] / pdf['floor_median_s']:.2f}×",
                )
            ]
            if "without_charts_median_s" in pdf
            else []
        ),
        *[
            Row(
                f"Board pack, business group: {run['sections']} sections, 7 themes, {run['parts']} parts, "
                f"Celery worker with {run['concurrency']} pool process{'es' if run['concurrency'] > 1 else ''} "
                "(request to file)",
                f"{run['build_s']:.1f} s, {run['pages']} pages, {run['pages_per_s']:.1f} pages/s",
                "≥ 5 pages/s",
                "",
                verdict(run["pages_per_s"] >= 5),
            )
            for run in (one, two)
        ],
        Row(
            "  two pool processes against one (the chord sharing one pack)",
            f"{pack['scaling']:.2f}×",
            "close to 2×",
            machine_scaling(pack.get("ceiling")),
            verdict(pack["scaling"] >= 1.6),
        ),
        Row(
            "  peak memory of a pool process, sampled from /proc (1 process / 2 processes)",
            f"{one['pool_peak_mb']:.0f} / {two['pool_peak_mb']:.0f} MB",
            "< 300 MB per process",
            "",
            verdict(max(one["pool_peak_mb"], two["pool_peak_mb"]) < 300),
        ),
        Row(
            "  worker stopped (SIGTERM): exit code / processes left",
            f"{two['stopped']['exit_code']} / {two['stopped']['processes_left']}",
            "0 / 0",
            "",
            verdict(two["stopped"]["processes_left"] == 0),
        ),
        Row(
            f"Tagging's cost: the pack's sections laid out and written tagged / untagged, median of {tagging['runs']}",
            f"{tagging['tagged_s']:.1f} / {tagging['untagged_s']:.1f} s (+{tagging_cost:.0%})",
            "< 15% more",
            "",
            verdict(tagging_cost < 0.15),
        ),
        Row("Board pack requested (collect inputs + hash + store)", f"{two['request_s'] * 1000:.0f} ms"),
        Row(
            "Unchanged pack served from its cache: RequestPackView "
            f"POST, median ({pack['cache']['requests']} requests)",
            f"{pack['cache']['view_median_ms']:.1f} ms",
            "< 50 ms",
            "",
            verdict(pack["cache"]["view_median_ms"] < 50),
        ),
        Row(
            "  of which request_pack() (collect inputs + hash + lookup), median",
            f"{pack['cache']['function_median_ms']:.1f} ms",
        ),
        Row(
            f"Periodic timetable job, {job['partnerships']} partnerships, at the exception-report milestone "
            f"({job['work']['snapshots']} snapshots and exception reports drafted by its catch-up, "
            f"{job['work']['exception_items']} items; {job['work']['sent_out_emails']} emails sending reports out "
            "with their PDFs)",
            f"{job['first_s']:.1f} s",
            "< 30 s",
            "",
            verdict(job["first_s"] < 30),
        ),
        Row(
            "Periodic timetable job, second run at the same moment (idempotent)",
            f"{job['second_s']:.1f} s, made {sum(job['second_made'].values())} rows",
            "nothing made",
            "",
            verdict(second_idle),
        ),
        *event_rows(f["events"]),
        Row(
            f"Return submissions over HTTP: {load['clients']} clients, gunicorn {load['workers']} sync workers, "
            f"{load['requests']} API POSTs (save draft + submit)",
            f"{load['per_second']:.1f} req/s",
            "",
            "",
        ),
        Row("Return submissions latency, median / p95", f"{load['median_ms']:.0f} / {load['p95_ms']:.0f} ms"),
        Row("Return submissions errors", str(len(load["errors"])), "0", "", verdict(not load["errors"])),
        Row(
            "Theme dashboard over HTTP while warming the web workers, "
            f"median / p95 ({load['dashboard_requests']} requests, "
            f"{load['clients']} clients)",
            f"{load['dashboard_median_ms']:.0f} / {load['dashboard_p95_ms']:.0f} ms",
        ),
        Row(
            "Web process peak RSS (time -v, largest process of gunicorn's tree)",
            f"{load['max_rss_mb']:.1f} MB",
            "< 300 MB per process",
            "",
            verdict(load["max_rss_mb"] < 300),
        ),
        Row(
            "  sampled from /proc: largest single process / whole tree (master + workers)",
            f"{load['sampled_peak_process_mb']:.1f} / {load['sampled_peak_tree_mb']:.1f} MB",
        ),
    ]


def table(rows: list[Row]) -> str:
    header = ["Measure", "Figure", "Budget", "Floor", "Result"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += [f"| {r.measure} | {r.figure} | {r.budget} | {r.floor} | {r.verdict} |" for r in rows]
    return "\n".join(lines)


def console_table(rows: list[Row]) -> str:
    widths = [
        min(max(len(getattr(r, name)) for r in rows), limit)
        for name, limit in (("measure", 90), ("figure", 30), ("budget", 28), ("floor", 34), ("verdict", 6))
    ]

    def line(cells):
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    out = [line(["Measure", "Figure", "Budget", "Floor", "Result"]), line(["-" * w for w in widths])]
    out += [line([r.measure, r.figure, r.budget, r.floor, r.verdict]) for r in rows]
    return "\n".join(out)


def machine(postgres_version: str) -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "RAM": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "PostgreSQL": postgres_version,
        "Python": platform.python_version(),
        "Django": version("Django"),
        "WeasyPrint": version("weasyprint"),
        "gunicorn": version("gunicorn"),
    }


def write_results(rows: list[Row], details: dict, figures: dict, command: str):
    failed = [r.measure for r in rows if r.verdict == "FAIL"]
    text = [
        "# Benchmark results",
        "",
        f"Run on {dt.date.today().isoformat()} with `{command}` (bench/README.md says what each figure is).",
        "",
        "## Machine",
        "",
        *[f"- {name}: {value}" for name, value in details.items()],
        "",
        "## Data",
        "",
        f"- {figures['data']['description']}",
        f"- {figures['data']['generation']}",
        f"- This run took {figures['run_s'] / 60:.1f} minutes in all.",
        "",
        "## Figures",
        "",
        table(rows),
        "",
        f"{len(failed)} budget(s) missed" + (": " + "; ".join(failed) + "." if failed else "."),
        "",
    ]
    if figures.get("notes"):
        text += ["## Notes", "", *[f"- {note}" for note in figures["notes"]], ""]
    national = national_section()
    RESULTS.write_text("\n".join(text) + (f"\n{national}" if national else ""))


def national_section() -> str:
    """The National scale section of RESULTS.md as it stands ("" if none)."""
    text = RESULTS.read_text() if RESULTS.exists() else ""
    start = text.find(f"\n{NATIONAL_HEADING}")
    return text[start + 1 :] if start >= 0 else ""


def write_national(section: str):
    """Put bench/national.py's section at the end of RESULTS.md, in place of the one before."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    start = text.find(f"\n{NATIONAL_HEADING}")
    if start >= 0:
        text = text[:start]
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n")
