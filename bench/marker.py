"""What was generated: the size of the load and the quarter its time line is anchored on, kept in a
table of its own in the bench database so a later run can reuse the data when the size matches."""

import datetime as dt
import json
from dataclasses import asdict, dataclass

from django.db import connection

from indicators.periods import PeriodKind

QUARTERS = 12
MARKER_TABLE = "bench_marker"


@dataclass(frozen=True)
class Size:
    partnerships: int = 50
    themes: int = 7
    indicators: int = 40
    quarters: int = QUARTERS


@dataclass(frozen=True)
class Marker:
    """What was generated: the size, and the quarter the time line is anchored on."""

    size: dict
    current_quarter_start: str  # Q: the collation in progress
    generated_at: str
    seconds: float

    @property
    def current_quarter(self):
        from indicators.periods import Span

        return Span(PeriodKind.QUARTER, dt.date.fromisoformat(self.current_quarter_start))


def read_marker() -> Marker | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT value FROM {MARKER_TABLE} WHERE key = 'generated'")
        row = cursor.fetchone()
    return Marker(**json.loads(row[0])) if row else None


def write_marker(marker: Marker):
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (key text PRIMARY KEY, value text NOT NULL)")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (key, value) VALUES ('generated', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(asdict(marker))],
        )
