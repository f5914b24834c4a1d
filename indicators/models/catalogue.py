from django.db import models

from indicators.status import Polarity


class CatalogueIndicator(models.Model):
    """An indicator of the National Indicator Set: shared by every partnership, read-only to them."""

    code = models.CharField(max_length=12, unique=True)  # "NI 112"
    number = models.PositiveSmallIntegerField(unique=True)  # 112, for sorting
    title = models.CharField(max_length=300)
    polarity = models.CharField(
        max_length=10, choices=Polarity.choices, blank=True, help_text="Blank where the source does not say."
    )
    polarity_source = models.TextField(blank=True)
    unit_description = models.TextField(blank=True)
    frequency_description = models.TextField(blank=True)
    source_url = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.code} {self.title}"
