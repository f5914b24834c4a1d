"""Setting an indicator's targets: each year's annual target and monitoring level, and its profile
across the year's periods. Every change is a save (or delete) of its own row, so the targets'
history says who changed which year or period, old -> new.

A year whose target, monitoring level or profile changes is *proposed* again, by whoever saved
it, and counts for status only once someone on the executive board agrees it (`agree_targets`;
the rule is indicators.agreement, docs/targets.md)."""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from indicators.agreement import agreement_refusal
from indicators.models import Agreement, AnnualTarget, Indicator, Period, PeriodTarget
from indicators.periods import financial_year_label, year_span
from partnership.concurrency import StaleEdit, UnconfirmedRemoval


def targets_fingerprint(indicator) -> str:
    """A digest of the indicator's saved targets, to spot a save based on an out-of-date copy."""
    annual = (
        AnnualTarget.objects.filter(indicator=indicator)
        .order_by("period__start")
        .values_list("period__start", "value", "monitoring_level", "agreement")
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


class AgreementRefused(Exception):
    """Agreeing was refused: `reason` says why, in words for the person who tried."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def save_targets(
    indicator: Indicator,
    years: list[YearTargets],
    *,
    expected_fingerprint: str | None,
    confirmed: bool = False,
    by=None,
    agreed: bool = False,
) -> None:
    """Save the years' targets inside a transaction, one indicator's save at a time. Saving nothing,
    raises StaleEdit if someone else saved since `expected_fingerprint`, and UnconfirmedRemoval if
    the save would remove a saved figure and is not `confirmed`. Each year that changes is proposed
    by `by` (a User); `agreed` records it agreed at once (set-up from spreadsheets: the agreement as
    signed, loaded by an administrator)."""
    with transaction.atomic():
        Indicator.objects.select_for_update().get(pk=indicator.pk)
        if expected_fingerprint != targets_fingerprint(indicator):
            raise StaleEdit()
        if (removed := removals(indicator, years)) and not confirmed:
            raise UnconfirmedRemoval(removed)
        for year in years:
            profile_changed = False
            for span, value in year.profile.items():
                period = Period.objects.for_span(span)
                profile_changed |= _save_or_delete(PeriodTarget, indicator, period, value is not None, value=value)
            year_period = Period.objects.for_span(year_span(year.fy))
            values = {"value": year.target, "monitoring_level": year.monitoring_level}
            existing = AnnualTarget.objects.filter(indicator=indicator, period=year_period).first()
            if year.target is not None and (existing is None or _changes(existing, values) or profile_changed):
                values.update(_agreement_fields(by, agreed))
            _save_or_delete(AnnualTarget, indicator, year_period, year.target is not None, **values)


def _agreement_fields(by, agreed: bool) -> dict:
    now = timezone.now()
    if agreed:
        return dict(agreement=Agreement.AGREED, proposed_by=by, proposed_at=now, agreed_by=by, agreed_at=now)
    return dict(agreement=Agreement.PROPOSED, proposed_by=by, proposed_at=now, agreed_by=None, agreed_at=None)


def agree_targets(
    indicator: Indicator, fy: int, *, by, access, executive_board_ids, expected_fingerprint: str | None
) -> AnnualTarget:
    """Record the executive board's agreement to a year's proposed targets (target, monitoring
    level and profile), by `by` (a User). Raises StaleEdit if the targets changed since
    `expected_fingerprint` (the person agreed to what they saw, not to what is saved now), and
    AgreementRefused where indicators.agreement says no."""
    with transaction.atomic():
        Indicator.objects.select_for_update().get(pk=indicator.pk)
        if expected_fingerprint != targets_fingerprint(indicator):
            raise StaleEdit()
        target = AnnualTarget.objects.filter(indicator=indicator, period__start=year_span(fy).start).first()
        if target is None:
            raise AgreementRefused("There are no targets for that year to agree.")
        refusal = agreement_refusal(
            agreement=target.agreement,
            access=access,
            executive_board_ids=executive_board_ids,
            proposed_it=target.proposed_by_id is not None and target.proposed_by_id == by.pk,
        )
        if refusal:
            raise AgreementRefused(refusal)
        target.agreement, target.agreed_by, target.agreed_at = Agreement.AGREED, by, timezone.now()
        target._change_reason = "Agreed"
        target.save()
        return target


def _changes(existing, values: dict) -> dict:
    return {key: value for key, value in values.items() if getattr(existing, key) != value}


def _save_or_delete(model, indicator, period, keep, **values) -> bool:
    """Whether it changed anything. Deleting leaves a record in the target's history, so no earlier
    value is lost."""
    existing = model.objects.filter(indicator=indicator, period=period).first()
    if not keep:
        if existing:
            existing.delete()
        return existing is not None
    if existing is None:
        model.objects.create(indicator=indicator, period=period, **values)
        return True
    changed = _changes(existing, values)
    if changed:  # an unchanged row is not re-saved, so its history shows only real changes
        for key, value in changed.items():
            setattr(existing, key, value)
        existing.save()
    return bool(changed)
