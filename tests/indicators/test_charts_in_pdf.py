"""The charts render to PDF through WeasyPrint."""

from indicators.charts import sparkline_svg, trend_chart_svg

from .chart_helpers import EDGE_CASES

# --- WeasyPrint --------------------------------------------------------------------------


def test_weasyprint_renders_the_charts_to_pdf():
    from weasyprint import HTML

    html = (
        "<!doctype html><html><body><h1>Board pack</h1>"
        f"{trend_chart_svg(EDGE_CASES['sixteen points'], title='Sixteen', unit='%')}"
        f"{trend_chart_svg(EDGE_CASES['negative'], title='Negative')}"
        f"{trend_chart_svg([], title='Empty')}"
        f"<p>{sparkline_svg([1, None, 2, 3], label='Spark', target=2)}</p>"
        "</body></html>"
    )
    pdf = HTML(string=html).write_pdf()
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
