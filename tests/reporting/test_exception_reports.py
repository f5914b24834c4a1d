"""Theme exception reports: drafted from the frozen dashboard and the returns' commentary, finished
by the theme's Performance Management Lead, marked final, and printed."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from partnership.models import Theme
from partnership.roles import Role
from reporting.models import ExceptionItem, ExceptionReport
from reporting.services.chain import draft_at_deadline
from reporting.services.cycles import open_cycle
from reporting.services.exception_reports import ItemText, final_problems, item_field, linked_escalations_and_risks

from ..builders import make_indicator, make_member, make_return, make_user

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


def add_quarter_results(tree):
    """Well-Being's quarter: one green (improving), one amber with no commentary, one red whose
    return gave a reason and an action; frozen into a cycle, so each theme has its draft report.
    A Performance Management Lead for Well-Being."""
    quarter, year = tree.quarter, tree.quarter.financial_year
    level = [(year, Decimal(60), Decimal(55))]
    make_indicator(
        tree,
        "G 1",
        title="Homes built",
        unit="count",
        polarity="higher",
        targets=level,
        results=[(quarter.previous(), 50), (quarter, 65)],
    )
    tree.amber = make_indicator(
        tree, "A 1", title="People into work", unit="count", polarity="higher", targets=level, results=[(quarter, 57)]
    )
    tree.red = make_indicator(
        tree,
        "R 1",
        title="Young people in training",
        unit="count",
        polarity="higher",
        targets=level,
        results=[(quarter, 50)],
    )
    make_return(
        tree.red,
        quarter,
        state="approved",
        value=50,
        variance_reason="Staff shortages at the college",
        action_taken="Recruiting two tutors",
    )
    tree.members["pml"] = make_member(
        tree.partnership, make_user(f"pml_{tree.partnership.slug}"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, tree.theme)]
    )
    tree.cycle = open_cycle(tree.partnership, quarter)
    draft_at_deadline(tree.cycle, today=tree.cycle.exception_reports_due, now=timezone.now())
    tree.report = tree.cycle.exception_reports.get(theme=tree.theme)
    tree.amber_item = tree.report.items.get(indicator=tree.amber)
    tree.red_item = tree.report.items.get(indicator=tree.red)
    return tree


@pytest.fixture
def reports(tree_a):
    return add_quarter_results(tree_a)


@pytest.fixture
def as_pml(client, reports):
    client.force_login(reports.members["pml"].user)
    return client


def url(tree, name=""):
    base = f"/p/{tree.partnership.slug}/reports/exception/{tree.report.pk}/"
    return base + (f"{name}/" if name else "")


def edit_data(tree, version=1, action="save", **changes):
    """The edit form as the PML would post it: what is saved, with `changes` (field: value)."""
    report = ExceptionReport.objects.get(pk=tree.report.pk)
    data = {"version": version, "successes": report.successes, "note": "", "action": action}
    for item in report.items.all():
        for name in ("reason", "action", "decisions_required"):
            data[item_field(item.pk, name)] = getattr(item, name)
    data.update(changes)
    return data


def text_of(response):
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


# --- what the report says ----------------------------------------------------------------------


def test_the_draft_summarises_successes_from_the_data_and_lists_each_target_not_met(client, reports):
    client.force_login(reports.members["plain"].user)
    response = client.get(url(reports))
    assert response.status_code == 200
    html = response.content.decode()
    # successes: counts and names of the greens, and the improvements
    assert "1 of 4 indicators are on target: G 1 Homes built." in html
    assert "1 improved since the last period: G 1." in html
    # the items: amber and red, with the figures as frozen, pre-filled from the return
    assert [item.indicator.code for item in reports.report.items.all()] == ["A 1", "R 1"]
    assert "People into work" in html and "57 against 60" in html and "Amber" in html
    assert "Young people in training" in html and "50 against 60" in html and "Red" in html
    assert "Staff shortages at the college" in html and "Recruiting two tutors" in html
    assert f"/p/alpha/themes/well-being/dashboard/?snapshot={reports.report.snapshot_id}" in html
    assert url(reports, "pdf") in html
    assert url(reports, "edit") not in html  # a plain member reads, never edits


def test_the_pdf_is_a_portrait_page_with_the_items_and_figures(client, reports):
    client.force_login(reports.members["chair"].user)
    response = client.get(url(reports, "pdf"))
    text = text_of(response)
    assert "Well-Being: exception report" in text
    assert "1 of 4 indicators are on target" in text
    assert "A 1 People into work" in text and "R 1 Young people in training" in text
    assert "Latest result 57 in Q" in text and "Latest result 50 in Q" in text and "Target 60" in text
    assert "Staff shortages at the college" in text and "Recruiting two tutors" in text
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert page.mediabox.height > page.mediabox.width  # A4 portrait
    assert 'filename="alpha-well-being-exception-report-Q' in response["Content-Disposition"]


def test_linked_escalations_and_risks_are_shown(client, reports):
    # tree_a's escalation is on NI 112, a Well-Being indicator; link its risk to the theme
    reports.risk.themes.add(reports.theme)
    client.force_login(reports.members["plain"].user)
    html = client.get(url(reports)).content.decode()
    assert '<h2 class="govuk-heading-m">Escalations</h2>' in html and "Under 18 conception rate" in html
    assert '<h2 class="govuk-heading-m">Risks</h2>' in html and "Grant reduced mid-year" in html
    # another theme's report shows neither
    other = reports.cycle.exception_reports.get(theme=reports.other_theme)
    assert linked_escalations_and_risks(other) == ([], [])


def test_the_pml_edits_the_report_and_history_records_who_and_why(as_pml, reports):
    response = as_pml.get(url(reports, "edit"))
    assert response.status_code == 200
    assert "Staff shortages at the college" in response.content.decode()  # pre-filled
    data = edit_data(
        reports,
        successes="Homes built beat target.",
        note="added the amber reason",
        **{
            item_field(reports.amber_item.pk, "reason"): "Employer closed",
            item_field(reports.red_item.pk, "decisions_required"): "Agree funding for a third tutor",
        },
    )
    response = as_pml.post(url(reports, "edit"), data)
    assert response.status_code == 302 and response["Location"] == url(reports)
    report = ExceptionReport.objects.get(pk=reports.report.pk)
    assert report.successes == "Homes built beat target." and report.version == 2 and report.state == "draft"
    assert ExceptionItem.objects.get(pk=reports.amber_item.pk).reason == "Employer closed"
    assert ExceptionItem.objects.get(pk=reports.red_item.pk).decisions_required == "Agree funding for a third tutor"
    pml_user = reports.members["pml"].user
    latest = report.history.first()
    assert latest.history_user == pml_user and latest.history_change_reason == "Draft saved: added the amber reason"
    item_change = ExceptionItem.history.filter(id=reports.amber_item.pk).first()
    assert (
        item_change.history_user == pml_user
        and item_change.history_change_reason == "Draft saved: added the amber reason"
    )
    # the page shows the change, who made it and why
    html = as_pml.get(url(reports)).content.decode()
    assert "Pml_Alpha Tester" in html and "Draft saved: added the amber reason" in html
    assert "A 1: reason" in html and "Employer closed" in html


@pytest.mark.parametrize("persona", ["plain", "officer", "chair", "business", "admin", "outcome_lead"])
def test_only_the_themes_performance_management_lead_may_edit(client, reports, persona):
    client.force_login(reports.members[persona].user)
    assert client.get(url(reports, "edit")).status_code == 403
    assert client.post(url(reports, "edit"), edit_data(reports, successes="Changed")).status_code == 403
    assert client.post(url(reports, "finalise"), {"action": "finalise", "version": 1}).status_code == 403
    assert ExceptionReport.objects.get(pk=reports.report.pk).successes != "Changed"


def test_another_themes_pml_may_not_edit(client, reports):
    other = make_member(
        reports.partnership, make_user("other_pml"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, reports.other_theme)]
    )
    client.force_login(other.user)
    assert client.get(url(reports, "edit")).status_code == 403


def test_a_member_of_another_partnership_gets_404(client, reports, tree_b):
    client.force_login(tree_b.members["admin"].user)
    for name in ("", "edit", "pdf"):
        assert client.get(url(reports, name)).status_code == 404
    assert client.post(url(reports, "edit"), edit_data(reports)).status_code == 404
    assert client.post(url(reports, "finalise"), {"action": "finalise", "version": 1}).status_code == 404
    assert client.get("/p/alpha/reports/").status_code == 404
    # nor through their own partnership's address
    assert client.get(f"/p/beta/reports/exception/{reports.report.pk}/").status_code == 404


def test_post_only_views_refuse_other_methods(as_pml, reports):
    assert as_pml.get(url(reports, "finalise")).status_code == 405


def test_a_stale_save_is_refused_with_both_versions_shown_and_nothing_typed_lost(as_pml, reports):
    # given: the PML saved from another tab (version 1 -> 2)
    as_pml.post(url(reports, "edit"), edit_data(reports, successes="Saved in the other tab"))
    # when: the first tab, still on version 1, saves
    typed = edit_data(
        reports,
        version=1,
        successes="Typed in the first tab",
        **{item_field(reports.amber_item.pk, "reason"): "My amber reason"},
    )
    response = as_pml.post(url(reports, "edit"), typed)
    # then: refused, both versions on the page, the typed text still in the form
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this report while you were editing it" in html
    assert "Saved in the other tab" in html and "Typed in the first tab" in html and "My amber reason" in html
    assert response.context["form"]["version"].value() == 2
    report = ExceptionReport.objects.get(pk=reports.report.pk)
    assert report.successes == "Saved in the other tab" and report.version == 2
    # and saving again, knowingly, replaces it
    assert as_pml.post(url(reports, "edit"), {**typed, "version": 2}).status_code == 302
    assert ExceptionReport.objects.get(pk=reports.report.pk).successes == "Typed in the first tab"


def test_marking_final_needs_every_reason_and_every_red_action_shown_beside_the_fields(as_pml, reports):
    red_action = item_field(reports.red_item.pk, "action")
    amber_reason = item_field(reports.amber_item.pk, "reason")
    data = edit_data(
        reports,
        action="finalise",
        successes="Typed successes",
        **{red_action: "", item_field(reports.red_item.pk, "decisions_required"): "Typed decision"},
    )
    response = as_pml.post(url(reports, "edit"), data)
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert form.errors[amber_reason] == ["Enter the reason this target is not being met."]
    assert form.errors[red_action] == ["Enter the action being taken: red items need one before the report is final."]
    assert "There is a problem" in html and f'href="#id_{amber_reason}"' in html  # the error summary links to the field
    assert f'id="id_{amber_reason}-error"' in html and "govuk-textarea--error" in html  # and the message is beside it
    assert "Typed successes" in html and "Typed decision" in html  # nothing typed is lost
    report = ExceptionReport.objects.get(pk=reports.report.pk)
    assert report.state == "draft" and report.version == 1 and report.successes != "Typed successes"


def test_the_finalise_button_shows_the_same_problems_in_the_form(as_pml, reports):
    response = as_pml.post(url(reports, "finalise"), {"action": "finalise", "version": 1})
    assert response.status_code == 200
    assert response.context["form"].errors[item_field(reports.amber_item.pk, "reason")]
    assert "Staff shortages at the college" in response.content.decode()  # the saved texts, in the form
    assert ExceptionReport.objects.get(pk=reports.report.pk).state == "draft"


def test_a_final_report_is_read_only_until_the_pml_reopens_it(as_pml, reports):
    # given: a complete report marked final
    data = edit_data(reports, action="finalise", **{item_field(reports.amber_item.pk, "reason"): "Employer closed"})
    assert as_pml.post(url(reports, "edit"), data).status_code == 302
    report = ExceptionReport.objects.get(pk=reports.report.pk)
    assert report.state == "final" and report.history.first().history_change_reason == "Marked final"
    # then: the edit page sends the PML back with a message; a save is refused and keeps the text
    response = as_pml.get(url(reports, "edit"), follow=True)
    assert "This report is final, so it cannot be edited" in response.content.decode()
    response = as_pml.post(url(reports, "edit"), edit_data(reports, version=report.version, successes="Late change"))
    assert (
        response.status_code == 200
        and "This report is final" in response.content.decode()
        and "Late change" in response.content.decode()
    )
    assert ExceptionReport.objects.get(pk=reports.report.pk).successes != "Late change"
    # when: the PML reopens it, it can be edited again
    response = as_pml.post(url(reports, "finalise"), {"action": "reopen", "version": report.version}, follow=True)
    assert "Report reopened to draft" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "draft" and report.history.first().history_change_reason == "Reopened to draft"
    assert (
        as_pml.post(
            url(reports, "edit"), edit_data(reports, version=report.version, successes="Late change")
        ).status_code
        == 302
    )
    assert ExceptionReport.objects.get(pk=reports.report.pk).successes == "Late change"


def test_the_finalise_button_marks_a_complete_report_final(as_pml, reports):
    ExceptionItem.objects.filter(pk=reports.amber_item.pk).update(reason="Employer closed")
    response = as_pml.post(url(reports, "finalise"), {"action": "finalise", "version": 1}, follow=True)
    assert "Report marked final." in response.content.decode()
    assert ExceptionReport.objects.get(pk=reports.report.pk).state == "final"
    # a stale second click changes nothing
    response = as_pml.post(url(reports, "finalise"), {"action": "reopen", "version": 1}, follow=True)
    assert "changed this report since you opened it" in response.content.decode()
    assert ExceptionReport.objects.get(pk=reports.report.pk).state == "final"


def test_the_final_rules_are_pure():
    assert (
        final_problems(
            [(1, "amber", ItemText(reason="Because")), (2, "red", ItemText(reason="Because", action="Fixing"))]
        )
        == {}
    )
    problems = final_problems([(1, "amber", ItemText()), (2, "red", ItemText(reason="Because"))])
    assert set(problems) == {"item_1_reason", "item_2_action"}  # an amber item needs no action


# --- the list --------------------------------------------------------------------------------


def test_the_list_shows_reports_by_quarter_and_theme_with_state_and_links(client, reports):
    client.force_login(reports.members["pml"].user)
    html = client.get("/p/alpha/reports/").content.decode()
    assert "Well-Being exception report" in html and "Enterprise exception report" in html and "Draft" in html
    assert url(reports, "edit") in html  # the PML's own theme
    other = reports.cycle.exception_reports.get(theme=reports.other_theme)
    assert f"/p/alpha/reports/exception/{other.pk}/edit/" not in html
    assert f"/p/alpha/reports/hsp/{reports.cycle.pk}/" in html


def test_the_list_filters_by_quarter(client, reports):
    earlier = open_cycle(reports.partnership, reports.quarter.previous())
    draft_at_deadline(earlier, today=earlier.exception_reports_due, now=timezone.now())
    client.force_login(reports.members["plain"].user)
    html = client.get("/p/alpha/reports/").content.decode()
    assert str(reports.quarter.label) in html and str(reports.quarter.previous().label) in html
    response = client.get(f"/p/alpha/reports/?cycle={earlier.pk}")
    assert [cycle for cycle, _ in response.context["groups"]] == [earlier]


def test_list_queries_do_not_grow_with_reports(client, reports, django_assert_max_num_queries):
    client.force_login(reports.members["pml"].user)
    with django_assert_max_num_queries(20) as few:
        client.get("/p/alpha/reports/")
    for i in range(4):
        Theme.objects.create(
            partnership=reports.partnership, name=f"Theme {i}", slug=f"theme-{i}", board=reports.theme_board
        )
    quarter = reports.quarter
    for _ in range(3):
        quarter = quarter.previous()
        cycle = open_cycle(reports.partnership, quarter)
        draft_at_deadline(cycle, today=cycle.exception_reports_due, now=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/p/alpha/reports/")
    assert sum(len(group) for _, group in response.context["groups"]) == 2 + 3 * 6
