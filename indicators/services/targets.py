"""Setting an indicator's targets: each year's annual target and monitoring level, and its profile
across the year's periods. Every change is a save (or delete) of its own row, so the targets'
history says who changed which year or period, old -> new."""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from indicators.models import AnnualTarget, Indicator, Period, PeriodTarget
from indicators.periods import financial_year_label, year_span
from partnership.concurrency import StaleEdit, UnconfirmedRemoval


def targets_fingerprint(indicator) -> str:
    """A digest of the indicator's saved targets, to spot a save based on an out-of-date copy."""
    annual = (
        AnnualTarget.objects.filter(indicator=indicator)
        .order_by("period__start")
        .values_list("period__start", "value", "monitoring_level")
    )
    profile = (
        PeriodTarget.objects.filter(indicator=indicator).order_by("period__start").values_list("period__start", "value")
    )
    return hashlib.sha256(repr((list(annual), list(profile))).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class YearTargets:
    """One financial year of an indicator's targets as a form gives them (None: not set)."""

    fy: int
    target: Decimal | None
    monitoring_level: Decimal | None
    profile: dict = field(default_factory=dict)  # Span -> Decimal | None


def removals(indicator: Indicator, years: list[YearTargets]) -> list[str]:
    """The saved targets, monitoring levels and profiled targets these years would remove, in words."""
    annual = {
        t.period.span.financial_year: t
        for t in AnnualTarget.objects.filter(indicator=indicator).select_related("period")
    }
    profile = {t.period.span: t for t in PeriodTarget.objects.filter(indicator=indicator).select_related("period")}
    removed = []
    for year in years:
        saved, label = annual.get(year.fy), financial_year_label(year.fy)
        if saved is not None and year.target is None:
            removed.append(f"{label} target: {indicator.format(saved.value)}")
        if saved is not None and saved.monitoring_level is not None and year.monitoring_level is None:
            removed.append(f"{label} monitoring level: {indicator.format(saved.monitoring_level)}")
        removed += [
            f"{span.label} profiled target: {indicator.format(profile[span].value)}"
            for span, value in year.profile.items()
            if span in profile and value is None
        ]
    return removed


def save_targets(
    indicator: Indicator, years: list[YearTargets], *, expected_fingerprint: str | None, confirmed: bool = False
) -> None:
    """Save the years' targets inside a transaction, one indicator's save at a time. Saving nothing,
    raises StaleEdit if someone else saved since `expected_fingerprint`, and UnconfirmedRemoval if
    the save would remove a saved figure and is not `confirmed`."""
    with transaction.atomic():
        Indicator.objects.select_for_update().get(pk=indicator.pk)
        if expected_fingerprint != targets_fingerprint(indicator):
            raise StaleEdit()
        if (removed := removals(indicator, years)) and not confirmed:
            raise UnconfirmedRemoval(removed)
        for year in years:
            year_period = Period.objects.for_span(year_span(year.fy))
            _save_or_delete(
                AnnualTarget,
                indicator,
                year_period,
                year.target is not None,
                value=year.target,
                monitoring_level=year.monitoring_level,
            )
            for span, value in year.profile.items():
                _save_or_delete(PeriodTarget, indicator, Period.objects.for_span(span), value is not None, value=value)


def _save_or_delete(model, indicator, period, keep, **values):
    """Deleting leaves a record in the target's history, so no earlier value is lost."""
    existing = model.objects.filter(indicator=indicator, period=period).first()
    if not keep:
        if existing:
            existing.delete()
        return
    if existing is None:
        model.objects.create(indicator=indicator, period=period, **values)
        return
    changed = {key: value for key, value in values.items() if getattr(existing, key) != value}
    if changed:  # an unchanged row is not re-saved, so its history shows only real changes
        for key, value in changed.items():
            setattr(existing, key, value)
        existing.save()
