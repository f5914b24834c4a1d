"""Loading the demo indicators, their targets and results, this round's returns and the commissions.
Idempotent, like partnership.demo's loader: every row is found or created by its natural key."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from indicators.catalogue import load_catalogue
from indicators.models import (
    Agreement,
    AnnualTarget,
    BudgetProfile,
    CalculationSettings,
    CatalogueIndicator,
    Commission,
    Indicator,
    IndicatorReturn,
    Period,
    Result,
    SpendReturn,
)
from indicators.periods import KIND_FOR_FREQUENCY, PeriodKind, latest_ended, spans_in_year, year_span
from indicators.return_rules import ATTESTATION_FIELDS, Figures
from indicators.services.returns import decide_return, preview_status
from indicators.services.rounds import default_deadline, due_span, open_round
from indicators.status import Accumulation, default_profile
from indicators.values import default_accumulation
from indicators.workflow import ReturnAction, ReturnState
from partnership.demo.decisions import words_for
from partnership.demo.personas import PERSONAS
from partnership.models import Membership, Objective, Partnership, Theme
from partnership.roles import Role
from partnership.services.access import access_for

from .commissions import COMMISSIONS, DELIVERS, FUNDING, SHARES
from .halton import HALTON
from .haringey import HARINGEY
from .harrow import HARROW
from .sefton import SEFTON
from .spec import COUNT, PCT, RATING, YES_NO, H, Spec
from .variation import COLLATED_THEMES, RETURN_STATES, SPEND_PATTERN, WOBBLE

OFFICER = Role.LEAD_INFORMATION_OFFICER
SPECS = {"haringey": HARINGEY, "harrow": HARROW, "halton": HALTON, "sefton": SEFTON}


def rounded(value: Decimal, places="0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


class IndicatorDemoLoader:
    def __init__(self, today: dt.date | None = None):
        self.today = today or timezone.localdate()
        self.pending = {}  # (indicator id, span) -> the figure its return will carry

    @transaction.atomic
    def load(self):
        self.round_end = latest_ended(PeriodKind.QUARTER, self.today).end
        for slug, specs in SPECS.items():
            partnership = Partnership.objects.get(slug=slug)
            quarter = latest_ended(PeriodKind.QUARTER, self.today)
            # A deadline still ahead, so the demo shows a collation in progress whatever the date.
            deadline = max(default_deadline(quarter.end), self.today + dt.timedelta(days=14))
            round_ = open_round(partnership, quarter, deadline)
            for position, spec in enumerate(specs):
                indicator = self.load_indicator(partnership, spec)
                if spec.theme == COLLATED_THEMES.get(slug):
                    self.load_return(indicator, round_, ReturnState.SUBMITTED, by=self.member_of(indicator, OFFICER))
                else:
                    self.load_return(indicator, round_, RETURN_STATES[position % len(RETURN_STATES)])
            self.approve_collated(partnership, round_)
            for position, (theme_slug, name, kind, annual) in enumerate(COMMISSIONS.get(slug, [])):
                self.load_commission(partnership, theme_slug, name, kind, Decimal(annual), position)

    def load_indicator(self, partnership, spec: Spec):
        catalogue = CatalogueIndicator.objects.filter(code=spec.code).first()
        theme = Theme.objects.get(partnership=partnership, slug=spec.theme)

        def theme_members(role):
            return Membership.objects.filter(role_assignments__theme=theme, role_assignments__role=role).order_by("pk")

        outcome_lead = (
            self._seed_owner(partnership, theme, spec)
            or self._persona_outcome_lead(partnership, theme)
            or theme_members(Role.OUTCOME_LEAD).first()
        )
        years = partnership.agreement_years(self.today)
        indicator, _ = Indicator.objects.update_or_create(
            partnership=partnership,
            code=spec.code,
            defaults={
                "catalogue": catalogue,
                "title": spec.title or (catalogue.title if catalogue else spec.code),
                "definition": catalogue.unit_description if catalogue else "",
                "unit": spec.unit,
                "rate_per": spec.rate_per,
                "is_ratio": bool(spec.ratio),
                "numerator_label": spec.ratio[0] if spec.ratio else "",
                "denominator_label": spec.ratio[1] if spec.ratio else "",
                "allows_negative": spec.allows_negative,
                "polarity": spec.polarity,
                "frequency": spec.frequency,
                "accumulation": spec.accumulation or default_accumulation(spec.unit),
                "is_laa": spec.laa,
                "is_stretch": spec.stretch,
                "baseline_value": Decimal(spec.baseline) if spec.baseline else None,  # some have only a note
                "baseline_period": Period.objects.for_span(year_span(years[0] - 2)),
                "baseline_note": spec.baseline_note,
                "lead_theme": theme,
                "outcome_lead": outcome_lead,
                "delivery_manager": theme_members(Role.DELIVERY_MANAGER).first(),
                "objective": Objective.objects.filter(partnership=partnership, title=spec.objective).first()
                if spec.objective
                else None,
                "data_source": spec.data_source,
            },
        )
        indicator.contributing_themes.set(Theme.objects.filter(partnership=partnership, slug__in=spec.contributing))
        if spec.calculation:
            self.load_calculation(indicator, spec)
        for fy, target in zip(years, spec.targets, strict=True):
            target = Decimal(target)
            margin = abs(target) * Decimal(spec.margin) if spec.margin != "1" else Decimal(1 if spec.unit != PCT else 2)
            level = target - margin if spec.polarity == H else target + margin
            if spec.unit in (YES_NO, RATING):
                level = None  # yes/no has none; a rating is judged by grade
            AnnualTarget.objects.get_or_create(
                indicator=indicator,
                period=Period.objects.for_span(year_span(fy)),
                defaults={"value": target, "monitoring_level": level, "agreement": Agreement.AGREED},
            )
        history = [
            (years[0] - 1, Decimal(spec.baseline) if spec.baseline not in ("0", "") else Decimal(spec.targets[0]))
        ] + [(fy, Decimal(t)) for fy, t in zip(years, spec.targets, strict=True)]
        for (fy, annual), factor in zip(history, spec.performance, strict=False):
            self.load_results(indicator, spec, fy, annual, Decimal(factor))
        return indicator

    @staticmethod
    def load_calculation(indicator, spec: Spec):
        """A calculated indicator's kind and settings (its values are calculated by reporting.demo_harrow
        once everything they are calculated from is loaded)."""
        settings = dict(spec.calculation_settings)
        if "theme" in settings:
            settings["theme"] = Theme.objects.get(partnership=indicator.partnership, slug=settings["theme"])
        Indicator.objects.filter(pk=indicator.pk).update(calculation=spec.calculation)
        indicator.calculation = spec.calculation
        CalculationSettings.objects.update_or_create(indicator=indicator, defaults=settings)

    @staticmethod
    def _seed_owner(partnership, theme, spec: Spec):
        """The owner seed 002 names: the group's chair, or the owner of the partnership's objectives."""
        if spec.owner == "chair":
            return Membership.objects.filter(
                role_assignments__board=theme.board, role_assignments__role=Role.BOARD_CHAIR
            ).first()
        if spec.owner == "objective" and spec.objective:
            objective = Objective.objects.filter(partnership=partnership, title=spec.objective).first()
            return objective.owner if objective else None
        return None

    def load_results(self, indicator, spec: Spec, fy: int, annual: Decimal, factor: Decimal):
        kind = KIND_FOR_FREQUENCY[indicator.frequency]
        spans = spans_in_year(fy, kind)
        per_period = default_profile(annual, len(spans), Accumulation.SNAPSHOT)
        for index, span in enumerate(spans):
            if not span.has_ended(self.today):
                break
            wobble = WOBBLE[(index + fy + len(spec.code)) % len(WOBBLE)]
            # performance is actual / target, so above 1 is better for higher-is-better, worse for lower.
            achieved = factor * wobble if spec.unit not in (YES_NO, RATING) else factor
            value = per_period[index] * achieved
            if indicator.accumulation == Accumulation.CUMULATIVE:
                value = value / len(spans)  # the period's own count; the year to date is their sum
            if span.end == self.round_end:
                # This round's figures arrive as returns (see load_return), not as ready results.
                self.pending[(indicator.pk, span)] = value
                break
            fields = {"commentary": ""}
            if spec.ratio:
                denominator = Decimal(spec.ratio[2])
                fields.update(
                    numerator=rounded(value * denominator / indicator.scale, "1"), denominator=denominator, value=None
                )
            else:
                fields["value"] = rounded(value, "1" if spec.unit in (COUNT, YES_NO, RATING) else "0.1")
            Result.objects.get_or_create(indicator=indicator, period=Period.objects.for_span(span), defaults=fields)

    def load_return(self, indicator, round_, state, by=None):
        """This round's return in a given state; approved ones also become the period's result. One
        submitted `by` a person is off target only with the reason and the action its source gave."""
        span = due_span(round_, indicator)
        value = self.pending.get((indicator.pk, span))
        if span is None or value is None or state == ReturnState.NOT_STARTED:
            return
        period = Period.objects.for_span(span)
        figures = {"value": rounded(value, "1" if indicator.unit in (COUNT, YES_NO, RATING) else "0.1")}
        if indicator.is_ratio:
            denominator = Decimal(1000)
            figures = {"numerator": rounded(value * denominator / indicator.scale, "1"), "denominator": denominator}
        attested = {name: state != ReturnState.DRAFT for name in ATTESTATION_FIELDS}
        texts = {}
        if by is not None:
            status = preview_status(indicator, span, Figures(**figures), indicator.partnership.tolerance_percent)
            if status in ("amber", "red"):
                words = words_for(indicator.code, "executive board")
                texts = {"variance_reason": words.reason, "action_taken": words.action}
        ret, created = IndicatorReturn.objects.get_or_create(
            indicator=indicator,
            period=period,
            defaults={
                **figures,
                **attested,
                "state": state,
                "version": 1,
                "commentary": "Figures from the partner's system.",
                "return_reason": "Please check against the police figure." if state == ReturnState.RETURNED else "",
                "submitted_at": timezone.now() if state != ReturnState.DRAFT else None,
                "submitted_by": by.user if by else None,
                **texts,
            },
        )
        if created and state == ReturnState.APPROVED:
            Result.objects.get_or_create(
                indicator=indicator, period=period, defaults={**figures, "commentary": ret.commentary}
            )

    def load_commission(self, partnership, theme_slug, name, kind, annual, position):
        """A commission with this year's budget profiled evenly by quarter, approved spend for the
        earlier finished quarters and a return in progress for the latest one."""
        theme = Theme.objects.get(partnership=partnership, slug=theme_slug)
        manager = Membership.objects.filter(
            role_assignments__theme=theme, role_assignments__role=Role.DELIVERY_MANAGER
        ).first()
        commission, _ = Commission.objects.get_or_create(
            theme=theme,
            name=name,
            defaults={
                "kind": kind,
                "funding": FUNDING.get(partnership.slug, {}).get(name, Commission.Funding.ABG),
                **SHARES.get(partnership.slug, {}).get(name, {}),
                "manager": manager,
                "provider": list(partnership.organisations.order_by("pk"))[
                    position % partnership.organisations.count()
                ],
            },
        )
        codes = DELIVERS.get(partnership.slug, {}).get(name, ())
        commission.indicators.add(*Indicator.objects.for_partnership(partnership).filter(code__in=codes))
        latest = latest_ended(PeriodKind.QUARTER, self.today)
        for quarter in spans_in_year(latest.financial_year, PeriodKind.QUARTER):
            period = Period.objects.for_span(quarter)
            BudgetProfile.objects.get_or_create(commission=commission, period=period, defaults={"amount": annual / 4})
            if not quarter.has_ended(self.today):
                continue
            factor = SPEND_PATTERN[(position + quarter.number) % len(SPEND_PATTERN)]
            state = ReturnState.APPROVED if quarter != latest else RETURN_STATES[position % len(RETURN_STATES)]
            if state == ReturnState.NOT_STARTED:
                continue
            SpendReturn.objects.get_or_create(
                commission=commission,
                period=period,
                defaults={
                    "actual_spend": rounded(annual / 4 * factor),
                    "match_cash": rounded(annual / 40),
                    "match_in_kind": rounded(annual / 80),
                    "match_leverage": Decimal(0),
                    "state": state,
                    "version": 1,
                    "variance_reason": "Staff vacancy in the delivery team." if factor < 1 else "",
                    "action_taken": "Recruitment under way; underspend re-profiled to Q4." if factor < 1 else "",
                },
            )

    def approve_collated(self, partnership, round_):
        """The collated theme's Report Coordinator approves its submitted returns (before the ladder
        of intervention is judged, and before the chain drafts the theme's report in reporting.demo)."""
        returns = IndicatorReturn.objects.filter(
            indicator__partnership=partnership,
            indicator__lead_theme__slug=COLLATED_THEMES.get(partnership.slug),
            period__end=round_.period.end,  # a six-monthly indicator's half ends with the quarter
            state=ReturnState.SUBMITTED,
            locked_at=None,
        ).select_related("indicator__lead_theme", "period")
        for ret in returns:
            coordinator = self.member_of(ret.indicator, Role.REPORT_COORDINATOR)
            if coordinator is not None:
                decide_return(ret, action=ReturnAction.APPROVE, user=coordinator.user, access=access_for(coordinator))

    @staticmethod
    def member_of(indicator, role):
        """Who holds a role over the indicator's theme: a persona where one does."""
        members = Membership.objects.filter(
            role_assignments__theme=indicator.lead_theme, role_assignments__role=role
        ).select_related("user")
        personas = {persona.username for persona in PERSONAS}
        members = sorted(members, key=lambda m: (m.user.username not in personas, m.pk))
        return members[0] if members else None

    @staticmethod
    def _persona_outcome_lead(partnership, theme):
        return Membership.objects.filter(
            partnership=partnership,
            user__username="chair",
            role_assignments__theme=theme,
            role_assignments__role=Role.OUTCOME_LEAD,
        ).first()


def load_indicator_demo(today: dt.date | None = None):
    # The catalogue is loaded by a migration; a database emptied since (tests beside a live server
    # flush every table) has lost it, and the demo adopts national indicators from it.
    if not CatalogueIndicator.objects.exists():
        load_catalogue(CatalogueIndicator)
    IndicatorDemoLoader(today=today).load()
