from django.db import models
from simple_history.models import HistoricalRecords

from indicators.money import stream_fractions
from partnership.models import TenantModel

from .returns import WorkflowReturn

MONEY = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}
SHARE = {"max_digits": 5, "decimal_places": 2, "null": True, "blank": True}


class Commission(TenantModel):
    """A theme's commission (or legacy NRF project) funded from Area Based Grant (seed 001 §5.3)."""

    partnership_path = "theme__partnership"

    class Kind(models.TextChoices):
        COMMISSION = "commission", "Commission"
        PROJECT = "project", "Legacy project"

    class Funding(models.TextChoices):
        # Haringey (seed 001) keeps Area Based Grant apart from mainstream money in every report.
        ABG = "abg", "Area Based Grant"
        MAINSTREAM = "mainstream", "Mainstream budget"
        OTHER_GRANT = "other_grant", "Other grant"

    theme = models.ForeignKey("partnership.Theme", on_delete=models.PROTECT, related_name="commissions")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMMISSION)
    funding = models.CharField(
        max_length=12,
        choices=Funding.choices,
        default=Funding.ABG,
        help_text="The stream its budget comes from; match funding is recorded on its spend returns.",
    )
    # Its budget split between streams, in percent (blank: all from `funding`); `funding` is then the
    # largest share. Spend and profile are shared out by the same split in the reports.
    abg_share = models.DecimalField("Area Based Grant share (%)", **SHARE)
    mainstream_share = models.DecimalField("Mainstream budget share (%)", **SHARE)
    other_grant_share = models.DecimalField("Other grant share (%)", **SHARE)
    provider = models.ForeignKey(
        "partnership.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    manager = models.ForeignKey(
        "partnership.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The Delivery or Commission Manager.",
    )
    description = models.TextField(blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        blank=True,
        related_name="commissions",
        help_text="The LAA outcomes it is funded to deliver (seed 003: funded initiatives are linked to them).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__position", "name"]
        constraints = [models.UniqueConstraint(fields=["theme", "name"], name="commission_unique_name")]

    def __str__(self):
        return self.name

    SHARE_FIELDS = {
        Funding.ABG: "abg_share",
        Funding.MAINSTREAM: "mainstream_share",
        Funding.OTHER_GRANT: "other_grant_share",
    }

    def shares(self) -> dict:
        return {stream: getattr(self, name) for stream, name in self.SHARE_FIELDS.items()}

    @property
    def stream_fractions(self) -> dict:
        """{stream: fraction of its budget}, largest first (indicators.money.stream_fractions)."""
        return stream_fractions(self.funding, self.shares())

    @property
    def funding_display(self) -> str:
        """ "Area Based Grant", or the split: "Area Based Grant 60%, Mainstream budget 40%"."""
        fractions = self.stream_fractions
        labels = dict(self.Funding.choices)
        if len(fractions) == 1:
            return labels[next(iter(fractions))]
        return ", ".join(f"{labels[stream]} {(f * 100).normalize():f}%" for stream, f in fractions.items())


class BudgetProfile(TenantModel):
    """The budget profiled for one quarter of a commission."""

    partnership_path = "commission__theme__partnership"

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="budget_profile")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period__start"]
        constraints = [models.UniqueConstraint(fields=["commission", "period"], name="budget_profile_unique")]


class SpendReturn(WorkflowReturn):
    """A quarter's actual spend on a commission, with match funding (seed 003): same workflow,
    validation and audit as indicator returns."""

    partnership_path = "commission__theme__partnership"

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="spend_returns")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+")
    actual_spend = models.DecimalField(**MONEY)
    match_cash = models.DecimalField("Match funding: cash", **MONEY)
    match_in_kind = models.DecimalField("Match funding: in kind", **MONEY)
    match_leverage = models.DecimalField("Leverage / complementary funding", **MONEY)
    # What a funded initiative reports beside its money (seed 003): how it is becoming sustainable
    # or mainstreamed, who it works with, and how the community is involved.
    sustainability = models.TextField("Progress towards sustainability / mainstreaming", blank=True)
    partnership_working = models.TextField("Partnership working", blank=True)
    community_engagement = models.TextField("Community engagement", blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["commission__name", "period__start"]
        constraints = [models.UniqueConstraint(fields=["commission", "period"], name="spend_return_unique")]

    @property
    def theme_id(self):
        return self.commission.theme_id
