from django.db import models

from indicators.periods import PeriodKind, Span


class PeriodManager(models.Manager):
    def for_span(self, span: Span) -> "Period":
        period, _ = self.get_or_create(kind=span.kind, start=span.start, defaults={"end": span.end})
        return period


class Period(models.Model):
    """A real date range (a month, quarter, half or financial year) shared by targets and results."""

    kind = models.CharField(max_length=10, choices=PeriodKind.choices)
    start = models.DateField()
    end = models.DateField()

    objects = PeriodManager()

    class Meta:
        ordering = ["start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "start"], name="period_unique_kind_start"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="period_ends_after_start"),
        ]

    def __str__(self):
        return self.label

    @property
    def span(self) -> Span:
        return Span(self.kind, self.start)

    @property
    def label(self) -> str:
        return self.span.label
