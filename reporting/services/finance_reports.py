"""The quarterly finance report (seed 003 §3: the PSG "monitor[s] financial performance quarterly";
its table has a Financial report every quarter, under either cadence).

For the quarter of a cycle, per theme and commission (legacy projects too): the profiled budget
against approved actual spend for the quarter and for the financial year to date, the variance and
the percentage off profile; totals by funding stream, Area Based Grant first (ABG-funded legacy
projects count in the ABG total; other money is shown apart, never in it); and match funding (cash,
in kind, leverage) for the quarter and to date. Only APPROVED spend returns count, as in every
other total (indicators.services.money).

Computed on request from the spend returns as they stand, not assembled by the chain: finance keeps
moving after the collation deadline (late approvals), and there is no text for anyone to write,
so there is nothing to freeze. `finance_figures` is pure (plain values in, plain data out); the
three queries are in `finance_report`.
"""

from collections import defaultdict
from decimal import Decimal

from indicators.models import BudgetProfile, Commission, SpendReturn
from indicators.money import MONEY_FIELDS, ZERO, describe_variance, shared_out, to_date, variance_percent
from indicators.periods import PeriodKind, Span, spans_in_year
from indicators.workflow import ReturnState

MATCH_FIELDS = ("match_cash", "match_in_kind", "match_leverage")
FIGURES = ("quarter_profile", "quarter_spend", "year_profile", "year_spend", *MATCH_FIELDS)
ABG = Commission.Funding.ABG
STREAM_LABELS = dict(Commission.Funding.choices)


def _with_variance(figures: dict) -> dict:
    """Figures with each period's variance: in pounds (spend - profile), in percent (None without a
    profile) and in words ("30.0% under profile")."""
    out = dict(figures)
    for when in ("quarter", "year"):
        out[f"{when}_difference"] = figures[f"{when}_spend"] - figures[f"{when}_profile"]
        variance = variance_percent(figures[f"{when}_spend"], figures[f"{when}_profile"])
        out[f"{when}_variance"] = variance
        out[f"{when}_variance_words"] = describe_variance(variance)
    out["match_total"] = sum((figures[name] for name in MATCH_FIELDS), ZERO)
    return out


def _total(rows: list[dict]) -> dict:
    return _with_variance({name: sum((row[name] for row in rows), ZERO) for name in FIGURES})


def finance_figures(
    quarter: Span,
    commissions: list[dict],
    profiles: dict[int, dict[Span, Decimal]],
    spend: dict[int, dict[Span, dict]],
) -> dict:
    """The report's data. commissions: [{"id", "name", "theme", "kind", "funding", "funding_label",
    "fractions"}] in theme order (fractions: {stream: share of its budget}, as
    Commission.stream_fractions; a split commission's money counts in each stream by its share);
    profiles: {commission id: {quarter: amount}}; spend: {commission id: {quarter: {money field:
    amount}}} of approved returns. Pure."""
    themes, by_stream = {}, defaultdict(list)
    for commission in commissions:
        pk, returned = commission["id"], spend.get(commission["id"], {})
        this = returned.get(quarter)
        figures = {
            "quarter_profile": profiles.get(pk, {}).get(quarter) or ZERO,
            "quarter_spend": (this or {}).get("actual_spend") or ZERO,
            "year_profile": to_date(profiles.get(pk, {}), quarter),
            "year_spend": to_date({span: r["actual_spend"] for span, r in returned.items()}, quarter),
        }
        for name in MATCH_FIELDS:
            figures[name] = to_date({span: r[name] for span, r in returned.items()}, quarter)
        row = {**commission, **_with_variance(figures), "returned": this is not None}
        themes.setdefault(commission["theme"], []).append(row)
        fractions = commission.get("fractions") or {commission["funding"]: Decimal(1)}
        parts = {name: shared_out(figures[name], fractions) for name in FIGURES}
        for stream in fractions:
            share = {name: parts[name][stream] for name in FIGURES}
            by_stream[(stream, STREAM_LABELS[stream])].append({"kind": commission["kind"], **share})
    streams = sorted(by_stream.items(), key=lambda item: (item[0][0] != ABG, item[0][1]))
    every = [row for rows in themes.values() for row in rows]
    return {
        "period": quarter.label,
        "financial_year": quarter.financial_year,
        "themes": [{"theme": name, "rows": rows, "total": _total(rows)} for name, rows in themes.items()],
        "streams": [
            {
                "stream": stream,
                "label": label,
                "commissions": sum(1 for row in rows if row["kind"] != Commission.Kind.PROJECT),
                "projects": sum(1 for row in rows if row["kind"] == Commission.Kind.PROJECT),
                "total": _total(rows),
            }
            for (stream, label), rows in streams
        ],
        "total": _total(every),
    }


def finance_report(cycle) -> dict:
    """The finance report of a cycle's quarter, from the partnership's approved spend returns as
    they stand. Three queries, however many commissions."""
    quarter = cycle.period.span
    if quarter.kind != PeriodKind.QUARTER:
        raise ValueError(f"{quarter} is not a quarter")
    year = {
        "period__kind": PeriodKind.QUARTER,
        "period__start__in": [q.start for q in spans_in_year(quarter.financial_year, PeriodKind.QUARTER)],
    }
    rows = (
        Commission.objects.for_partnership(cycle.partnership_id)
        .select_related("theme")
        .order_by("theme__position", "theme__name", "name")
    )
    commissions = [
        {
            "id": c.pk,
            "name": c.name,
            "theme": c.theme.name,
            "kind": c.kind,
            "kind_label": c.get_kind_display(),
            "funding": c.funding,
            "funding_label": c.funding_display,
            "fractions": c.stream_fractions,
        }
        for c in rows
    ]
    ids = [c["id"] for c in commissions]
    profiles = defaultdict(dict)
    for pk, start, amount in BudgetProfile.objects.filter(commission_id__in=ids, **year).values_list(
        "commission_id", "period__start", "amount"
    ):
        profiles[pk][Span(PeriodKind.QUARTER, start)] = amount
    spend = defaultdict(dict)
    approved = SpendReturn.objects.filter(commission_id__in=ids, state=ReturnState.APPROVED, **year)
    for row in approved.values("commission_id", "period__start", *MONEY_FIELDS):
        spend[row["commission_id"]][Span(PeriodKind.QUARTER, row["period__start"])] = row
    return finance_figures(quarter, commissions, profiles, spend)
