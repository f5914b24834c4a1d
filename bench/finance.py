"""The quarterly finance report (seed 003) for the measured partnership's last collated quarter:
every theme's commissions and legacy projects, their profile and approved spend for the quarter and
the year to date, totals by funding stream, and match funding. Computed on request (nothing is
frozen), so its time grows with the partnership's commissions: HTML warm median / p95 and queries,
and its tagged PDF."""

from bench.state import measured_partnership, previous_cycles
from bench.stats import median, p95
from bench.web import queries_for, time_get
from indicators.models import Commission

HTML_REQUESTS = 30
PDF_REQUESTS = 5


def finance_figures(client, marker) -> dict:
    partnership = measured_partnership()
    cycle = previous_cycles(marker).get(partnership=partnership)
    url = f"/p/{partnership.slug}/reports/finance/{cycle.pk}/"
    html = time_get(client, url, HTML_REQUESTS)
    pdf = time_get(client, url + "pdf/", PDF_REQUESTS)
    return {
        "commissions": Commission.objects.for_partnership(partnership).count(),
        "html_median_ms": median(html) * 1000,
        "html_p95_ms": p95(html) * 1000,
        "html_queries": queries_for(client, url),
        "html_requests": HTML_REQUESTS,
        "pdf_median_s": median(pdf),
        "pdf_requests": PDF_REQUESTS,
    }
