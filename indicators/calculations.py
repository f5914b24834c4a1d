"""Indicators the system calculates instead of asking a source for (seed 002's measures of the
partnership itself). Pure: the kinds, what each produces, the shares, and formulas over other
indicators. reporting.services.computed gathers the inputs and records the values.

Formulas name other indicators of the same partnership by code in braces and combine them with
+ - * / and brackets, e.g. ``{NI 111} + {NI 112}`` or ``{L 1} / {L 2} * 100``. They are parsed with
Python's own parser and only those operations are allowed: nothing is ever evaluated as code.
"""

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation

from django.db import models

from indicators.values import Unit


class CalculationKind(models.TextChoices):
    RETURNED = "returned", "Returned by its source"
    SHARE_GREEN = "share_green", "% of a set of indicators that are green"
    RISKS = "risks", "Number of risks on the register at or above a score"
    SPEND_VARIANCE = "spend_variance", "% variance from profiled spend"
    ON_TIME = "on_time", "% of returns submitted by the collation deadline"
    ATTESTED = "attested", "% of returns attesting all six data-quality standards"
    FORMULA = "formula", "A formula over other indicators"
    AGREEMENT = "agreement", "% who strongly agree or agree (self-assessment questionnaire)"
    MAKE_UP = "make_up", "Make-up of the members (equality monitoring)"


class IndicatorSet(models.TextChoices):
    ALL = "all", "All indicators"
    LAA = "laa", "LAA designated indicators"
    STRETCH = "stretch", "LAA stretch targets"


# partnership.equality's measure keys (seed 002's People perspective).
class MakeUpMeasure(models.TextChoices):
    BME = "bme", "% BME members"
    MALE = "male", "% male members"
    FEMALE = "female", "% female members"
    FAITH = "faith", "% of members who belong to a faith group"
    UNDER_25 = "under_25", "% of members who are under 25"
    OVER_65 = "over_65", "% of members who are 65 or over"
    DISABILITY = "disability", "% of members who declare a disability"


# Every calculated kind gives a percentage, except the risk count; a formula's unit is the user's.
UNIT_OF_KIND = {kind: Unit.PERCENTAGE for kind in CalculationKind if kind not in ("returned", "risks", "formula")}
UNIT_OF_KIND[CalculationKind.RISKS] = Unit.COUNT
DEFAULT_RISK_SCORE = 20  # seed 002: "the number of risks that are 20 or over on the risk register"


def unit_problem(kind: str, unit: str) -> str | None:
    wanted = UNIT_OF_KIND.get(kind)
    if wanted is None or wanted == unit:
        return None
    return f"{CalculationKind(kind).label} is a {Unit(wanted).label.split(' (')[0].lower()}: set the unit to match."


@dataclass(frozen=True)
class Computation:
    """One period's calculated figure, what it was calculated from, and the sentence saying so.
    A ratio keeps its numerator and denominator (so a year pools them like any ratio)."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    inputs: dict = field(default_factory=dict)
    summary: str = ""

    @property
    def has_value(self) -> bool:
        return self.value is not None or (self.numerator is not None and bool(self.denominator))


def share(count: int, total: int, *, summary: str, inputs: Mapping | None = None) -> Computation:
    """count out of total as a percentage (kept as numerator and denominator); none of none is no
    value, not 0%."""
    inputs = {"count": count, "total": total, **(inputs or {})}
    if not total:
        return Computation(inputs=inputs, summary=summary)
    return Computation(numerator=Decimal(count), denominator=Decimal(total), inputs=inputs, summary=summary)


def share_of_statuses(statuses: Mapping[str, str]) -> Computation:
    """{code: status} -> the % green of those with a status (grey, no data, is not judged)."""
    by_status = {status: sorted(code for code, s in statuses.items() if s == status) for status in STATUSES}
    judged = len(by_status["green"]) + len(by_status["amber"]) + len(by_status["red"])
    green = len(by_status["green"])
    summary = (
        f"{green} of {judged} indicators with a status are green"
        + (f" ({len(by_status['grey'])} without data)" if by_status["grey"] else "")
        + "."
    )
    return share(green, judged, summary=summary, inputs={"indicators": by_status})


STATUSES = ("green", "amber", "red", "grey")


def absolute_variance(spend: Decimal, profile: Decimal) -> Computation:
    """% variance of spend from its profile to date, either way (both over- and underspending miss
    the profile); the direction is kept in the inputs and the sentence."""
    inputs = {"spend_to_date": str(spend), "profile_to_date": str(profile)}
    if not profile:
        return Computation(inputs=inputs, summary="No spend was profiled to date.")
    difference = spend - profile
    percent = abs(difference) / profile * 100
    way = "over" if difference > 0 else "under" if difference < 0 else "on"
    summary = f"£{spend:,.0f} spent against £{profile:,.0f} profiled to date: {percent:.1f}% {way} profile."
    if way == "on":
        summary = f"£{spend:,.0f} spent, exactly as profiled to date."
    return Computation(numerator=abs(difference), denominator=profile, inputs=inputs, summary=summary)


# --- formulas --------------------------------------------------------------------------------

REFERENCE = re.compile(r"\{([^{}]+)\}")
_ALLOWED_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


class FormulaProblem(ValueError):
    pass


@dataclass(frozen=True)
class Formula:
    text: str
    references: tuple[str, ...]  # codes, in the order they first appear
    tree: ast.Expression


def parse_formula(text: str) -> Formula:
    """Read a formula, or raise FormulaProblem saying in words what is wrong with it."""
    text = (text or "").strip()
    if not text:
        raise FormulaProblem("Enter a formula, for example {NI 111} + {NI 112}.")
    codes: list[str] = []

    def name_for(match):
        code = " ".join(match.group(1).split())
        if code not in codes:
            codes.append(code)
        return f"_ref{codes.index(code)}"

    source = REFERENCE.sub(name_for, text)
    if "{" in source or "}" in source:
        raise FormulaProblem("Put each indicator's code in its own braces, like {NI 112}.")
    if not codes:
        raise FormulaProblem("A formula must use at least one indicator, written as its code in braces: {NI 112}.")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise FormulaProblem(
            "The formula cannot be read: use codes in braces, numbers, + - * / and brackets."
        ) from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Expression | ast.Load):
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in _ALLOWED_OPERATORS:
            continue
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            continue
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            continue
        if isinstance(node, ast.Name) and re.fullmatch(r"_ref\d+", node.id):
            continue
        if isinstance(node, ast.operator | ast.unaryop):
            continue
        raise FormulaProblem("Only + - * / and brackets may join the codes and numbers of a formula.")
    return Formula(text, tuple(codes), tree)


def evaluate(formula: Formula, values: Mapping[str, Decimal | None]) -> Decimal | None:
    """The formula's value, or None when an indicator it uses has no value or it divides by zero."""
    if any(values.get(code) is None for code in formula.references):
        return None
    names = {f"_ref{i}": Decimal(values[code]) for i, code in enumerate(formula.references)}

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            return names[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = walk(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        left, right = walk(node.left), walk(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right

    try:
        return walk(formula.tree)
    except (ZeroDivisionError, DivisionByZero, InvalidOperation):
        return None


def formula_problem(code: str, text: str, known: Mapping[str, Iterable[str]]) -> str | None:
    """Why indicator `code` cannot have this formula, or None. `known` maps every code of the
    partnership to the codes its own formula uses (empty for the others), so references to
    indicators the partnership does not have, to itself, and round in a circle are refused."""
    try:
        formula = parse_formula(text)
    except FormulaProblem as problem:
        return str(problem)
    unknown = [ref for ref in formula.references if ref not in known]
    if unknown:
        return f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not an indicator of this partnership."
    if code in formula.references:
        return f"The formula uses {code} itself: an indicator cannot be calculated from its own value."
    graph = {other: set(refs) for other, refs in known.items()}
    graph[code] = set(formula.references)
    if path := _cycle_through(code, graph):
        return f"The formula goes round in a circle: {' → '.join(path)}."
    return None


def _cycle_through(start: str, graph: Mapping[str, set]) -> list[str] | None:
    stack = [(start, [start])]
    seen = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def calculation_order(dependencies: Mapping[int, Iterable[int]]) -> list[int]:
    """Ids in an order where each comes after the calculated indicators it uses (formulas last)."""
    done: list[int] = []
    placed: set[int] = set()

    def place(node, trail=()):
        if node in placed or node in trail:
            return
        for dep in dependencies.get(node, ()):
            if dep in dependencies:
                place(dep, (*trail, node))
        placed.add(node)
        done.append(node)

    for node in sorted(dependencies):
        place(node)
    return done
