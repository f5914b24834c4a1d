"""Checking and applying an "Indicators and targets" upload (indicators.spreadsheets.setup_indicators):
`check` is pure (rows and what exists in, a plan out, or SetupRejected with every problem);
`import_indicators` loads, checks and applies in one transaction."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.models import Indicator
from indicators.periods import Frequency, PeriodKind, spans_in_year
from indicators.services.targets import YearTargets, save_targets, targets_fingerprint
from indicators.status import Accumulation, Polarity, monitoring_level_problem
from indicators.values import Unit, accumulation_problem, default_accumulation, format_value, value_problem
from partnership.spreadsheets.cells import parse_yes_no_blank
from partnership.spreadsheets.setup import (
    Outcome,
    Problems,
    RowError,
    SetupRejected,
    choice_value,
    name_key,
    one_of,
    sorted_errors,
)
from partnership.years import financial_year_label

from .cells import CellProblem, parse_number
from .setup_indicators import INDICATORS, LAYOUTS, NATIONAL_CODE, QUARTERS, TARGETS, State, code_key, load_state

YEAR = re.compile(r"(\d{4})\s*(?:[/-]\s*(\d{2}|\d{4}))?")


@dataclass
class Plan:
    indicators: list = field(default_factory=list)  # [(row number, existing | None, fields)]
    years: dict = field(default_factory=dict)  # code key -> [YearTargets] that change something
    unchanged_years: int = 0


def parse_year(cell) -> int | None:
    """A financial year as "2026/27", "2026-27" or 2026; None for a blank cell."""
    text = str(int(cell) if isinstance(cell, float) else cell).strip() if cell is not None else ""
    if not text:
        return None
    found = YEAR.fullmatch(text)
    if not found:
        raise CellProblem("Enter the financial year like 2026/27.")
    fy, end = int(found.group(1)), found.group(2)
    if end and int(end) % 100 != (fy + 1) % 100:
        raise CellProblem(f"A financial year runs April to March: {financial_year_label(fy)}, not {text}.")
    if not 2000 <= fy <= 2100:
        raise CellProblem("Enter a financial year from 2000/01 to 2100/01.")
    return fy


def check(sheets: dict, state: State) -> Plan:
    plan, errors = Plan(), []
    finals = _check_indicators(sheets[INDICATORS], state, plan, errors)
    _check_targets(sheets[TARGETS], state, finals, plan, errors)
    if errors:
        raise SetupRejected(sorted_errors(errors, [INDICATORS, TARGETS]))
    return plan


def _choice(problems, row, key, choices, noun):
    text = problems.text(row, key)
    value = choice_value(text, choices) if text else None
    if text and value is None:
        problems.add(row, key, f"“{text}” is not a {noun}: choose one of {one_of(choices)}.")
    return value


def _check_indicators(rows, state: State, plan: Plan, errors) -> dict:
    """Returns {code key: the indicator's final (unit, polarity, frequency, accumulation, allows_negative)}."""
    problems, seen = Problems(LAYOUTS[0]), {}
    finals = {
        key: (i.unit, i.polarity, i.frequency, i.accumulation, i.allows_negative, i.code)
        for key, i in state.indicators.items()
    }
    for row in rows:
        problems.formulas(row)
        code = problems.text(row, "code", required="Enter the indicator's code, like NI 112 or L 04.", max_length=20)
        key = code_key(code) if code else ""
        if key and key in seen:
            problems.add(row, "code", f"{code} is already on row {seen[key]}: keep one row for each indicator.")
            continue
        seen[key] = row.number
        existing, national = state.indicators.get(key), state.catalogue.get(key)
        if code and existing is None and NATIONAL_CODE.fullmatch(code) and national is None:
            problems.add(row, "code", f"There is no {code} in the national indicator set: check the code.")
        title = problems.text(row, "title", max_length=300)
        if not title and existing is None and national is None and code:
            problems.add(row, "title", "Enter the title of a new local indicator.")
        theme_name = problems.text(row, "lead_theme")
        theme = state.themes.get(name_key(theme_name)) if theme_name else None
        if theme_name and theme is None:
            problems.add(row, "lead_theme", f"There is no theme called “{theme_name}” in this partnership.")
        elif not theme_name and existing is None and code:
            problems.add(row, "lead_theme", "Choose the theme that leads on this indicator.")
        email = problems.text(row, "outcome_lead").lower()
        lead = state.members.get(email) if email else None
        if email and lead is None:
            problems.add(row, "outcome_lead", f"There is no active member with the email {email} in this partnership.")
        unit = _choice(problems, row, "unit", Unit.choices, "unit")
        polarity = _choice(problems, row, "polarity", Polarity.choices, "polarity")
        frequency = _choice(problems, row, "frequency", Frequency.choices, "frequency")
        is_laa = problems.parsed(row, "is_laa", parse_yes_no_blank)
        if existing is None and code:
            polarity = polarity or (national.polarity if national else "") or None
            if unit is None and "unit" not in row.formulas and not problems.text(row, "unit"):
                problems.add(row, "unit", "Choose the unit of a new indicator.")
            if polarity is None and "polarity" not in row.formulas and not problems.text(row, "polarity"):
                problems.add(row, "polarity", "Say whether higher or lower is better for a new indicator.")
            title = title or (national.title if national else "")
            frequency = frequency or Frequency.QUARTERLY
        fields = {
            "title": title,
            "lead_theme": theme,
            "outcome_lead": lead,
            "unit": unit,
            "polarity": polarity,
            "frequency": frequency,
            "is_laa": is_laa,
        }
        fields = {
            k: v for k, v in fields.items() if v not in (None, "") and (not existing or getattr(existing, k) != v)
        }
        if not code:
            continue
        old = finals.get(key)
        final_unit = fields.get("unit") or (old[0] if old else None)
        accumulation = old[3] if old else None
        if final_unit and (accumulation is None or accumulation_problem(final_unit, accumulation)):
            fields["accumulation"] = accumulation = default_accumulation(final_unit)
        if existing is None:
            fields.update(code=national.code if national else code, catalogue=national)
        finals[key] = (
            final_unit,
            fields.get("polarity") or (old[1] if old else None),
            fields.get("frequency") or (old[2] if old else Frequency.QUARTERLY),
            accumulation,
            old[4] if old else False,
            code,
        )
        plan.indicators.append((row.number, existing, fields))
    errors.extend(problems.errors)
    return finals


def _check_targets(rows, state: State, finals: dict, plan: Plan, errors) -> None:
    problems, seen = Problems(LAYOUTS[1]), {}
    for row in rows:
        problems.formulas(row)
        code = problems.text(row, "code", required="Enter the indicator's code.")
        key = code_key(code) if code else ""
        if code and key not in finals:
            problems.add(row, "code", f"There is no indicator {code} on the Indicators sheet or in this partnership.")
        fy = problems.parsed(row, "year", parse_year)
        if fy is None and "year" not in row.formulas and not problems.text(row, "year"):
            problems.add(row, "year", "Enter the financial year, like 2026/27.")
        figures = {name: problems.parsed(row, name, parse_number) for name in ("target", "monitoring_level", *QUARTERS)}
        if key not in finals or fy is None:
            continue
        if (key, fy) in seen:
            problems.add(row, "year", f"{code} {financial_year_label(fy)} is already on row {seen[key, fy]}.")
            continue
        seen[key, fy] = row.number
        unit, polarity, frequency, accumulation, allows_negative, shown_code = finals[key]
        existing = state.indicators.get(key)
        saved = state.targets.get((existing.pk, fy)) if existing else None
        target = figures["target"] if figures["target"] is not None else (saved.value if saved else None)
        level = figures["monitoring_level"]
        level = level if level is not None else (saved.monitoring_level if saved else None)
        entered = {q: figures[q] for q in QUARTERS if figures[q] is not None}
        spans = spans_in_year(fy, PeriodKind.QUARTER)
        profile = {span: entered[q] for q, span in zip(QUARTERS, spans, strict=True) if q in entered}
        saved_profile = {span: state.profile.get((existing.pk, span)) for span in profile} if existing else {}
        if saved is None:
            changed = target is not None or level is not None or bool(profile)
        else:
            changed = (saved.value, saved.monitoring_level) != (target, level) or any(
                saved_profile.get(span) != value for span, value in profile.items()
            )
        if not changed:  # what is saved already: nothing to check or do
            plan.unchanged_years += 1
            continue
        for name, value in figures.items():
            if value is not None and unit and (problem := value_problem(value, unit, allows_negative=allows_negative)):
                problems.add(row, name, problem)
        if figures["monitoring_level"] is not None and target is None:
            problems.add(
                row, "monitoring_level", f"Set the {financial_year_label(fy)} target before its monitoring level."
            )
        if polarity and (problem := monitoring_level_problem(target, level, polarity)):
            problems.add(row, "monitoring_level", problem)
        if entered and frequency != Frequency.QUARTERLY:
            problems.add(row, next(iter(entered)), f"{shown_code} is not quarterly: set its profile on the website.")
            continue
        if entered and target is None:
            problems.add(row, next(iter(entered)), f"Set the {financial_year_label(fy)} target before profiling it.")
        q4 = entered.get("q4")
        if accumulation == Accumulation.CUMULATIVE and target is not None and q4 is not None and q4 != target:
            shown = format_value(target, unit)
            problems.add(row, "q4", f"For a cumulative indicator Q4 is the year's total: make it {shown}, or leave it.")
        # The merged year: what is saved, with the sheet's non-blank cells over it (never a removal).
        plan.years.setdefault(key, []).append(YearTargets(fy, target, level, profile))
    errors.extend(problems.errors)


def apply(partnership, plan: Plan, state: State, by=None) -> Outcome:
    """Targets loaded here are the agreement as signed, loaded by an administrator (`by`): they are
    recorded agreed at once (docs/targets.md); changes made later in the browser are proposed."""
    outcome = Outcome()
    with transaction.atomic():
        indicators = dict(state.indicators)
        for number, existing, fields in plan.indicators:
            indicator = existing or Indicator(partnership=partnership)
            for name, value in fields.items():
                setattr(indicator, name, value)
            if existing is None or fields:
                try:  # the model's own rules, checked again (a unit and its accumulation, say)
                    indicator.full_clean(validate_unique=False, validate_constraints=False)
                except ValidationError as invalid:
                    messages = " ".join(m for ms in invalid.message_dict.values() for m in ms)
                    raise SetupRejected([RowError(INDICATORS, number, "", messages)]) from None
                indicator.save()
            indicators[code_key(indicator.code)] = indicator
            outcome.count("Indicators", "created" if existing is None else "changed" if fields else "unchanged")
        for key, years in plan.years.items():
            indicator = indicators[key]
            created = sum(1 for y in years if (indicator.pk, y.fy) not in state.targets)
            save_targets(indicator, years, expected_fingerprint=targets_fingerprint(indicator), by=by, agreed=True)
            outcome.count("Targets", "created", created)
            outcome.count("Targets", "changed", len(years) - created)
        outcome.count("Targets", "unchanged", plan.unchanged_years)
    return outcome


def import_indicators(partnership, sheets: dict, *, by=None, **_) -> Outcome:
    state = load_state(partnership)
    return apply(partnership, check(sheets, state), state, by)
