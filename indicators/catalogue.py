"""Loading the National Indicator Set catalogue from indicators/data/national_indicators.csv.

Pure parsing (`catalogue_rows`, `title_and_form`, `polarity_from_source`) and one loader the
migrations call with their historical model (`load_catalogue`). See indicators/data/README.md."""

import csv
import re
from pathlib import Path

from indicators.models.catalogue import TitleForm
from indicators.status import Polarity

CATALOGUE_CSV = Path(__file__).resolve().parent / "data" / "national_indicators.csv"

# "Intermediate Care (short label; full title not found)", "... Independent Living (short label)"
SHORT_LABEL_NOTE = re.compile(r"\s*\(short label[^)]*\)\s*$", re.IGNORECASE)
CUT_MARK = "…"


def polarity_from_source(text: str) -> str:
    """Only where the source states it ('higher is better…', 'lower is better…'); else blank."""
    words = text.strip().lower()
    if words.startswith("higher"):
        return Polarity.HIGHER_IS_BETTER
    if words.startswith("lower"):
        return Polarity.LOWER_IS_BETTER
    return ""


def title_and_form(printed: str) -> tuple[str, str]:
    """The title to show and adopt, and how complete it is. A council's short label carries a note
    in the data ("(short label; ...)"), which is taken off the title and kept as the form; a title
    cut in the source keeps its "…"."""
    title = printed.strip()
    if SHORT_LABEL_NOTE.search(title):
        return SHORT_LABEL_NOTE.sub("", title), TitleForm.SHORT_LABEL
    if CUT_MARK in title:
        return title, TitleForm.CUT
    return title, TitleForm.AS_PRINTED


def catalogue_rows(path: Path = CATALOGUE_CSV):
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip()
            title, form = title_and_form(row["title"])
            yield {
                "code": code,
                "number": int(code.split()[-1]),
                "title": title,
                "title_form": form,
                "polarity": polarity_from_source(row["polarity"]),
                "polarity_source": row["polarity"].strip(),
                "unit_description": row["unit"].strip(),
                "frequency_description": row["frequency"].strip(),
                "source_url": row["source_url"].strip(),
                "notes": row["notes"].strip(),
                "withdrawn": "dropped before implementation" in title.lower() or code == "NI 31",
            }


def load_catalogue(model, path: Path = CATALOGUE_CSV) -> dict:
    """Create or update every catalogue row, keyed on code; idempotent. Returns how many rows were
    created and how many were already there (and were rewritten).

    `model` is passed so migrations can use their historical model; only the fields that model has
    are written (0002 runs with a model that has no `title_form`). Only catalogue rows are written:
    an Indicator that adopted an entry keeps the title, polarity, unit and frequency it copied."""
    fields = {field.name for field in model._meta.get_fields()}
    counts = {"created": 0, "existing": 0}
    for row in catalogue_rows(path):
        code = row.pop("code")
        defaults = {name: value for name, value in row.items() if name in fields}
        _, created = model.objects.update_or_create(code=code, defaults=defaults)
        counts["created" if created else "existing"] += 1
    return counts
