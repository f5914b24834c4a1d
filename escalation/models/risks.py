from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from escalation import risk as scoring
from partnership.models import TenantModel

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(TenantModel):
    """An entry in the partnership's risk register (seed 004: performance and risk as one agenda),
    linked to the indicators it threatens and the themes it sits in."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    likelihood = models.PositiveSmallIntegerField(choices=scoring.Likelihood.choices, validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(choices=scoring.Impact.choices, validators=ONE_TO_FIVE)
    # Stored so lists can sort and filter by it; always likelihood × impact (set in save()).
    score = models.PositiveSmallIntegerField(editable=False)
    owner = models.ForeignKey(
        "partnership.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_risks"
    )
    mitigation = models.TextField()
    indicators = models.ManyToManyField("indicators.Indicator", blank=True, related_name="risks")
    themes = models.ManyToManyField("partnership.Theme", blank=True, related_name="risks")
    review_date = models.DateField()
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-score", "review_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scales_one_to_five",
            ),
            models.UniqueConstraint(fields=["partnership", "title"], name="risk_unique_title"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.score = scoring.score(self.likelihood, self.impact)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"likelihood", "impact"} & set(update_fields)):
            kwargs["update_fields"] = set(update_fields) | {"score"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("escalation:risk_detail", kwargs={"partnership_slug": self.partnership.slug, "risk_id": self.pk})

    @property
    def band(self):
        return scoring.band(self.score)

    @property
    def is_highlighted(self):
        return scoring.is_highlighted(self.score)

    def is_due_for_review(self, today=None) -> bool:
        return self.status == RiskStatus.OPEN and self.review_date <= (today or timezone.localdate())
