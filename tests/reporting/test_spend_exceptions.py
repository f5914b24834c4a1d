"""Spend off its profile by more than the partnership's tolerance becomes an item in the theme's
exception report (issue 16), beside the indicators off target: in the page, the PDF, the HSP/PMG
report, and for the Performance Management Lead to complete."""

import io
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader

from indicators.periods import PeriodKind, latest_ended
from partnership.roles import Role
from reporting.models import ExceptionItem, ExceptionReport
from reporting.services.chain import draft_at_deadline
from reporting.services.cycles import open_cycle, settings_for
from reporting.services.exception_reports import ItemText, ReportInvalid, change_state, save_exception_report
from reporting.services.partnership_reports import Level, hsp_report
from reporting.services.snapshots import draft_theme_report
from reporting.services.spend_exceptions import off_profile_variance, spend_status

from ..builders import make_commission, make_member, make_spend, make_user

D = Decimal


# --- the rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actual, profile, off",
    [
        (D(7000), D(10000), D(-30)),  # 30% under, 10% tolerance
        (D(11500), D(10000), D(15)),  # 15% over
        (D(9000), D(10000), None),  # 10% under: at the tolerance, not beyond it
        (D(10500), D(10000), None),
        (D(5000), None, None),  # no profile: nothing to be off
        (D(5000), D(0), None),
        (None, D(10000), None),  # no approved return yet
    ],
)
def test_spend_is_off_profile_only_beyond_the_tolerance(actual, profile, off):
    assert off_profile_variance(actual, profile, D(10)) == off


def test_twice_the_tolerance_is_red():
    assert spend_status(D(-30), D(10)) == "red"
    assert spend_status(D(15), D(10)) == "amber"
    assert spend_status(D(-20), D(10)) == "amber"


# --- in the chain ------------------------------------------------------------------------------


def quarter():
    return latest_ended(PeriodKind.QUARTER, timezone.localdate())


@pytest.fixture
def spend(tree_a):
    """Well-Being's commissions for the quarter: one 30% under its profile (its return explains
    why), one within tolerance, one with no profile; and the theme's Performance Management Lead."""
    q = quarter()
    tree_a.under = make_commission(tree_a, "Stop Smoking Service", profile=[(q, 10000)])
    ret = make_spend(tree_a.under, q, 7000)
    ret.variance_reason, ret.action_taken = "Clinic closed for refurbishment", "Extra sessions in Q3"
    ret.save()
    tree_a.within = make_commission(tree_a, "Healthy Schools", profile=[(q, 10000)])
    make_spend(tree_a.within, q, 9500)
    tree_a.unprofiled = make_commission(tree_a, "Walking Groups")
    make_spend(tree_a.unprofiled, q, 4000)
    tree_a.members["pml"] = make_member(
        tree_a.partnership, make_user("pml_alpha"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, tree_a.theme)]
    )
    return tree_a


def draft(tree):
    tree.cycle = open_cycle(tree.partnership, quarter())
    draft_at_deadline(tree.cycle, today=tree.cycle.exception_reports_due, now=timezone.now())
    tree.report = ExceptionReport.objects.get(cycle=tree.cycle, theme=tree.theme)
    return tree.report


def spend_items(report):
    return list(report.items.filter(commission__isnull=False))


def test_spend_30_percent_under_profile_with_a_10_percent_tolerance_yields_an_item(spend):
    report = draft(spend)
    [item] = spend_items(report)
    assert item.commission == spend.under and item.indicator is None
    assert item.status == "red"  # 30% is more than twice the tolerance
    # pre-filled from the spend return, for the lead to complete like the other items
    assert item.reason == "Clinic closed for refurbishment" and item.action == "Extra sessions in Q3"
    assert item.decisions_required == ""


def test_spend_within_tolerance_and_spend_without_a_profile_yield_none(spend):
    report = draft(spend)
    named = {item.commission_id for item in spend_items(report)}
    assert named == {spend.under.pk}  # the one beyond it, alone
    assert spend.within.pk not in named and spend.unprofiled.pk not in named


def test_the_tolerance_is_the_partnerships_and_its_changes_are_kept(spend):
    settings = settings_for(spend.partnership)
    settings.spend_tolerance_percent = D(35)
    settings._change_reason = "Finance lead: looser tolerance"
    settings.save()
    assert spend_items(draft(spend)) == []
    assert [h.spend_tolerance_percent for h in settings.history.order_by("history_id")] == [D(10), D(35)]


def test_a_commission_back_within_tolerance_leaves_an_untouched_item_and_a_new_one_is_added(spend):
    report = draft(spend)
    # given: the refreshed figures put Stop Smoking within tolerance and Healthy Schools beyond it
    ret = spend.under.spend_returns.get()
    ret.actual_spend = D(9800)
    ret.save()
    ret = spend.within.spend_returns.get()
    ret.actual_spend = D(8500)
    ret.save()
    # when
    drafted = draft_theme_report(spend.cycle, spend.theme, today=spend.cycle.collation_deadline, reason="Refresh")
    # then
    assert drafted.snapshot.version == 2
    [item] = spend_items(report)
    assert item.commission == spend.within and item.status == "amber"


def test_an_item_names_an_indicator_or_a_commission_never_both_nor_neither(spend):
    report = draft(spend)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExceptionItem.objects.create(report=report, status="red")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExceptionItem.objects.create(report=report, status="red", indicator=spend.indicator, commission=spend.within)
    with pytest.raises(IntegrityError), transaction.atomic():  # once per commission
        ExceptionItem.objects.create(report=report, status="red", commission=spend.under)


def test_the_lead_completes_the_spend_item_and_a_red_one_needs_its_action(spend):
    report = draft(spend)
    [item] = spend_items(report)
    user = spend.members["pml"].user
    texts = {item.pk: ItemText("Clinic closed", "", "Agree to move £3,000 into Q4")}
    report = save_exception_report(report, successes="", texts=texts, expected_version=report.version, user=user)
    with pytest.raises(ReportInvalid) as invalid:
        change_state(report, to=ExceptionReport.State.FINAL, expected_version=report.version, user=user)
    assert f"item_{item.pk}_action" in invalid.value.errors
    item.refresh_from_db()
    assert item.decisions_required == "Agree to move £3,000 into Q4"


# --- shown -------------------------------------------------------------------------------------


def test_the_page_and_the_pdf_show_the_spend_item(client, spend, django_assert_max_num_queries):
    report = draft(spend)
    client.force_login(spend.members["plain"].user)
    base = f"/p/{spend.partnership.slug}/reports/exception/{report.pk}/"
    with django_assert_max_num_queries(30):
        html = client.get(base).content.decode()
    assert "Stop Smoking Service" in html and "Spend against profile" in html
    assert "£7,000 spent against £10,000 profiled" in html and "30.0% under profile" in html
    assert "Healthy Schools" not in html
    response = client.get(base + "pdf/")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Spend: Stop Smoking Service" in text and "30.0% under profile" in text
    assert "Clinic closed for refurbishment" in text


def test_the_edit_form_has_the_spend_items_fields(client, spend):
    report = draft(spend)
    [item] = spend_items(report)
    client.force_login(spend.members["pml"].user)
    html = client.get(f"/p/{spend.partnership.slug}/reports/exception/{report.pk}/edit/").content.decode()
    assert f'name="item_{item.pk}_decisions_required"' in html and "Stop Smoking Service" in html


def test_the_hsp_report_lists_spend_off_profile_with_the_leads_words(client, spend):
    report = draft(spend)
    [item] = spend_items(report)
    item.decisions_required = "Agree to move £3,000 into Q4"
    item.save()
    hsp = hsp_report(spend.cycle, Level.DETAIL)
    [row] = hsp.data["spend_items"]
    assert row["title"] == "Stop Smoking Service" and row["draft"] and row["status"] == "red"
    assert row["decisions_required"] == "Agree to move £3,000 into Q4"
    client.force_login(spend.members["admin"].user)
    html = client.get(f"/p/{spend.partnership.slug}/reports/hsp/{spend.cycle.pk}/?level=detail").content.decode()
    assert "Spend off profile by theme" in html and "Agree to move £3,000 into Q4" in html
    response = client.get(f"/p/{spend.partnership.slug}/reports/hsp/{spend.cycle.pk}/pdf/?level=detail")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Spend off profile by theme" in text and "Stop Smoking Service" in text


def test_the_tolerance_is_edited_with_the_timetable_settings(client, spend):
    client.force_login(spend.members["admin"].user)
    url = f"/p/{spend.partnership.slug}/timetable/settings/"
    settings = settings_for(spend.partnership)
    data = {name: getattr(settings, name) for name in ("cadence", "collation_weeks", "exception_report_weeks")}
    data |= {
        name: getattr(settings, name)
        for name in ("partnership_report_weeks", "review_from_weeks", "review_to_weeks", "reminder_days_before")
    }
    response = client.post(url, {**data, "spend_tolerance_percent": "150"})
    assert response.status_code == 200 and "Enter a tolerance of 100 per cent or less." in response.content.decode()
    response = client.post(url, {**data, "spend_tolerance_percent": "7.5"})
    assert response.status_code == 302
    assert settings_for(spend.partnership).spend_tolerance_percent == D("7.5")


def test_the_emails_about_the_report_name_the_spend_item(spend):
    from reporting.models import Notification
    from reporting.services.notifications import report_text

    report = draft(spend)
    _subject, body, _path = report_text(Notification.Kind.REPORT_SENT, report, spend.members["chair"])
    assert "Spend off profile: Stop Smoking Service (Red)" in body
    _subject, body, _path = report_text(Notification.Kind.DRAFT_READY, report, spend.members["pml"])
    assert "(targets not being met, or spend off profile)" in body


def test_a_decision_on_a_spend_item_is_named_by_its_commission(spend):
    from reporting.services.decisions import subject_for

    [item] = spend_items(draft(spend))
    assert subject_for(exception_item=item) == "Stop Smoking Service spend off profile: decisions required"
