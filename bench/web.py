"""The dashboard, measured in-process through Django's test Client (the whole middleware stack and
URL routing, no HTTP socket), signed in as a member; and its floors.

Warm: the theme's live dashboard (reporting.models.LiveDashboard) is current, so the page reads
the stored data. Cold: its generation is bumped before each request (what any change to the
theme's data does, and what a new day amounts to), so the page computes the dashboard and stores
it."""

import re
import time

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import bare
from bench.stats import median, p95, repeat, timed
from indicators.models import Commission, Indicator
from partnership.pdf import html_document, write_pdf
from reporting.models import LiveDashboard
from reporting.services import live_dashboards

WARM_UP = 5
COLD_REQUESTS = 10


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def dashboard_url(theme) -> str:
    return f"/p/{theme.partnership.slug}/themes/{theme.slug}/dashboard/"


def get_ok(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def time_get(client, url, times: int) -> list[float]:
    for _ in range(WARM_UP):
        get_ok(client, url)
    return repeat(lambda: get_ok(client, url), times)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, url)
    return len(queries)


def dashboard_size(theme) -> dict:
    return {
        "indicators": Indicator.objects.filter(lead_theme=theme).count(),
        "commissions": Commission.objects.filter(theme=theme, kind=Commission.Kind.COMMISSION).count(),
    }


def queries_by_indicator_count(client, theme, other_theme, counts=(10, 40, 70)) -> dict[str, dict[int, int]]:
    """The dashboard's query count with `counts` indicators, cold (computed in the request) and
    warm (read from the live dashboard it stored): indicators are moved between two themes inside
    a transaction that is rolled back, so no data changes. (The move is an UPDATE without signals,
    so the live dashboard is marked out of date here, as the product's signals would.)"""
    url = dashboard_url(theme)
    found = {"cold": {}, "warm": {}}
    own = list(Indicator.objects.filter(lead_theme=theme).order_by("pk").values_list("pk", flat=True))
    others = list(Indicator.objects.filter(lead_theme=other_theme).order_by("pk").values_list("pk", flat=True))
    for count in counts:
        with transaction.atomic():
            if count < len(own):
                Indicator.objects.filter(pk__in=own[count:]).update(lead_theme=other_theme)
            elif count > len(own):
                Indicator.objects.filter(pk__in=others[: count - len(own)]).update(lead_theme=theme)
            get_ok(client, url)  # warm caches (templates, content types)
            live_dashboards.bump([theme.pk])
            found["cold"][count] = queries_for(client, url)
            found["warm"][count] = queries_for(client, url)
            transaction.set_rollback(True)
    return found


def is_live(theme) -> bool:
    """The theme's stored dashboard is current today (what a warm request reads)."""
    from django.utils import timezone

    row = LiveDashboard.objects.filter(theme=theme).first()
    return row is not None and row.is_current(timezone.localdate())


def cold_times(client, theme, times: int) -> list[float]:
    """Each request just after a change: the dashboard computed (and stored) in the request."""
    url = dashboard_url(theme)
    found = []
    for _ in range(times):
        live_dashboards.bump([theme.pk])
        found.append(timed(get_ok, client, url)[1])
    return found


class SqlTimer:
    """Time spent in the database driver, as a connection execute wrapper."""

    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def sql_share(client, url, times: int = 20) -> dict:
    """Median time per request spent in SQL (send, wait, fetch), and the queries."""
    timers = []
    for _ in range(times):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            get_ok(client, url)
        timers.append(timer)
    return {"sql_ms": median([t.seconds for t in timers]) * 1000, "queries": timers[0].count}


def bare_url() -> str:
    return "/bench/bare-table/"


def dashboard_figures(client, theme, other_theme, times: int) -> dict:
    size = dashboard_size(theme)
    bare.TABLE_SIZE.update(size)
    url = dashboard_url(theme)
    page = time_get(client, url, times)
    live = is_live(theme)
    warm_sql = sql_share(client, url)
    floor = time_get(client, bare_url(), times)
    get_ok(client, url)
    cold = cold_times(client, theme, COLD_REQUESTS)
    live_dashboards.bump([theme.pk])
    with CaptureQueriesContext(connection) as cold_queries:
        get_ok(client, url)
    counts = queries_by_indicator_count(client, theme, other_theme)
    return {
        "size": size,
        "median_ms": median(page) * 1000,
        "p95_ms": p95(page) * 1000,
        "live": live,
        "warm_sql_ms": warm_sql["sql_ms"],
        "floor_median_ms": median(floor) * 1000,
        "floor_p95_ms": p95(floor) * 1000,
        "cold_median_ms": median(cold) * 1000,
        "cold_max_ms": max(cold) * 1000,
        "cold_requests": len(cold),
        "cold_queries": len(cold_queries),
        "queries": queries_for(client, url),
        "queries_by_indicators": counts,
        "requests": times,
    }


def plain_table_pdf(size: dict) -> bytes:
    html = render_to_string(
        "bench/plain_table_pdf.html",
        {
            "indicator_columns": bare.INDICATOR_COLUMNS,
            "indicator_rows": bare.static_rows(size["indicators"], bare.INDICATOR_COLUMNS),
            "commission_columns": bare.COMMISSION_COLUMNS,
            "commission_rows": bare.static_rows(size["commissions"], bare.COMMISSION_COLUMNS),
        },
    )
    return write_pdf(html_document(html))  # written as every product PDF is: tagged


def page_html(client, url) -> str:
    """The HTML the PDF view hands WeasyPrint (partnership.pdf.html_document's argument)."""
    from partnership import pdf

    seen, original = [], pdf.html_document
    pdf.html_document = lambda html: seen.append(html) or original(html)
    try:
        get_ok(client, url)
    finally:
        pdf.html_document = original
    return seen[0]


def pdf_figures(client, theme, times: int) -> dict:
    """The dashboard PDF through its view; the floor (a plain table of as many rows, written the
    same way); and, to show what the charts cost, the same page's HTML with its charts taken out."""
    url = dashboard_url(theme) + "pdf/"
    get_ok(client, url)  # warm: fonts loaded once per process
    page = repeat(lambda: get_ok(client, url), times)
    size = dashboard_size(theme)
    plain_table_pdf(size)
    floor = repeat(lambda: plain_table_pdf(size), times)
    html = page_html(client, url)
    charts = len(re.findall(r"<svg\b", html))
    without_charts = re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S)
    bare_page = repeat(lambda: write_pdf(html_document(without_charts)), times)
    response, _ = timed(get_ok, client, url)
    if not response.content.startswith(b"%PDF"):
        raise RuntimeError("The dashboard PDF is not a PDF")
    return {
        "median_s": median(page),
        "p95_s": p95(page),
        "floor_median_s": median(floor),
        "without_charts_median_s": median(bare_page),
        "charts": charts,
        "requests": times,
    }
