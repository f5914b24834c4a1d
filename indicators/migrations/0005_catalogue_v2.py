"""The second pass of the national indicator set: 77 rows (76 live indicators and withdrawn NI 31)
instead of 43, polarity for NI 32, 102, 104 and 116, fuller notes, and `title_form`, which records
whether a title is cut in the source or only a council's short label.

Forwards: add the field, then create the new codes and rewrite the existing catalogue rows from
indicators/data/national_indicators.csv (indicators.catalogue.load_catalogue, keyed on code, so it
is idempotent). Indicators that adopted an entry are not touched: adoption copied the title,
polarity, unit and frequency into the partnership's own Indicator, which keeps them.

Backwards: the data step is a no-op (the rows fit the earlier schema and adoptions protect them),
then the field is removed."""

from django.db import migrations, models


def load_second_pass(apps, schema_editor):
    from indicators.catalogue import load_catalogue

    load_catalogue(apps.get_model("indicators", "CatalogueIndicator"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_periods_for_rounds")]

    operations = [
        migrations.AddField(
            model_name="catalogueindicator",
            name="title_form",
            field=models.CharField(
                choices=[("as_printed", "As printed"), ("cut", "Cut in the source"), ("short_label", "Short label")],
                default="as_printed",
                help_text="Whether the source's title is cut short or only a council's short label.",
                max_length=12,
            ),
        ),
        migrations.RunPython(load_second_pass, migrations.RunPython.noop),
    ]
