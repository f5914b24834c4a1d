"""The web process under load, over real HTTP: gunicorn (3 sync workers) against the bench
database, started under GNU time so its peak memory comes from the OS. First members read theme
dashboards (session cookie), then 8 concurrent clients enter returns through the REST API
(token auth): each saves a draft of a return and then submits it, each client its own partnership's
returns for the quarter being collated."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from bench.memory import TIME_COMMAND, TreeSampler, max_rss_mb
from bench.naming import partnership_slug, usernames
from bench.stats import median, p95
from indicators.models import AnnualTarget, Indicator
from indicators.return_rules import DATA_QUALITY_STANDARDS
from partnership.models import Partnership, Theme

WORKERS = 3
CLIENTS = 8
RETURNS_PER_CLIENT = 60  # two requests each: save a draft, then submit
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Tally:
    seconds: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None):
        with self.lock:
            self.seconds.append(seconds)
            if error:
                self.errors.append(error)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, headers=None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def timed_request(tally: Tally, port, method, path, body=None, headers=None, expect=(200,)) -> bytes:
    started = time.perf_counter()
    try:
        status, content = request(port, method, path, body, headers)
        error = None if status in expect else f"{method} {path}: {status} {content[:200]!r}"
    except OSError as problem:
        content, error = b"", f"{method} {path}: {problem}"
    tally.add(time.perf_counter() - started, error)
    return content


class Gunicorn:
    """gunicorn under /usr/bin/time -v; stopped with SIGTERM to its master for a clean exit."""

    def __init__(self, database_url: str):
        self.port = free_port()
        self.log = settings.BENCH_DATA / "gunicorn.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_DATABASE_URL": database_url,
            "PYTHONPATH": str(REPO),
        }
        self.command = [
            *TIME_COMMAND,
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]

    def __enter__(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log_file = open(self.log, "w")
        self.process = subprocess.Popen(
            self.command, cwd=REPO, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT
        )
        self.wait_until_serving()
        return self

    def wait_until_serving(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/accounts/login/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start: see {self.log}")

    def master_pid(self) -> int:
        from bench.memory import children_of

        return children_of()[self.process.pid][0]

    def __exit__(self, *exc):
        os.kill(self.master_pid(), signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log_file.close()
        self.max_rss_mb = max_rss_mb(self.log.read_text())


# --- what the clients do --------------------------------------------------------------------------


def dashboard_reads(port, session_cookie: str, partnership: Partnership) -> Tally:
    """Every client reads each of the partnership's theme dashboards once."""
    tally = Tally()
    paths = [
        f"/p/{partnership.slug}/themes/{theme.slug}/dashboard/"
        for theme in Theme.objects.filter(partnership=partnership)
    ]
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie}"}

    def client():
        for path in paths:
            timed_request(tally, port, "GET", path, headers=headers)

    run_clients(client, CLIENTS)
    return tally


def submissions_for(index: int, period_start: str) -> tuple[str, str, list[dict]]:
    """Client `index`: its partnership's officer token and the returns it will enter."""
    slug = partnership_slug(index)
    officer, _ = Token.objects.get_or_create(user=get_user_model().objects.get(username=usernames(index)["officer"]))
    indicators = list(
        Indicator.objects.filter(partnership__slug=slug).order_by("lead_theme__position", "code")[:RETURNS_PER_CLIENT]
    )
    targets = dict(
        AnnualTarget.objects.filter(indicator__in=indicators)
        .order_by("period__start")
        .values_list("indicator_id", "value")
    )
    attestations = {name: True for name, _, _ in DATA_QUALITY_STANDARDS}
    bodies = []
    for indicator in indicators:
        figure = Decimal(targets[indicator.pk]).quantize(Decimal("0.01"))
        figures = {"numerator": str(figure), "denominator": "5000"} if indicator.is_ratio else {"value": str(figure)}
        bodies.append(
            {
                "indicator": indicator.pk,
                "period_start": period_start,
                "commentary": "Entered by the benchmark.",
                "variance_reason": "Seasonal demand.",
                "action_taken": "Monitoring at the theme board.",
                "attestations": attestations,
                **figures,
            }
        )
    return slug, officer.key, bodies


def return_submissions(port, period_start: str) -> tuple[Tally, float]:
    tally = Tally()
    work = [submissions_for(index, period_start) for index in range(CLIENTS)]

    def client(slug, token, bodies):
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        path = f"/api/p/{slug}/returns/"
        for body in bodies:
            saved = timed_request(
                tally,
                port,
                "POST",
                path,
                json.dumps({**body, "action": "save_draft", "version": 0}),
                headers,
                expect=(201,),
            )
            version = json.loads(saved).get("version", 1) if saved else 1
            timed_request(
                tally,
                port,
                "POST",
                path,
                json.dumps({**body, "action": "submit", "version": version}),
                headers,
                expect=(200,),
            )

    started = time.perf_counter()
    run_clients(client, CLIENTS, work)
    return tally, time.perf_counter() - started


def run_clients(target, count: int, arguments=None):
    threads = [threading.Thread(target=target, args=arguments[n] if arguments else ()) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def load_figures(database_url: str, session_cookie: str, partnership: Partnership, period_start: str) -> dict:
    with Gunicorn(database_url) as server:
        with TreeSampler(server.process.pid, skip_root=True) as sampler:
            reads = dashboard_reads(server.port, session_cookie, partnership)
            writes, seconds = return_submissions(server.port, period_start)
    return {
        "workers": WORKERS,
        "clients": CLIENTS,
        "dashboard_requests": len(reads.seconds),
        "dashboard_median_ms": median(reads.seconds) * 1000,
        "dashboard_p95_ms": p95(reads.seconds) * 1000,
        "dashboard_errors": reads.errors,
        "requests": len(writes.seconds),
        "seconds": seconds,
        "per_second": len(writes.seconds) / seconds,
        "median_ms": median(writes.seconds) * 1000,
        "p95_ms": p95(writes.seconds) * 1000,
        "errors": writes.errors,
        "max_rss_mb": server.max_rss_mb,
        "sampled_peak_process_mb": sampler.peak_single,
        "sampled_peak_tree_mb": sampler.peak_sum,
    }
