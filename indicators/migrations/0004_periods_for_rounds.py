"""Every period a round's returns may be for exists once the round is open (indicators.services.
rounds.open_round makes them), so the pages that list and link a round's returns never write.
This makes them for rounds opened before that rule."""

from django.db import migrations

from indicators.periods import PeriodKind, span_containing


def make_periods(apps, schema_editor):
    Period = apps.get_model("indicators", "Period")
    ReturnRound = apps.get_model("indicators", "ReturnRound")
    for end in ReturnRound.objects.values_list("period__end", flat=True).distinct():
        for kind in PeriodKind:
            span = span_containing(kind, end)
            if span.end == end:
                Period.objects.get_or_create(kind=span.kind, start=span.start, defaults={"end": span.end})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_returns")]

    operations = [migrations.RunPython(make_periods, migrations.RunPython.noop)]
