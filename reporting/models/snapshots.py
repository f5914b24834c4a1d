from django.db import models

from partnership.models import TenantModel

from .cycles import ReportingCycle


class ThemeSnapshot(TenantModel):
    """A theme's dashboard data frozen at the exception-report milestone: what the exception
    report, the HSP/PMG report and past board packs are built from."""

    partnership_path = "cycle__partnership"

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="snapshots")
    theme = models.ForeignKey("partnership.Theme", on_delete=models.PROTECT, related_name="snapshots")
    frozen_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField()

    class Meta:
        ordering = ["theme__position"]
        constraints = [models.UniqueConstraint(fields=["cycle", "theme"], name="snapshot_once_per_theme")]
