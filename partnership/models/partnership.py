from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from partnership.equality import LOWEST_MINIMUM
from partnership.years import financial_year_of


class PartnershipQuerySet(models.QuerySet):
    def for_user(self, user):
        """The partnerships this user is an active member of (none for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__is_active=True).distinct()


class Partnership(models.Model):
    """The tenant: a Local Strategic Partnership working to one Local Area Agreement."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in web addresses, e.g. /p/haringey/.")
    area_name = models.CharField(
        max_length=120, help_text="The local authority area, e.g. 'London Borough of Haringey'."
    )
    description = models.TextField(blank=True)
    tolerance_percent = models.DecimalField(
        "Tolerance (%)",
        max_digits=5,
        decimal_places=2,
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Where an indicator has no monitoring level, a result this close to its target is amber, not red.",
    )
    separate_approval = models.BooleanField(
        "Someone else approves each return",
        default=True,
        help_text="The person who submitted a return cannot approve it: a second person checks every figure before "
        "it counts (separation of duties).",
    )
    agreement_start_year = models.PositiveSmallIntegerField(
        "First year of the agreement",
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The financial year the three-year Local Area Agreement starts, e.g. 2025 for 2025/26.",
    )
    monitoring_minimum_count = models.PositiveSmallIntegerField(
        "Smallest number shown in equality monitoring and surveys",
        default=5,
        validators=[
            MinValueValidator(
                LOWEST_MINIMUM, f"Enter {LOWEST_MINIMUM} or more: a smaller number could let someone be picked out."
            )
        ],
        help_text="Protects members' privacy: the make-up of the partnership (ethnic group, sex, religion, age, "
        "disability) is shown only where at least this many members answered, and never a group of fewer than this "
        "many people (other than none); a self-assessment survey's results are shown only where at least this many "
        f"members answered it. So nobody's answers can be picked out. At least {LOWEST_MINIMUM}.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monitoring_minimum_count__gte=LOWEST_MINIMUM),
                name="partnership_monitoring_minimum_at_least_3",
                violation_error_message=f"The smallest number shown must be {LOWEST_MINIMUM} or more.",
            )
        ]

    def __str__(self):
        return self.name

    def agreement_years(self, today) -> list[int]:
        """The three financial years of the agreement (by default, last year to next year)."""
        first = self.agreement_start_year
        if first is None:
            first = financial_year_of(today) - 1
        return [first, first + 1, first + 2]

    def submitted_it(self, ret, user) -> bool:
        """Whether `user` submitted `ret` and so, where duties are separated, may not approve it."""
        return (
            self.separate_approval
            and ret is not None
            and ret.submitted_by_id is not None
            and ret.submitted_by_id == user.pk
        )

    def get_absolute_url(self):
        return reverse("partnership:overview", kwargs={"partnership_slug": self.slug})
