"""The one tenant-scoping path.

Every tenant-owned model uses `TenantManager` and names the lookup from itself to its
`Partnership` in `partnership_path`; views reach tenant data only through
`Model.objects.for_partnership(p)` (see `partnership.views.base.PartnershipMixin`).
"""

from django.db import models


class TenantQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        path = self.model.partnership_path
        return self.filter(**{path: partnership})


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    pass


class TenantModel(models.Model):
    """A row that belongs to exactly one partnership (directly or through its parent)."""

    partnership_path = "partnership"

    objects = TenantManager()

    class Meta:
        abstract = True

    def get_partnership(self):
        obj = self
        for step in self.partnership_path.split("__"):
            obj = getattr(obj, step)
        return obj
