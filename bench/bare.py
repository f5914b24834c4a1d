"""The floor for the dashboard: a Django view that renders a static table of the same size (the
same rows and columns as a theme dashboard), with a plain template and no ORM. What the real page
costs above this is the product's own work."""

from django.shortcuts import render

INDICATOR_COLUMNS = [
    "Indicator",
    "Period",
    "Actual",
    "Target",
    "Status",
    "Since last period",
    "Year-end forecast",
    "Trend",
]
COMMISSION_COLUMNS = ["Commission", "Annual budget", "Profile to date", "Approved spend to date", "Variance"]
TABLE_SIZE = {"indicators": 40, "commissions": 3}  # set by run.py to the measured dashboard's size


def static_rows(count: int, columns: list[str]) -> list[list[str]]:
    return [[f"{column} {row + 1}" for column in columns] for row in range(count)]


def bare_table(request):
    return render(
        request,
        "bench/bare_table.html",
        {
            "indicator_columns": INDICATOR_COLUMNS,
            "indicator_rows": static_rows(TABLE_SIZE["indicators"], INDICATOR_COLUMNS),
            "commission_columns": COMMISSION_COLUMNS,
            "commission_rows": static_rows(TABLE_SIZE["commissions"], COMMISSION_COLUMNS),
        },
    )
