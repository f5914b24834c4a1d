"""Loading the National Indicator Set catalogue from indicators/data/national_indicators.csv."""

import csv
from pathlib import Path

from indicators.status import Polarity

CATALOGUE_CSV = Path(__file__).resolve().parent / "data" / "national_indicators.csv"


def polarity_from_source(text: str) -> str:
    """Only where the source states it ('higher is better…', 'lower is better…'); else blank."""
    words = text.strip().lower()
    if words.startswith("higher"):
        return Polarity.HIGHER_IS_BETTER
    if words.startswith("lower"):
        return Polarity.LOWER_IS_BETTER
    return ""


def catalogue_rows(path: Path = CATALOGUE_CSV):
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip()
            yield {
                "code": code,
                "number": int(code.split()[-1]),
                "title": row["title"].strip(),
                "polarity": polarity_from_source(row["polarity"]),
                "polarity_source": row["polarity"].strip(),
                "unit_description": row["unit"].strip(),
                "frequency_description": row["frequency"].strip(),
                "source_url": row["source_url"].strip(),
                "notes": row["notes"].strip(),
                "withdrawn": "dropped before implementation" in row["title"].lower() or code == "NI 31",
            }


def load_catalogue(model):
    """Create or update every catalogue row; idempotent. `model` is passed so migrations can use
    their historical model."""
    for row in catalogue_rows():
        code = row.pop("code")
        model.objects.update_or_create(code=code, defaults=row)
