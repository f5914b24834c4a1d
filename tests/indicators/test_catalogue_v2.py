"""The national indicator set's second pass: all 77 rows load with their source, migration 0005
brings an installation with the first 43 up to date without touching adopted indicators, and the
catalogue list and adopt page say, field by field, what comes from a source and what is to be
confirmed."""

import importlib
import re

import pytest
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader
from django.forms.models import model_to_dict

from indicators.catalogue import CATALOGUE_CSV, catalogue_rows, load_catalogue, title_and_form
from indicators.models import CatalogueIndicator, Indicator
from indicators.models.catalogue import TitleForm

from ..builders import make_indicator

catalogue_v2 = importlib.import_module("indicators.migrations.0005_catalogue_v2")

README = CATALOGUE_CSV.parent / "README.md"

# The 43 codes of the first pass (what 0002 loaded on installations before 0005).
FIRST_PASS = [
    1, 6, 7, 8, 11, 31, 40, 48, 50, 56, 69, 99, 102, 104, 107, 108, 109, 110, 112, 115, 116, 117, 120,
    135, 136, 151, 152, 153, 154, 163, 169, 171, 172, 185, 186, 187, 188, 191, 192, 193, 195, 197, 199,
]  # fmt: skip

CATALOGUE = "/p/alpha/indicators/catalogue/"


def historical_apps():
    """The app registry as migration 0005 sees it."""
    return MigrationLoader(connection).project_state(("indicators", "0005_catalogue_v2")).apps


# --- the data --------------------------------------------------------------------------------------


def test_all_77_rows_parse_each_with_its_source():
    rows = list(catalogue_rows())
    assert len(rows) == 77 and len({row["code"] for row in rows}) == 77
    assert all(row["source_url"] for row in rows)
    assert [row["code"] for row in rows if row["withdrawn"]] == ["NI 31"]


def test_all_77_rows_are_in_a_migrated_database(db):
    assert CatalogueIndicator.objects.count() == 77
    assert CatalogueIndicator.objects.filter(withdrawn=False).count() == 76
    assert not CatalogueIndicator.objects.filter(source_url="").exists()


def test_the_readme_lists_exactly_the_codes_still_missing():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Codes still missing")[1].split("##")[0]
    listed = set()
    for first, last in re.findall(r"(\d+)(?:–(\d+))?", section.split("\n", 1)[1]):
        listed.update(range(int(first), int(last or first) + 1))
    present = {row["number"] for row in catalogue_rows()}
    assert listed == set(range(1, 200)) - present
    assert f"Codes still missing ({len(listed)})" in text and len(listed) == 122


def test_the_product_copies_the_facts_not_a_path_to_them():
    for path in (CATALOGUE_CSV, README):
        assert "/work/shared" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "printed, title, form",
    [
        ("Intermediate Care (short label; full title not found)", "Intermediate Care", TitleForm.SHORT_LABEL),
        (
            "Vulnerable People achieving Independent Living (short label)",
            "Vulnerable People achieving Independent Living",
            TitleForm.SHORT_LABEL,
        ),
        (
            "First time entrants to the Youth Justice System aged …",
            "First time entrants to the Youth Justice System aged …",
            TitleForm.CUT,
        ),
        ("  Under 18 conception rate ", "Under 18 conception rate", TitleForm.AS_PRINTED),
    ],
)
def test_a_title_says_how_complete_it_is(printed, title, form):
    assert title_and_form(printed) == (title, form)


def test_cut_titles_and_short_labels_are_flagged_on_the_rows_the_notes_name(db):
    flagged = dict(
        CatalogueIndicator.objects.exclude(title_form=TitleForm.AS_PRINTED).values_list("number", "title_form")
    )
    assert flagged == {
        18: "cut", 43: "cut", 111: "cut", 198: "cut",
        125: "short_label", 130: "short_label", 141: "short_label", 145: "short_label",
    }  # fmt: skip
    assert not CatalogueIndicator.objects.filter(title__icontains="short label").exists()


def test_polarity_only_where_a_source_states_it(db):
    entries = {entry.code: entry for entry in CatalogueIndicator.objects.all()}
    assert entries["NI 116"].polarity == "lower" and entries["NI 32"].polarity == "lower"
    assert entries["NI 186"].polarity == "higher"
    assert entries["NI 15"].polarity == "" and entries["NI 15"].polarity_source == ""
    assert sum(1 for entry in entries.values() if entry.polarity) == 20


# --- the migration ---------------------------------------------------------------------------------


def reduce_to_the_first_pass():
    """An installation as 0002 left it before the second pass: 43 rows, no polarity on NI 102, 104
    and 116, shorter notes, no title forms."""
    CatalogueIndicator.objects.exclude(number__in=FIRST_PASS).delete()
    CatalogueIndicator.objects.filter(number__in=[102, 104, 116]).update(polarity="", polarity_source="")
    CatalogueIndicator.objects.update(notes="First pass note.", title_form=TitleForm.AS_PRINTED)


def adopted_state(*pks):
    return [
        (model_to_dict(indicator, exclude=["contributing_themes"]), indicator.updated_at)
        for indicator in Indicator.objects.filter(pk__in=pks).order_by("pk")
    ]


def test_the_migration_brings_the_first_43_up_to_date_and_leaves_adoptions_alone(tree_a):
    # given: the first pass, and partnership A's own copies of NI 116 and NI 112
    reduce_to_the_first_pass()
    assert CatalogueIndicator.objects.count() == 43
    poverty = make_indicator(
        tree_a,
        "NI 116",
        unit="percentage",
        polarity="higher",
        frequency="annual",
        title="Children in poverty (our wording)",
        definition="Our definition",
        catalogue=CatalogueIndicator.objects.get(code="NI 116"),
    )
    tree_a.indicator.catalogue = CatalogueIndicator.objects.get(code="NI 112")
    tree_a.indicator.save()
    before = adopted_state(poverty.pk, tree_a.indicator.pk)

    # when
    catalogue_v2.load_second_pass(historical_apps(), None)

    # then: the new codes and the corrected rows are there
    assert CatalogueIndicator.objects.count() == 77
    ni116 = CatalogueIndicator.objects.get(code="NI 116")
    assert ni116.polarity == "lower" and ni116.notes != "First pass note."
    assert CatalogueIndicator.objects.get(code="NI 125").title_form == TitleForm.SHORT_LABEL
    # and the adopted indicators are exactly as they were
    assert adopted_state(poverty.pk, tree_a.indicator.pk) == before
    assert Indicator.objects.get(pk=poverty.pk).polarity == "higher"


def test_the_migration_is_idempotent(db):
    model = historical_apps().get_model("indicators", "CatalogueIndicator")
    first = {e.code: model_to_dict(e) for e in CatalogueIndicator.objects.all()}
    assert load_catalogue(model) == {"created": 0, "existing": 77}
    assert {e.code: model_to_dict(e) for e in CatalogueIndicator.objects.all()} == first


def test_the_loader_writes_only_the_fields_an_older_model_has(db):
    # 0002 runs the same loader with a model that has no title_form
    model = (
        MigrationLoader(connection)
        .project_state(("indicators", "0002_load_catalogue"))
        .apps.get_model("indicators", "CatalogueIndicator")
    )
    CatalogueIndicator.objects.filter(code="NI 18").update(title_form=TitleForm.AS_PRINTED, title="Old")
    assert load_catalogue(model)["existing"] == 77
    entry = CatalogueIndicator.objects.get(code="NI 18")
    assert entry.title.endswith("…") and entry.title_form == TitleForm.AS_PRINTED  # 0005 sets the form


def test_the_migration_can_be_reversed_leaving_the_rows():
    add_field, load = catalogue_v2.Migration.operations
    assert add_field.reversible and load.reversible and load.reverse_code is migrations.RunPython.noop
