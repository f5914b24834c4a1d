"""The "Indicators and targets" set-up workbook: the indicators a partnership adopts from the
national catalogue (by code, NI 112) or keeps locally, with their lead theme, Outcome Lead (by
email), unit, polarity and frequency; and each year's target, monitoring level and quarterly
profile. Targets go through indicators.services.save_targets (the one write path, history kept),
after the same rules as the targets form; a blank cell never wipes a saved target."""

import re
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook

from indicators.models import AnnualTarget, CatalogueIndicator, Indicator, PeriodTarget
from indicators.periods import Frequency, PeriodKind, spans_in_year
from indicators.status import Polarity
from indicators.values import Unit
from partnership.models import Membership, Theme
from partnership.spreadsheets.setup import (
    BLANK_MEANS_NO_CHANGE,
    Column,
    layout,
    name_key,
    one_of,
)
from partnership.spreadsheets.write import add_choice_list, workbook_bytes, write_instructions, write_table
from partnership.years import financial_year_label

NOUN = "indicators and targets template"
INDICATORS, TARGETS = "Indicators", "Targets"
INDICATOR_COLUMNS = [
    Column("code", "Code", 12),
    Column("title", "Title", 44),
    Column("lead_theme", "Lead theme", 28),
    Column("outcome_lead", "Outcome Lead email", 32),
    Column("unit", "Unit", 26),
    Column("polarity", "Polarity", 18),
    Column("frequency", "Frequency", 14),
    Column("is_laa", "LAA", 8),
]
QUARTERS = ("q1", "q2", "q3", "q4")
TARGET_COLUMNS = [
    Column("code", "Code", 12),
    Column("year", "Year", 10),
    Column("target", "Target", 12),
    Column("monitoring_level", "Monitoring level", 14),
    *[Column(q, f"Profile {q.upper()}", 12) for q in QUARTERS],
]
LAYOUTS = (layout(INDICATORS, INDICATOR_COLUMNS, noun=NOUN), layout(TARGETS, TARGET_COLUMNS, noun=NOUN))
NATIONAL_CODE = re.compile(r"NI\s*\d+", re.IGNORECASE)


@dataclass
class State:
    indicators: dict  # code key -> Indicator
    catalogue: dict  # code key -> CatalogueIndicator
    themes: dict  # name key -> Theme
    members: dict  # email -> active Membership
    targets: dict  # (indicator id, fy) -> AnnualTarget
    profile: dict  # (indicator id, Span) -> Decimal


def code_key(code: str) -> str:
    return " ".join(code.upper().replace("NI", "NI ").split()) if NATIONAL_CODE.fullmatch(code) else name_key(code)


def load_state(partnership) -> State:
    indicators = Indicator.objects.for_partnership(partnership).select_related("lead_theme", "outcome_lead__user")
    members = Membership.objects.for_partnership(partnership).filter(is_active=True).select_related("user")
    targets = AnnualTarget.objects.for_partnership(partnership).select_related("period")
    profile = PeriodTarget.objects.for_partnership(partnership).select_related("period")
    return State(
        indicators={code_key(i.code): i for i in indicators},
        catalogue={code_key(c.code): c for c in CatalogueIndicator.objects.all()},
        themes={name_key(t.name): t for t in Theme.objects.for_partnership(partnership)},
        members={m.user.email.lower(): m for m in members if m.user.email},
        targets={(t.indicator_id, t.period.span.financial_year): t for t in targets},
        profile={(t.indicator_id, t.period.span): t.value for t in profile},
    )


def _number(amount):
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def build_workbook(partnership) -> bytes:
    state = load_state(partnership)
    indicators = sorted(state.indicators.values(), key=lambda i: (i.lead_theme.position, i.code))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = INDICATORS
    rows = [
        {
            "code": i.code,
            "title": i.title,
            "lead_theme": i.lead_theme.name,
            "outcome_lead": i.outcome_lead.user.email if i.outcome_lead_id else "",
            "unit": i.get_unit_display(),
            "polarity": i.get_polarity_display(),
            "frequency": i.get_frequency_display(),
            "is_laa": "Yes" if i.is_laa else "No",
        }
        for i in indicators
    ]
    write_table(sheet, INDICATOR_COLUMNS, rows)
    add_choice_list(sheet, INDICATOR_COLUMNS, "lead_theme", sorted(t.name for t in state.themes.values()))
    add_choice_list(sheet, INDICATOR_COLUMNS, "unit", [label for _, label in Unit.choices])
    add_choice_list(sheet, INDICATOR_COLUMNS, "polarity", [label for _, label in Polarity.choices])
    add_choice_list(sheet, INDICATOR_COLUMNS, "frequency", [label for _, label in Frequency.choices])
    add_choice_list(sheet, INDICATOR_COLUMNS, "is_laa", ["Yes", "No"])
    years = partnership.agreement_years(timezone.localdate())
    rows = []
    for i in indicators:
        saved_years = sorted({fy for (pk, fy) in state.targets if pk == i.pk} | set(years))
        for fy in saved_years:
            target = state.targets.get((i.pk, fy))
            row = {
                "code": i.code,
                "year": financial_year_label(fy),
                "target": _number(target.value) if target else None,
                "monitoring_level": _number(target.monitoring_level) if target else None,
            }
            if i.frequency == Frequency.QUARTERLY:
                for q, span in zip(QUARTERS, spans_in_year(fy, PeriodKind.QUARTER), strict=True):
                    row[q] = _number(state.profile.get((i.pk, span)))
            rows.append(row)
    sheet = workbook.create_sheet(TARGETS)
    write_table(sheet, TARGET_COLUMNS, rows)
    add_choice_list(sheet, TARGET_COLUMNS, "code", source=f"{INDICATORS}!$A$2:$A$500")
    write_instructions(workbook.create_sheet("Instructions"), _instructions(partnership))
    return workbook_bytes(workbook)


def _instructions(partnership):
    return [
        (f"{partnership.name}: indicators and targets", True),
        ("Use this template last: indicators are led by the themes and people the other two templates set up.", False),
        ("", False),
        ("Indicators sheet", True),
        ("One row per indicator. A national code (NI 112) adopts it from the national set, with its title;", False),
        ("any other code is a local indicator and needs a title. The code is the key.", False),
        ("Lead theme names a theme; Outcome Lead is an active member's email.", False),
        (f"Unit: {one_of(Unit.choices)}. Polarity: {one_of(Polarity.choices)}.", False),
        ("A new indicator needs a unit, and a polarity where the national set does not give one. Frequency is", False),
        ("quarterly unless you say otherwise.", False),
        ("Targets sheet", True),
        ("One row per indicator and financial year (2026/27): the annual target, the monitoring level", False),
        ("(worse than it triggers action: at or below the target where higher is better, at or above where", False),
        ("lower is better), and for quarterly indicators the profile Q1 to Q4 (for a count, the year-to-date", False),
        ("target, so Q4 is the year's total).", False),
        ("Type plain numbers, like 42.5: no commas, % or £ signs.", False),
        ("", False),
        ("Blank cells", True),
        (BLANK_MEANS_NO_CHANGE + " A blank target never wipes a saved one: clear targets on the website.", False),
        ("Uploading", True),
        ("Every row is checked first: if any has a problem, nothing changes and the page lists them all.", False),
    ]
