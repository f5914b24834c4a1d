"""Outcome Leads write the reason and action for their own indicators in the draft exception
report; the Performance Management Lead has the final word; the history shows who wrote what."""

import pytest
from django.urls import reverse

from partnership.concurrency import StaleEdit
from reporting.services.exception_reports import (
    ItemText,
    ReportRefused,
    change_state,
    contribute,
    item_field,
    report_history,
    save_exception_report,
)

from .test_exception_reports import add_quarter_results

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


@pytest.fixture
def reports(tree_a):
    t = add_quarter_results(tree_a)
    t.red.outcome_lead = t.members["outcome_lead"]
    t.red.save()
    return t


def url(t, name="reporting:exception_contribute"):
    return reverse(name, args=[t.partnership.slug, t.report.pk])


def test_an_outcome_lead_writes_for_their_indicator_and_the_history_names_them(reports):
    t, lead = reports, reports.members["outcome_lead"]
    contribute(
        t.report,
        texts={t.red_item.pk: ItemText("Two tutors left in January", "Agency tutors from April")},
        expected_version=t.report.version,
        membership=lead,
        user=lead.user,
    )
    t.red_item.refresh_from_db()
    assert (t.red_item.reason, t.red_item.action) == ("Two tutors left in January", "Agency tutors from April")
    entry = next(e for e in report_history(t.report) if any("R 1: reason" in c[0] for c in e.changes))
    assert entry.record.history_user == lead.user

    # The PML has the final word.
    t.report.refresh_from_db()
    pml = t.members["pml"].user
    save_exception_report(
        t.report,
        successes=t.report.successes,
        texts={t.red_item.pk: ItemText("Two tutors left", "Agency tutors", "Fund a third tutor")},
        expected_version=t.report.version,
        user=pml,
    )
    t.red_item.refresh_from_db()
    assert t.red_item.reason == "Two tutors left"
    writers = {e.record.history_user for e in report_history(t.report)}
    assert {lead.user, pml} <= writers


def test_they_cannot_write_for_other_indicators_or_into_a_final_report(reports):
    t, lead = reports, reports.members["outcome_lead"]
    with pytest.raises(ReportRefused):
        contribute(
            t.report,
            texts={t.amber_item.pk: ItemText("Not mine", "")},
            expected_version=t.report.version,
            membership=lead,
            user=lead.user,
        )
    with pytest.raises(StaleEdit):
        contribute(t.report, texts={}, expected_version=t.report.version - 1, membership=lead, user=lead.user)
    t.amber_item.reason = "A reason"
    t.amber_item.save()
    change_state(t.report, to="final", expected_version=t.report.version, user=t.members["pml"].user)
    t.report.refresh_from_db()
    with pytest.raises(ReportRefused, match="final"):
        contribute(
            t.report,
            texts={t.red_item.pk: ItemText("Late", "Late")},
            expected_version=t.report.version,
            membership=lead,
            user=lead.user,
        )


def test_the_page_offers_only_their_items(reports, client):
    t = reports
    client.force_login(t.members["outcome_lead"].user)
    detail = client.get(url(t, "reporting:exception_detail"))
    assert "Add the reasons and actions for your indicators" in detail.content.decode()
    page = client.get(url(t))
    assert page.status_code == 200
    html = page.content.decode()
    assert item_field(t.red_item.pk, "reason") in html and item_field(t.amber_item.pk, "reason") not in html
    assert item_field(t.red_item.pk, "decisions_required") not in html

    answer = client.post(
        url(t),
        {
            "version": t.report.version,
            item_field(t.red_item.pk, "reason"): "Tutors left",
            item_field(t.red_item.pk, "action"): "Agency cover",
        },
    )
    assert answer.status_code == 302
    t.red_item.refresh_from_db()
    assert t.red_item.reason == "Tutors left"


def test_a_stale_page_keeps_what_they_typed(reports, client):
    t = reports
    client.force_login(t.members["outcome_lead"].user)
    answer = client.post(
        url(t),
        {
            "version": t.report.version - 1,
            item_field(t.red_item.pk, "reason"): "My careful words",
            item_field(t.red_item.pk, "action"): "",
        },
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "My careful words" in html and "saved by someone else" in html


def test_others_get_403_and_other_partnerships_404(reports, client, tree_b):
    t = reports
    client.force_login(t.members["plain"].user)
    assert client.get(url(t)).status_code == 403
    client.force_login(t.members["pml"].user)  # edits the whole report instead
    assert client.get(url(t)).status_code == 403
    client.force_login(tree_b.members["admin"].user)
    assert client.get(url(t)).status_code == 404
