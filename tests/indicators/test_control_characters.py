"""Text pasted from a word processor carries control characters no spreadsheet cell can hold (a
manual line break is a vertical tab): they are stored as newlines, so the returns spreadsheet and
every list export work, and the round trip keeps every word."""

from decimal import Decimal

import pytest

from indicators.models import IndicatorReturn
from indicators.services.returns import ReturnInput, save_return
from indicators.workflow import ReturnAction
from partnership.services.access import access_for

pytestmark = pytest.mark.usefixtures("returns_a")


def test_a_manual_line_break_is_kept_as_a_newline_and_every_export_works(client, tree_a):
    officer = tree_a.members["officer"]
    ret = save_return(
        indicator=tree_a.indicator,
        period=tree_a.period,
        data=ReturnInput(value=Decimal(48), commentary="Line one\x0bLine two\x07"),
        action=ReturnAction.SAVE_DRAFT,
        user=officer.user,
        access=access_for(officer),
        expected_version=1,
    )
    assert IndicatorReturn.objects.get(pk=ret.pk).commentary == "Line one\nLine two"
    tree_a.indicator.title = "Teenage conceptions\x0b(per 1,000)"
    tree_a.indicator.save()
    client.force_login(officer.user)
    download = client.get(f"/p/alpha/returns/spreadsheet/{tree_a.round.pk}/well-being/download/")
    assert download.status_code == 200
    for export in ("csv", "xlsx"):
        assert client.get(f"/p/alpha/indicators/?export={export}").status_code == 200
