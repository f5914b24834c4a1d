"""Halton's real list of designated LAA indicators (indicators/data/laa_designated_halton.csv, from
Halton's LAA annual review of 9 January 2009, "Scope for Refresh"). The demo's worked indicators
(indicators/demo/halton.py) carry results; every other designated indicator the national catalogue
knows is adopted here without them, with what the annual review said of it as its baseline note, so
the administrator's home shows the targets still to set and the LAA action plan lists the whole set.

Which theme leads each one, and its unit and polarity where the catalogue gives none, are the demo's
choice from the indicator's definition: the source lists codes only. Codes the catalogue has no title
for (NI 5, 33, 80, 123, 124, 139, 142, 150, 173) are not adopted, as nothing would name them."""

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from indicators.models import CatalogueIndicator, Indicator
from indicators.periods import Frequency
from indicators.services.targets import YearTargets, save_targets, targets_fingerprint
from indicators.status import Polarity
from indicators.values import Unit, default_accumulation
from partnership.models import Membership, Partnership, Theme
from partnership.roles import Role
from partnership.years import financial_year_of

DESIGNATED_CSV = Path(__file__).resolve().parent.parent / "data" / "laa_designated_halton.csv"

H, L = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
PCT, RATE, COUNT, SCORE = Unit.PERCENTAGE, Unit.RATE, Unit.COUNT, Unit.SCORE

# code: (lead theme slug, unit, polarity when the catalogue has none, rate per)
LEADS = {
    "NI 7": ("urban-renewal", PCT, H, 0),
    "NI 8": ("healthy-halton", PCT, H, 0),
    "NI 16": ("safer-halton", RATE, L, 1000),
    "NI 17": ("safer-halton", PCT, L, 0),
    "NI 20": ("safer-halton", RATE, L, 1000),
    "NI 30": ("safer-halton", PCT, L, 0),
    "NI 32": ("safer-halton", PCT, L, 0),
    "NI 39": ("healthy-halton", RATE, L, 100000),
    "NI 40": ("safer-halton", COUNT, H, 0),
    "NI 53": ("healthy-halton", PCT, H, 0),
    "NI 56": ("healthy-halton", PCT, L, 0),
    "NI 63": ("children-young-people", PCT, H, 0),
    "NI 111": ("children-young-people", RATE, L, 100000),
    "NI 112": ("children-young-people", RATE, L, 1000),
    "NI 115": ("children-young-people", PCT, L, 0),
    "NI 116": ("children-young-people", PCT, L, 0),
    "NI 117": ("children-young-people", PCT, L, 0),
    "NI 120": ("healthy-halton", RATE, L, 100000),
    "NI 153": ("employment-learning-skills", PCT, L, 0),
    "NI 154": ("urban-renewal", COUNT, H, 0),
    "NI 163": ("employment-learning-skills", PCT, H, 0),
    "NI 171": ("employment-learning-skills", RATE, H, 10000),
    "NI 175": ("urban-renewal", PCT, H, 0),
    "NI 186": ("urban-renewal", SCORE, L, 0),
    "NI 192": ("urban-renewal", PCT, H, 0),
}


@dataclass(frozen=True)
class Designation:
    code: str
    status: str  # what the annual review said: "designated; missing data at annual review", ...
    as_at: str
    source_url: str

    @property
    def note(self) -> str:
        said = self.status.removeprefix("designated; ").split(" (")[0].removesuffix(" at annual review")
        day = dt.date.fromisoformat(self.as_at)
        return f"Designated; {said} at the LAA annual review of {day.day} {day:%B %Y}."[:200]


def designations(path: Path = DESIGNATED_CSV) -> list[Designation]:
    with path.open(newline="", encoding="utf-8") as f:
        return [
            Designation(row["code"], row["status_or_role"], row["as_at"], row["source_url"])
            for row in csv.DictReader(f)
            if row["laa_area"] == "Halton"
        ]


def load_designated(slug: str = "halton") -> int:
    """Idempotent: adopts the designated indicators not yet adopted; returns how many."""
    partnership = Partnership.objects.get(slug=slug)
    themes = {t.slug: t for t in Theme.objects.for_partnership(partnership)}
    catalogue = {e.code: e for e in CatalogueIndicator.objects.filter(code__in=LEADS)}
    adopted = set(Indicator.objects.for_partnership(partnership).values_list("code", flat=True))
    made = 0
    for designation in designations():
        entry = catalogue.get(designation.code)
        if entry is None or designation.code in adopted:
            continue
        theme_slug, unit, polarity, rate_per = LEADS[designation.code]
        theme = themes[theme_slug]
        Indicator.objects.create(
            partnership=partnership,
            code=entry.code,
            catalogue=entry,
            title=entry.title,
            definition=entry.unit_description,
            unit=unit,
            rate_per=rate_per or 1000,
            polarity=entry.polarity or polarity,
            frequency=Frequency.ANNUAL,
            accumulation=default_accumulation(unit),
            is_laa=True,
            baseline_note=designation.note,
            lead_theme=theme,
            outcome_lead=_outcome_lead(theme),
        )
        adopted.add(designation.code)
        made += 1
    _propose_example(partnership)
    return made


# The Outcome Lead has proposed this year's target for one of them; it waits for the PSG to agree it,
# and until then its status stays grey (docs/targets.md). The figures are invented.
PROPOSED = ("NI 154", Decimal("450"), Decimal("400"))


def _propose_example(partnership) -> None:
    code, target, monitoring_level = PROPOSED
    indicator = Indicator.objects.for_partnership(partnership).filter(code=code).first()
    fy = financial_year_of(timezone.localdate())
    if indicator is None or indicator.outcome_lead is None or indicator.annual_targets.exists():
        return
    save_targets(
        indicator,
        [YearTargets(fy, target, monitoring_level)],
        expected_fingerprint=targets_fingerprint(indicator),
        by=indicator.outcome_lead.user,
    )


def _outcome_lead(theme):
    return (
        Membership.objects.filter(role_assignments__theme=theme, role_assignments__role=Role.OUTCOME_LEAD)
        .order_by("pk")
        .first()
    )
