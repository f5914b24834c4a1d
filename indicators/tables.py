import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from indicators.models import AnnualTarget, CatalogueIndicator, Indicator
from indicators.money import MONEY_FIELDS
from indicators.status import STATUS_MEANING
from indicators.templatetags.indicator_tags import direction, sparkline, status_tag
from indicators.values import Unit, format_value

NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
}


class IndicatorTable(tables.Table):
    """Rows are Indicator objects carrying `.summary` (from indicators.services.summarise)."""

    SCREEN_HIDDEN = ("code", "frequency", "is_laa")

    code = tables.Column(linkify=True)
    title = tables.Column(verbose_name="Indicator", linkify=True, order_by=("code",))
    lead_theme = tables.Column(
        verbose_name="Lead theme", accessor="lead_theme__name", order_by=("lead_theme__position", "lead_theme__name")
    )
    period = tables.Column(
        verbose_name="Latest period",
        accessor="summary__latest__span",
        default="None yet",
        order_by=("summary__latest__span",),
    )
    actual = tables.Column(
        verbose_name="Actual", accessor="summary__latest__assessment__compared", attrs=NUMERIC, default="–"
    )
    target = tables.Column(
        verbose_name="Target", accessor="summary__latest__assessment__target", attrs=NUMERIC, default="–"
    )
    status = tables.Column(verbose_name="Status", accessor="summary__status", order_by=("status_rank",))
    direction = tables.Column(
        verbose_name="Since last period",
        accessor="summary__latest__assessment__direction_from_previous",
        default="–",
        orderable=False,
    )
    forecast = tables.Column(verbose_name="Year-end forecast", accessor="summary__forecast")
    trend = tables.Column(verbose_name="Trend", empty_values=(), orderable=False, exclude_from_export=True)
    outcome_lead = tables.Column(
        verbose_name="Outcome Lead",
        accessor="outcome_lead__display_name",
        default="–",
        order_by=("outcome_lead__user__last_name",),
    )
    frequency = tables.Column()
    is_laa = tables.BooleanColumn(verbose_name="LAA", yesno="Yes,No")

    class Meta:
        model = Indicator
        fields = [
            "code",
            "title",
            "lead_theme",
            "period",
            "actual",
            "target",
            "status",
            "direction",
            "forecast",
            "trend",
            "outcome_lead",
            "frequency",
            "is_laa",
        ]
        # Frequency and LAA designation are in the CSV; on screen the title carries an LAA tag.
        order_by = ("lead_theme", "code")
        empty_text = "No indicators match these filters."

    def __init__(self, *args, for_export=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_export:
            for name in self.SCREEN_HIDDEN:
                self.columns.hide(name)

    def render_title(self, record, value):
        tag = (
            mark_safe(' <strong class="govuk-tag govuk-tag--blue app-tag--small">LAA</strong>') if record.is_laa else ""
        )
        return format_html('<span class="app-code">{}</span> {}{}', record.code, value, tag)

    def value_title(self, value):
        return value

    def render_period(self, value):
        return value.label

    def value_period(self, value):
        return value.label if value else ""

    def render_actual(self, record, value):
        return record.format(value)

    def render_target(self, record, value):
        return record.format(value)

    def render_status(self, value):
        return status_tag(value)

    def value_status(self, value):
        return f"{value.label}: {STATUS_MEANING[value]}"

    def render_direction(self, value):
        return direction(value)

    def value_direction(self, value):
        return value.label

    def render_forecast(self, value):
        return value.label

    def render_trend(self, record):
        return sparkline(record, record.summary)

    def render_frequency(self, record):
        return record.get_frequency_display()


TO_BE_CONFIRMED = mark_safe('<strong class="govuk-tag govuk-tag--grey">To be confirmed</strong>')


def title_form_tag(entry) -> str:
    """A yellow tag on a title cut in the source or a council's short label; "" on a full title."""
    if entry.title_confirmed:
        return ""
    return format_html(' <strong class="govuk-tag govuk-tag--yellow">{}</strong>', entry.get_title_form_display())


class CatalogueTable(tables.Table):
    """Rows are CatalogueIndicator entries: each field the source gives, or "To be confirmed"."""

    code = tables.Column()
    title = tables.Column()
    polarity = tables.Column(empty_values=())
    unit_description = tables.Column(empty_values=(), verbose_name="Unit")
    frequency_description = tables.Column(empty_values=(), verbose_name="Frequency")
    source_url = tables.Column(empty_values=(), orderable=False, verbose_name="Source")
    adopt = tables.Column(empty_values=(), orderable=False, verbose_name="", exclude_from_export=True)

    class Meta:
        model = CatalogueIndicator
        fields = ["code", "title", "polarity", "unit_description", "frequency_description", "source_url", "adopt"]
        order_by = ("code",)

    def __init__(self, *args, adopted=(), adopt_url="", can_adopt=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.adopted, self.adopt_url, self.can_adopt = set(adopted), adopt_url, can_adopt
        if not can_adopt:
            self.columns.hide("adopt")

    def order_code(self, queryset, is_descending):
        return queryset.order_by(("-" if is_descending else "") + "number"), True

    def render_title(self, record):
        tag = title_form_tag(record)
        withdrawn = (
            mark_safe(' <strong class="govuk-tag govuk-tag--red">Withdrawn</strong>') if record.withdrawn else ""
        )
        return format_html("{}{}{}", record.title, tag, withdrawn)

    def value_title(self, record):
        return record.title if record.title_confirmed else f"{record.title} [{record.get_title_form_display()}]"

    def render_polarity(self, record):
        return record.get_polarity_display() if record.polarity else TO_BE_CONFIRMED

    def value_polarity(self, record):
        return record.get_polarity_display() if record.polarity else "To be confirmed"

    def render_unit_description(self, record):
        return record.unit_description or TO_BE_CONFIRMED

    def value_unit_description(self, record):
        return record.unit_description or "To be confirmed"

    def render_frequency_description(self, record):
        return record.frequency_description or TO_BE_CONFIRMED

    def value_frequency_description(self, record):
        return record.frequency_description or "To be confirmed"

    def render_source_url(self, record):
        if record.source_link:
            return format_html(
                '<a class="govuk-link" href="{}" rel="noreferrer noopener">From source'
                '<span class="govuk-visually-hidden"> for {}</span></a>',
                record.source_link,
                record.code,
            )
        return record.source_url or TO_BE_CONFIRMED

    def value_source_url(self, record):
        return record.source_url

    def render_adopt(self, record):
        if record.pk in self.adopted:
            return "Adopted"
        if record.withdrawn:
            return "Withdrawn"
        return format_html(
            '<a class="govuk-link" href="{}?catalogue={}">Adopt<span class="govuk-visually-hidden"> {}</span></a>',
            self.adopt_url,
            record.pk,
            record.code,
        )


def money(amount):
    return format_value(amount, Unit.MONEY, places=2)


def money_in_history(name: str, value) -> str | None:
    """Money fields (spend, match funding, budget profiles) as money in a history; None for others."""
    return money(value) if name in (*MONEY_FIELDS, "amount") and value is not None else None


class CommissionTable(tables.Table):
    """Rows are Commission objects carrying `.summary` (indicators.services.money.commission_summaries)."""

    theme = tables.Column(accessor="theme__name", order_by=("theme__position", "theme__name"))
    name = tables.Column(verbose_name="Commission or project")
    kind = tables.Column(verbose_name="Type")
    funding = tables.Column(verbose_name="Funded from")
    provider = tables.Column(accessor="provider__name", default="–")
    annual_budget = tables.Column(verbose_name="Annual budget", accessor="summary__annual_budget", attrs=NUMERIC)
    profile_to_date = tables.Column(verbose_name="Profile to date", accessor="summary__profile_to_date", attrs=NUMERIC)
    spend_to_date = tables.Column(
        verbose_name="Approved spend to date", accessor="summary__spend_to_date", attrs=NUMERIC
    )
    variance = tables.Column(verbose_name="Variance from profile", accessor="summary__variance_words", orderable=False)
    match_total = tables.Column(verbose_name="Match funding", accessor="summary__match_total", attrs=NUMERIC)
    delivers = tables.Column(verbose_name="Outcomes it delivers", empty_values=(), orderable=False)

    class Meta:
        empty_text = "No commissions or projects match these filters."

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def render_delivers(self, record):
        return ", ".join(indicator.code for indicator in record.indicators.all()) or "–"  # prefetched, by code

    def value_delivers(self, record):
        return self.render_delivers(record)

    def render_name(self, record, value):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse(
                "indicators:commission_detail",
                kwargs={"partnership_slug": self.partnership.slug, "commission_id": record.pk},
            ),
            value,
        )

    def value_name(self, value):
        return value

    def render_kind(self, record):
        return record.get_kind_display()

    def render_funding(self, record):
        return record.funding_display

    def value_funding(self, record):
        return record.funding_display

    def render_annual_budget(self, value):
        return money(value)

    def render_profile_to_date(self, value):
        return money(value)

    def render_spend_to_date(self, value):
        return money(value)

    def render_match_total(self, value):
        return money(value)

    def value_variance(self, record):
        # The CSV has the number too, for sums in a spreadsheet.
        variance = record.summary.variance
        return "" if variance is None else f"{variance:.1f}"


class ProposedTargetTable(tables.Table):
    """Rows are proposed AnnualTargets with their indicator, period and proposer loaded."""

    indicator = tables.Column(verbose_name="Indicator", linkify=True, order_by=("indicator__code", "period__start"))
    lead_theme = tables.Column(verbose_name="Lead theme", accessor="indicator__lead_theme__name")
    period = tables.Column(verbose_name="Year", order_by=("period__start",))
    value = tables.Column(verbose_name="Proposed target", attrs=NUMERIC)
    monitoring_level = tables.Column(verbose_name="Monitoring level", attrs=NUMERIC, default="–")
    proposed_by = tables.Column(verbose_name="Proposed by", default="–", order_by=("proposed_by__last_name",))
    proposed_at = tables.DateTimeColumn(verbose_name="Proposed on", format="j F Y", default="–")

    class Meta:
        model = AnnualTarget
        fields = ["indicator", "lead_theme", "period", "value", "monitoring_level", "proposed_by", "proposed_at"]
        order_by = ("indicator",)
        empty_text = "No targets are awaiting agreement."

    def render_indicator(self, record):
        return format_html('<span class="app-code">{}</span> {}', record.indicator.code, record.indicator.title)

    def value_indicator(self, record):
        return f"{record.indicator.code} {record.indicator.title}"

    def render_value(self, record, value):
        return record.indicator.format(value)

    def render_monitoring_level(self, record, value):
        return record.indicator.format(value)

    def render_proposed_by(self, value):
        return value.get_full_name() or value.username
