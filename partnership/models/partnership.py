from django.db import models
from django.urls import reverse


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
    area_name = models.CharField(max_length=120, help_text="The local authority area, e.g. 'London Borough of Haringey'.")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:overview", kwargs={"partnership_slug": self.slug})

