"""An indicator's board chart points (indicators.board_charts draws them): the last three years of
periods up to the latest reported, each judged as the status engine judges it, with the target
and the monitoring-level band. Plain data, so a stored dashboard or report draws the same chart
years later; the dashboards (reporting) and the six-monthly escalation report (escalation) both
read it."""

import datetime as dt

from indicators.board_charts import amber_floor
from indicators.periods import KIND_FOR_FREQUENCY, latest_ended
from indicators.services.results import assess_financial_year, load_data
from partnership.numbers import plain_number

CHART_PERIODS = 12  # three years of quarters: the board charts' span


def chart_points(indicators, summaries, tolerance_percent, today: dt.date) -> dict[int, list[dict]]:
    """{indicator id: its last CHART_PERIODS periods up to the latest reported, oldest first}, each
    {"period", "actual", "target", "level", "status"}: what is judged (year to date for counts),
    the profiled target, the amber floor (indicators.board_charts.amber_floor) and the status, as
    plain data for the stored dashboard. Leading periods with neither result nor target are left
    out. Earlier years are judged as the indicator page judges them; the latest is the summary's."""
    data = load_data(indicators)
    charts = {}
    for indicator in indicators:
        summary, rules = summaries[indicator.pk], indicator.rules(tolerance_percent)
        last = summary.latest.span if summary.latest else latest_ended(KIND_FOR_FREQUENCY[indicator.frequency], today)
        first = last
        for _ in range(CHART_PERIODS - 1):
            first = first.previous()
        years = {summary.year.fy: summary.year}
        for fy in range(first.financial_year, last.financial_year + 1):
            if fy not in years:
                years[fy] = assess_financial_year(indicator, data[indicator.pk], fy, tolerance_percent)
        periods = [row for fy in sorted(years) for row in years[fy].rows if first.start <= row.span.start <= last.start]
        while periods and periods[0].assessment.compared is None and periods[0].assessment.target is None:
            periods.pop(0)
        charts[indicator.pk] = [
            {
                "period": row.span.label,
                "actual": plain_number(row.assessment.compared),
                "target": plain_number(row.assessment.target),
                "level": plain_number(amber_floor(row.assessment.target, row.assessment.monitoring_level, rules)),
                "status": str(row.assessment.status),
            }
            for row in periods
        ]
    return charts
