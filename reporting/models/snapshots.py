from django.db import models

from partnership.models import TenantModel

from .cycles import ReportingCycle


class ThemeSnapshot(TenantModel):
    """A theme's dashboard data frozen for a quarter: what the exception report, the HSP/PMG report
    and past board packs are built from.

    Taken when the theme's last due return is approved (or at the collation deadline, whichever is
    first); a late approval before the exception-report deadline takes a new version, and the
    exception report moves to it keeping the text already written (reporting.services.snapshots)."""

    partnership_path = "cycle__partnership"

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="snapshots")
    theme = models.ForeignKey("partnership.Theme", on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveIntegerField(default=1)
    reason = models.CharField(max_length=200, blank=True, help_text="What made this version.")
    frozen_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField()

    class Meta:
        ordering = ["theme__position", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "theme", "version"], name="snapshot_once_per_theme_version")
        ]

    def __str__(self):
        return f"{self.theme} {self.cycle.period} (version {self.version})"


class LiveDashboard(TenantModel):
    """A theme's current dashboard, computed when its data changes (an approval, a target, a spend
    return) rather than on every request.

    A change bumps `generation`; a refresh records the generation it read before computing, and
    stores its data only if no change came in meanwhile, so a slow refresh never hides a newer
    change. A request that finds it out of date (or computed on another day) computes it afresh."""

    partnership_path = "theme__partnership"

    theme = models.OneToOneField("partnership.Theme", on_delete=models.CASCADE, related_name="live_dashboard")
    as_of = models.DateField()
    computed_at = models.DateTimeField()
    generation = models.PositiveIntegerField(default=0, help_text="Bumped by every change to the theme's data.")
    computed_generation = models.PositiveIntegerField(default=0, help_text="The generation `data` reflects.")
    data = models.JSONField()

    def __str__(self):
        return f"{self.theme} dashboard as of {self.as_of}"

    def is_current(self, today) -> bool:
        return self.as_of == today and self.computed_generation == self.generation
