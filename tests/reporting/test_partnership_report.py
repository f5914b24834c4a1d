"""The HSP/PMG report, collated from the theme reports, in layers (seed 000): the partnership and
executive boards see the overview; the business group and the themes see the detailed exceptions."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from partnership.models import BoardKind, Theme
from partnership.roles import Access, Grant, Role
from reporting.models import PartnershipReport
from reporting.services.chain import assemble_at_milestone, draft_at_deadline
from reporting.services.cycles import open_cycle
from reporting.services.partnership_reports import (
    Level,
    assemble,
    chosen_level,
    default_level,
    partnership_report_data,
    sections_for,
)

from ..builders import make_indicator, make_member, make_user
from .test_exception_reports import add_quarter_results

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


@pytest.fixture
def reports(tree_a):
    tree = add_quarter_results(tree_a)
    tree.members["board"] = make_member(tree.partnership, make_user("board_a"), [(Role.BOARD_MEMBER, tree.top_board)])
    return tree


def hsp_url(tree, suffix=""):
    return f"/p/{tree.partnership.slug}/reports/hsp/{tree.cycle.pk}/{suffix}"


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


# --- the layers, as pure rules ---------------------------------------------------------------------

BOARDS = {
    1: BoardKind.PARTNERSHIP_BOARD,
    2: BoardKind.EXECUTIVE_BOARD,
    3: BoardKind.BUSINESS_GROUP,
    4: BoardKind.THEME_BOARD,
}


def access(*grants):
    return Access(frozenset(grants))


@pytest.mark.parametrize(
    ("grants", "level"),
    [
        ((Grant(Role.BOARD_MEMBER, board_id=1),), Level.OVERVIEW),
        ((Grant(Role.BOARD_CHAIR, board_id=2), Grant(Role.BOARD_MEMBER, board_id=1)), Level.OVERVIEW),
        ((), Level.OVERVIEW),  # no role at all: the high-level view
        ((Grant(Role.BUSINESS_GROUP_MEMBER, board_id=3),), Level.DETAIL),
        ((Grant(Role.BOARD_MEMBER, board_id=1), Grant(Role.BUSINESS_GROUP_MEMBER, board_id=3)), Level.DETAIL),
        ((Grant(Role.BOARD_CHAIR, board_id=4),), Level.DETAIL),  # a theme board works with the detail
        ((Grant(Role.LEAD_INFORMATION_OFFICER, theme_id=7),), Level.DETAIL),
        ((Grant(Role.PARTNERSHIP_ADMIN),), Level.DETAIL),
    ],
)
def test_the_default_level_follows_the_viewers_layer(grants, level):
    assert default_level(access(*grants), BOARDS) == level


def test_the_overview_leaves_out_the_detailed_exceptions():
    assert sections_for("overview") == ("counts", "trends", "abg_spend", "escalations")
    assert sections_for(Level.DETAIL) == ("counts", "red_items", "trends", "spend_items", "abg_spend", "escalations")
    # Halton's Quarter 3 update is lighter: the exceptions and the money
    assert sections_for("overview", "update") == ("counts", "abg_spend")
    assert sections_for(Level.DETAIL, "update") == ("counts", "red_items", "spend_items", "abg_spend")
    assert chosen_level("detail", Level.OVERVIEW) == Level.DETAIL
    assert chosen_level("nonsense", Level.OVERVIEW) == Level.OVERVIEW
    assert chosen_level(None, Level.DETAIL) == Level.DETAIL


# --- the page ------------------------------------------------------------------------------------


def test_a_partnership_board_member_sees_the_overview(client, reports):
    client.force_login(reports.members["board"].user)
    response = client.get(hsp_url(reports))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["hsp"].level == Level.OVERVIEW
    assert "Performance by theme" in html and "Well-Being" in html and "Enterprise" in html
    assert "Cross-thematic trends" in html and "1 indicator improved and 0 worsened" in html
    assert "Spend by funding stream" in html and "Area Based Grant" in html and "£10,000" in html
    assert "Red items by theme" not in html and "Staff shortages at the college" not in html
    assert "Provisional" in html  # not assembled yet: built live


def test_a_business_group_member_sees_the_detailed_exceptions(client, reports):
    client.force_login(reports.members["business"].user)
    response = client.get(hsp_url(reports))
    html = response.content.decode()
    assert response.context["hsp"].level == Level.DETAIL
    assert "Red items by theme" in html and "R 1" in html and "Young people in training" in html
    assert "Staff shortages at the college" in html and "Recruiting two tutors" in html
    assert "People into work" not in html  # amber items stay in the theme's own report
    assert "Performance by theme" in html and "Spend by funding stream" in html


def test_either_layer_can_be_chosen(client, reports):
    client.force_login(reports.members["board"].user)
    assert "Red items by theme" in client.get(hsp_url(reports) + "?level=detail").content.decode()
    client.force_login(reports.members["business"].user)
    assert "Red items by theme" not in client.get(hsp_url(reports) + "?level=overview").content.decode()


def test_the_counts_table_has_each_themes_statuses_and_the_totals(client, reports):
    client.force_login(reports.members["board"].user)
    response = client.get(hsp_url(reports))
    hsp = response.context["hsp"]
    counts = {theme["theme"]: theme["counts"] for theme in hsp.data["themes"]}
    assert counts["Well-Being"] == {"green": 1, "amber": 1, "red": 1, "grey": 1}
    assert counts["Enterprise"] == {"green": 0, "amber": 0, "red": 0, "grey": 0}
    assert hsp.totals == {"green": 1, "amber": 1, "red": 1, "grey": 1}
    assert f"/p/alpha/reports/exception/{reports.report.pk}/" in response.content.decode()


def test_once_assembled_the_stored_report_is_shown(client, reports):
    reports.cycle.refresh_from_db()  # its snapshot_at, set by the freeze
    assert assemble_at_milestone(reports.cycle, today=reports.cycle.partnership_report_due, now=timezone.now())
    stored = PartnershipReport.objects.get(cycle=reports.cycle)
    stored.data["red_items"][0]["variance_reason"] = "As assembled"
    stored.save()
    client.force_login(reports.members["business"].user)
    html = client.get(hsp_url(reports)).content.decode()
    assert "As assembled" in html and "Provisional" not in html


def test_the_pdf_has_the_same_layers(client, reports):
    client.force_login(reports.members["board"].user)
    overview = " ".join(pdf_text(client.get(hsp_url(reports, "pdf/"))).split())
    assert "HSP/PMG report" in overview and "Well-Being" in overview and "£10,000" in overview
    assert "Young people in training" not in overview
    response = client.get(hsp_url(reports, "pdf/") + "?level=detail")
    words = " ".join(pdf_text(response).split())  # table cells wrap
    assert (
        "R 1 Young people in training" in words
        and "Staff shortages at the college" in words
        and "Recruiting two tutors" in words
    )
    assert response["Content-Disposition"].endswith('-detail.pdf"')


def test_a_member_of_another_partnership_gets_404(client, reports, returns_b):
    tree_b = returns_b
    client.force_login(tree_b.members["admin"].user)
    assert client.get(hsp_url(reports)).status_code == 404
    assert client.get(hsp_url(reports, "pdf/")).status_code == 404
    b_cycle = open_cycle(tree_b.partnership, tree_b.quarter)
    client.force_login(reports.members["admin"].user)
    assert client.get(f"/p/alpha/reports/hsp/{b_cycle.pk}/").status_code == 404


def test_the_report_page_queries_do_not_grow_with_themes(client, reports, django_assert_max_num_queries):
    client.force_login(reports.members["business"].user)
    with django_assert_max_num_queries(23) as few:  # 3 for the money by funding stream
        client.get(hsp_url(reports))
    earlier = open_cycle(reports.partnership, reports.quarter.previous())
    for i in range(5):
        Theme.objects.create(
            partnership=reports.partnership, name=f"Theme {i}", slug=f"theme-{i}", board=reports.theme_board
        )
    draft_at_deadline(earlier, today=earlier.exception_reports_due, now=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/p/alpha/reports/hsp/{earlier.pk}/")
    assert len(response.context["hsp"].data["themes"]) == 7


def test_escalations_and_top_risks_reach_the_hsp_pmg_report(tree_a):
    from escalation.services.decisions import open_by_hand
    from reporting.services.cycles import open_cycle
    from reporting.services.partnership_reports import Level, hsp_report

    cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    # given: the fixture's stage 1 escalation, and a stage 2 one opened by the executive board
    other = make_indicator(tree_a, "L 88", title="Violent crime", unit="count", polarity="lower")
    open_by_hand(
        tree_a.partnership,
        other,
        stage=2,
        evidence="Two quarters below the monitoring level",
        user=tree_a.members["admin"].user,
    )
    overview, detail = hsp_report(cycle, Level.OVERVIEW), hsp_report(cycle, Level.DETAIL)
    # then: the overview keeps to stages 2 and 3; the detail has every stage; both show the top risks
    assert [e.indicator.code for e in overview.escalations] == ["L 88"]
    assert {e.indicator.code for e in detail.escalations} == {"L 88", "NI 112"}
    assert [r.score for r in overview.risks] == [r.score for r in detail.risks] and overview.risks[0].score >= 20


def test_the_hsp_pmg_pdf_lists_escalations_and_risks(client, tree_a):
    from reporting.services.cycles import open_cycle

    cycle = open_cycle(tree_a.partnership, tree_a.quarter)
    client.force_login(tree_a.members["business"].user)
    response = client.get(f"/p/alpha/reports/hsp/{cycle.pk}/pdf/?level=detail")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Escalations" in text and "NI 112" in text and "Grant reduced mid-year" in text


def test_every_version_is_listed_and_readable(client, reports):
    t = reports
    cycle = t.cycle
    assert assemble_at_milestone(cycle, today=cycle.partnership_report_due, now=timezone.now())
    t.red_item.reason = "Recruitment is under way"
    t.red_item.save()
    assert assemble(cycle, today=cycle.partnership_report_due, now=timezone.now(), reason="Well-Being changed")
    client.force_login(t.members["board"].user)

    latest = client.get(hsp_url(t) + "?level=detail").content.decode()
    assert "Version 2" in latest and "Recruitment is under way" in latest and "Well-Being changed" in latest
    first = client.get(hsp_url(t) + "?level=detail&version=1").content.decode()
    assert "an earlier version" in first and "Recruitment is under way" not in first
    assert "Staff shortages at the college" in first
    assert client.get(hsp_url(t) + "?version=9").status_code == 404
    pdf = client.get(hsp_url(t, "pdf/") + "?level=detail&version=1")
    assert "-v1-" in pdf["Content-Disposition"] and "version 1" in pdf_text(pdf)


def test_the_page_and_pdf_carry_the_executive_boards_assurance(client, reports):
    from reporting.models import AssuranceStatement

    AssuranceStatement.objects.create(cycle=reports.cycle, statement="PMG is assured that the red items are in hand.")
    client.force_login(reports.members["board"].user)
    assert "PMG is assured" in client.get(hsp_url(reports)).content.decode()
    assert "PMG is assured" in pdf_text(client.get(hsp_url(reports, "pdf/")))


def test_the_abg_total_includes_projects_and_other_money_is_shown_apart(client, reports):
    from decimal import Decimal

    from indicators.models import Commission

    from ..builders import make_commission, make_spend

    quarter = reports.cycle.period.span
    before = partnership_report_data(reports.cycle)["abg_spend"]

    def funded(name, kind, funding, profile, spend):
        commission = make_commission(reports, name=name, profile=[(quarter, Decimal(profile))])
        Commission.objects.filter(pk=commission.pk).update(kind=kind, funding=funding)
        make_spend(commission, quarter, Decimal(spend))

    funded("Tottenham Business Support (NRF)", "project", "abg", 4000, 3000)
    funded("Council youth service", "commission", "mainstream", 50000, 52000)
    data = partnership_report_data(reports.cycle)
    abg = data["abg_spend"]
    assert abg["spend_to_date"] == before["spend_to_date"] + 3000  # the ABG-funded project counts
    assert abg["profile_to_date"] == before["profile_to_date"] + 4000 and abg["projects"] == 1
    [mainstream] = data["other_spend"]
    assert (mainstream["label"], mainstream["spend_to_date"], mainstream["commissions"]) == (
        "Mainstream budget",
        52000.0,
        1,
    )
    assert mainstream["variance"] == pytest.approx(4.0)
    client.force_login(reports.members["board"].user)
    html = client.get(hsp_url(reports)).content.decode()
    assert "Mainstream budget" in html and "£52,000" in html and "1 legacy project" in html
    words = " ".join(pdf_text(client.get(hsp_url(reports, "pdf/"))).split())
    assert "Mainstream budget" in words and "£52,000" in words and "never in the ABG total" in words


def test_a_report_assembled_before_funding_streams_still_shows_its_abg_total(client, reports):
    reports.cycle.refresh_from_db()
    assert assemble_at_milestone(reports.cycle, today=reports.cycle.partnership_report_due, now=timezone.now())
    stored = PartnershipReport.objects.get(cycle=reports.cycle)
    stored.data["abg_spend"] = {"profile_to_date": 8000.0, "spend_to_date": 9000.0}
    del stored.data["other_spend"]
    stored.save()
    client.force_login(reports.members["board"].user)
    html = client.get(hsp_url(reports)).content.decode()
    assert "Area Based Grant" in html and "£9,000" in html and "12.5%" in html
