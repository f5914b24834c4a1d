"""Calculated indicators: gathering what each is calculated from, and recording its value.

A calculation's value is kept as a version (indicators.models.ComputedValue) with its inputs, and
the latest version is the indicator's Result, so targets, status, forecast, dashboards and the
ladder treat it like any indicator. When a theme's snapshot is taken the versions it shows are
frozen: the periodic job no longer recalculates a frozen period, and calculating it again (by hand,
or for a later snapshot version) makes a new version: the snapshot a board saw keeps its figure.

Lives in reporting because it reads every app below it: statuses (indicators), the risk register
(escalation), the self-assessment survey and the members' monitoring forms.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from escalation.models import Risk, RiskStatus
from indicators.calculations import (
    CalculationKind,
    Computation,
    IndicatorSet,
    absolute_variance,
    calculation_order,
    evaluate,
    parse_formula,
    share,
    share_of_statuses,
)
from indicators.models import CalculationSettings, Commission, ComputedValue, Indicator, Period, Result
from indicators.periods import KIND_FOR_FREQUENCY, PeriodKind, Span, latest_ended
from indicators.services.money import commission_summaries
from indicators.services.results import summarise
from indicators.services.rounds import due_returns
from indicators.status import Observation, period_value
from indicators.workflow import ReturnState
from partnership.years import end_of
from reporting.services.stored import as_stored

PLACES = Decimal("0.0001")  # as stored


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def counted_indicators(partnership, settings: CalculationSettings):
    """The returned indicators a share counts: calculated ones are left out, so no share counts
    itself or another share."""
    indicators = Indicator.objects.for_partnership(partnership).filter(calculation=CalculationKind.RETURNED)
    if settings.theme_id:
        indicators = indicators.filter(lead_theme_id=settings.theme_id)
    if settings.objective_id:
        indicators = indicators.filter(objective_id=settings.objective_id)
    if settings.indicator_set == IndicatorSet.LAA:
        indicators = indicators.filter(is_laa=True)
    elif settings.indicator_set == IndicatorSet.STRETCH:
        indicators = indicators.filter(is_stretch=True)
    return list(indicators.select_related("partnership"))


def share_green(indicator, settings, span: Span) -> Computation:
    indicators = counted_indicators(indicator.partnership, settings)
    # As a dashboard for that quarter sees them (reporting.services.snapshots.quarter_as_of).
    summaries = summarise(indicators, indicator.partnership.tolerance_percent, span.end + dt.timedelta(days=1))
    return share_of_statuses({i.code: str(summaries[i.pk].status) for i in indicators})


def risks_at_or_above(indicator, settings, span: Span) -> Computation:
    register = Risk.history.as_of(end_of(span.end)).filter(
        partnership_id=indicator.partnership_id, status=RiskStatus.OPEN
    )
    risks = sorted(((risk.score, risk.title) for risk in register), reverse=True)
    counted = [(score, title) for score, title in risks if score >= settings.risk_score]
    return Computation(
        value=len(counted),
        inputs={"risk_score": settings.risk_score, "open_risks": len(risks), "counted": counted},
        summary=f"{len(counted)} of {len(risks)} open risks on the register scored {settings.risk_score} or more "
        f"on {_day(span.end)}.",
    )


def spend_variance(indicator, settings, span: Span) -> Computation:
    quarter = span if span.kind == PeriodKind.QUARTER else latest_ended(PeriodKind.QUARTER, span.end)
    commissions = Commission.objects.for_partnership(indicator.partnership)
    if settings.theme_id:
        commissions = commissions.filter(theme_id=settings.theme_id)
    commissions = list(commissions)
    money = commission_summaries(commissions, quarter.financial_year, quarter)
    spend = sum((m.spend_to_date for m in money.values()), start=0)
    profile = sum((m.profile_to_date for m in money.values()), start=0)
    computation = absolute_variance(spend, profile)
    return Computation(
        computation.value,
        computation.numerator,
        computation.denominator,
        {**computation.inputs, "commissions": len(commissions), "to": quarter.label},
        computation.summary,
    )


def theme_returns(indicator, settings, span: Span):
    from indicators.models import ReturnRound

    round_ = ReturnRound.objects.filter(partnership_id=indicator.partnership_id, period__end=span.end).first()
    if round_ is None:
        return None, []
    return round_, due_returns(round_, counted_indicators(indicator.partnership, settings))


def returns_on_time(indicator, settings, span: Span) -> Computation:
    round_, due = theme_returns(indicator, settings, span)
    if round_ is None:
        return Computation(summary=f"No returns were asked for {span.label}.")
    late = [
        item.indicator.code
        for item in due
        if not (item.ret and item.ret.submitted_at)
        or timezone.localdate(item.ret.submitted_at) > round_.collation_deadline
    ]
    on_time = len(due) - len(late)
    return share(
        on_time,
        len(due),
        summary=f"{on_time} of {len(due)} returns were submitted by the deadline ({_day(round_.collation_deadline)}).",
        inputs={"late_or_missing": late, "deadline": round_.collation_deadline.isoformat()},
    )


ATTESTATIONS = ("dq_accurate", "dq_valid", "dq_reliable", "dq_timely", "dq_relevant", "dq_complete")


def returns_attested(indicator, settings, span: Span) -> Computation:
    round_, due = theme_returns(indicator, settings, span)
    if round_ is None:
        return Computation(summary=f"No returns were asked for {span.label}.")
    submitted = (ReturnState.SUBMITTED, ReturnState.APPROVED)
    attested = [
        item.indicator.code
        for item in due
        if item.ret and item.ret.state in submitted and all(getattr(item.ret, name) for name in ATTESTATIONS)
    ]
    return share(
        len(attested),
        len(due),
        summary=f"{len(attested)} of {len(due)} returns attest all six data-quality standards.",
        inputs={"attested": attested},
    )


def formula_value(indicator, settings, span: Span) -> Computation:
    formula = parse_formula(settings.formula)
    operands = {
        i.code: i for i in Indicator.objects.for_partnership(indicator.partnership).filter(code__in=formula.references)
    }
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(
            indicator__in=operands.values(), period__kind=span.kind, period__start=span.start
        )
    }
    values = {}
    for code in formula.references:
        operand, result = operands.get(code), None
        if operand is not None:
            result = results.get(operand.pk)
        observation = Observation(result.value, result.numerator, result.denominator) if result else None
        values[code] = period_value(observation, operand.scale) if operand else None
    value = evaluate(formula, values)
    missing = [code for code, v in values.items() if v is None]
    summary = (
        f"{settings.formula} = {indicator.format(value)}"
        if value is not None
        else f"Not calculated for {span.label}: "
        + (f"no value for {', '.join(missing)}." if missing else "division by zero.")
    )
    return Computation(
        value=value, inputs={code: str(v) if v is not None else None for code, v in values.items()}, summary=summary
    )


def survey_agreement(indicator, settings, span: Span) -> Computation:
    from surveys.services.results import agreement_for_indicator

    agreement = agreement_for_indicator(indicator, on_or_before=span.end)
    if agreement is None:
        return Computation(
            summary=f"No results of a self-assessment survey feeding {indicator.code} by {_day(span.end)}: none had "
            "closed, or too few members answered it for its results to be shown."
        )
    return share(
        agreement.agreeing,
        agreement.answered,
        summary=f"{agreement.agreeing} of {agreement.answered} answers strongly agree or agree.",
    )


def make_up(indicator, settings, span: Span) -> Computation:
    from partnership.services.monitoring import member_share

    result = member_share(indicator.partnership, settings.measure, as_of=span.end)
    if result.percent is None:
        return Computation(inputs={"withheld": result.withheld}, summary=f"Not shown: {result.withheld}")
    return share(
        result.count,
        result.answered,
        summary=f"From {result.answered} members' monitoring forms (only totals are kept).",
    )


CALCULATE = {
    CalculationKind.SHARE_GREEN: share_green,
    CalculationKind.RISKS: risks_at_or_above,
    CalculationKind.SPEND_VARIANCE: spend_variance,
    CalculationKind.ON_TIME: returns_on_time,
    CalculationKind.ATTESTED: returns_attested,
    CalculationKind.FORMULA: formula_value,
    CalculationKind.AGREEMENT: survey_agreement,
    CalculationKind.MAKE_UP: make_up,
}


def calculate(indicator, span: Span) -> Computation:
    return CALCULATE[indicator.calculation](indicator, CalculationSettings.of(indicator), span)


# --- recording ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    version: ComputedValue
    made: bool  # False: the latest version already had these figures (or was frozen)


def record(indicator, span: Span, *, reason: str, user=None, after_freeze: bool = False) -> Recorded | None:
    """Calculate the indicator for `span` and keep a new version if its figures or inputs changed.
    A frozen latest version is recalculated only when `after_freeze` (by hand, or for a new
    snapshot version); the new version never changes the frozen one."""
    if not indicator.is_calculated:
        return None
    period = Period.objects.for_span(span)
    with transaction.atomic():
        Indicator.objects.select_for_update().filter(pk=indicator.pk).first()  # one calculation at a time
        latest = ComputedValue.objects.filter(indicator=indicator, period=period).order_by("-version").first()
        if latest and latest.frozen_at and not after_freeze:
            return Recorded(latest, False)
        computation = calculate(indicator, span)
        if latest and _same(latest, computation):
            return Recorded(latest, False)
        version = ComputedValue.objects.create(
            indicator=indicator,
            period=period,
            version=latest.version + 1 if latest else 1,
            kind=indicator.calculation,
            value=_stored(computation.value),
            numerator=_stored(computation.numerator),
            denominator=_stored(computation.denominator),
            inputs=as_stored(computation.inputs),
            summary=computation.summary,
            reason=reason[:200],
            computed_by=user,
        )
        write_result(indicator, period, computation, reason)
    return Recorded(version, True)


def _stored(number) -> Decimal | None:
    return None if number is None else Decimal(number).quantize(PLACES)


def _same(latest: ComputedValue, computation: Computation) -> bool:
    figures = (computation.value, computation.numerator, computation.denominator)
    return latest.figures == tuple(map(_stored, figures)) and latest.inputs == as_stored(computation.inputs)


def write_result(indicator, period, computation: Computation, reason: str) -> None:
    """The latest calculation is the indicator's Result (with its history); none when there is no
    value (a withheld make-up, a survey not run yet)."""
    result = Result.objects.filter(indicator=indicator, period=period).first()
    if not computation.has_value:
        if result:
            result._change_reason = f"Calculated: no value ({reason})"[:100]
            result.delete()
        return
    result = result or Result(indicator=indicator, period=period)
    figures = (computation.value, computation.numerator, computation.denominator)
    result.value, result.numerator, result.denominator = map(_stored, figures)
    result.commentary = computation.summary
    result._change_reason = f"Calculated: {reason}"[:100]
    result.save()


def calculated_in_order(indicators) -> list:
    """Calculated indicators with every formula after the calculated indicators it uses."""
    calculated = {i.pk: i for i in indicators if i.is_calculated}
    by_code = {i.code: i.pk for i in calculated.values()}
    needs = {}
    for pk, indicator in calculated.items():
        settings = CalculationSettings.of(indicator)
        refs = parse_formula(settings.formula).references if indicator.calculation == CalculationKind.FORMULA else ()
        needs[pk] = [by_code[code] for code in refs if code in by_code]
    return [calculated[pk] for pk in calculation_order(needs)]


def span_for(indicator, day: dt.date) -> Span:
    """The indicator's latest period ended before `day`."""
    return latest_ended(KIND_FOR_FREQUENCY[indicator.frequency], day)


def calculated_indicators(partnership, **filters) -> list:
    return list(
        Indicator.objects.for_partnership(partnership)
        .filter(**filters)
        .exclude(calculation=CalculationKind.RETURNED)
        .select_related("partnership", "calculation_settings")
    )


def refresh_partnership(partnership, today: dt.date) -> int:
    """The periodic job's step: calculate every calculated indicator's latest ended period that no
    board has been shown yet. Returns the number of new versions."""
    made = 0
    for indicator in calculated_in_order(calculated_indicators(partnership)):
        recorded = record(indicator, span_for(indicator, today), reason="Calculated by the periodic job")
        made += bool(recorded and recorded.made)
    return made


def freeze_for_snapshot(theme, as_of: dt.date, reason: str) -> list[ComputedValue]:
    """Before a theme's snapshot: calculate its calculated indicators for the quarter (again, if a
    board already saw an earlier figure: that one is kept) and mark the versions it will show."""
    frozen = []
    now = timezone.now()
    for indicator in calculated_in_order(calculated_indicators(theme.partnership, lead_theme=theme)):
        recorded = record(indicator, span_for(indicator, as_of), reason=reason, after_freeze=True)
        if recorded is None:
            continue
        version = recorded.version
        if version.frozen_at is None:
            ComputedValue.objects.filter(pk=version.pk, frozen_at=None).update(
                frozen_at=now, frozen_reason=reason[:200]
            )
        frozen.append(version)
    return frozen
