from indicators.models import IndicatorReturn
from indicators.return_rules import ATTESTATION_FIELDS


def test_every_data_quality_standard_has_a_field_and_is_in_the_history():
    fields = {field.name for field in IndicatorReturn._meta.get_fields()}
    history_fields = {field.name for field in IndicatorReturn.history.model._meta.get_fields()}
    assert set(ATTESTATION_FIELDS) <= fields
    assert set(ATTESTATION_FIELDS) <= history_fields
