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


def test_each_board_chart_is_a_figure_whose_alternative_text_is_its_first_title():
    """WeasyPrint takes a Figure's /Alt from the svg's <title> child only (weasyprint/pdf/tags.py)."""
    from indicators.board_charts import alt_text, board_trend_svg, spend_bar_svg
    from partnership.pdf import html_document, write_pdf
    from partnership.pdf_structure import structure

    from .test_trend_chart import BOARD_ROW, board_row

    rows = [BOARD_ROW, board_row(EDGE_CASES["negative"]), board_row(EDGE_CASES["no data"]), board_row([])]
    charts = "".join(
        f"<p>{board_trend_svg(row, width=300, height=80)}{board_trend_svg(row, width=90, height=12)}</p>"
        for row in rows
    )
    spend = spend_bar_svg({"name": "Wardens", "spend_to_date": 9000, "profile_to_date": 10000})
    head = '<!doctype html><html lang="en-GB"><head><title>Charts</title></head>'
    html = f"{head}<body><h1>Charts</h1>{charts}{spend}</body></html>"
    figures = structure(write_pdf(html_document(html))).figures
    expected = [alt_text(row) for row in rows for _ in range(2)]
    assert figures == expected + ["Wardens: spend to date £9,000 against a profile to date of £10,000"]
