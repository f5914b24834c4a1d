from django.db import models

from indicators.status import Polarity


class TitleForm(models.TextChoices):
    """How complete a catalogue title is, as the source printed it (see indicators/data/README.md)."""

    AS_PRINTED = "as_printed", "As printed"
    CUT = "cut", "Cut in the source"
    SHORT_LABEL = "short_label", "Short label"


class CatalogueIndicator(models.Model):
    """An indicator of the National Indicator Set: shared by every partnership, read-only to them.

    Every row has a source (`source_url`); polarity, unit and frequency are filled in only where that
    source gives them, and are otherwise "to be confirmed" by the partnership that adopts it."""

    code = models.CharField(max_length=12, unique=True)  # "NI 112"
    number = models.PositiveSmallIntegerField(unique=True)  # 112, for sorting
    title = models.CharField(max_length=300)
    title_form = models.CharField(
        max_length=12,
        choices=TitleForm.choices,
        default=TitleForm.AS_PRINTED,
        help_text="Whether the source's title is cut short or only a council's short label.",
    )
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

    @property
    def source_link(self) -> str:
        """The source's address where it is a web address; "" where it only names the source."""
        return self.source_url if self.source_url.startswith(("http://", "https://")) else ""

    @property
    def title_confirmed(self) -> bool:
        return self.title_form == TitleForm.AS_PRINTED

    @property
    def provenance(self) -> list[dict]:
        """For each field adoption copies: whether it comes from the source or is to be confirmed."""
        return [
            {
                "name": "Title",
                "value": self.title,
                "sourced": True,
                "flag": "" if self.title_confirmed else self.get_title_form_display(),
            },
            {"name": "Polarity", "value": self.polarity_source, "sourced": bool(self.polarity), "flag": ""},
            {"name": "Unit", "value": self.unit_description, "sourced": bool(self.unit_description), "flag": ""},
            {
                "name": "Frequency",
                "value": self.frequency_description,
                "sourced": bool(self.frequency_description),
                "flag": "",
            },
        ]
