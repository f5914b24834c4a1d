"""Which sections each board's pack has: overview boards see every dashboard, the business group
every exception report, theme boards and sub-groups their own themes in detail, scrutiny the
escalations."""

import pytest

from partnership.models import Board, BoardKind
from reporting.packs.inputs import Section, collect_inputs, own_themes, plan_sections

from .helpers import meeting_of

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


# --- which sections -----------------------------------------------------------------------------


def kinds(sections):
    return [(s.kind, s.theme_id) for s in sections]


@pytest.mark.parametrize("kind", [BoardKind.PARTNERSHIP_BOARD, BoardKind.EXECUTIVE_BOARD, BoardKind.AREA_COMMITTEE])
def test_overview_boards_see_the_overview_and_every_dashboard(kind):
    assert kinds(plan_sections(kind, [1, 2], [], with_escalations=True)) == [
        ("overview", None),
        ("dashboard", 1),
        ("dashboard", 2),
        ("escalations", None),
        ("risks", None),
    ]


def test_the_business_group_also_sees_every_exception_report():
    assert kinds(plan_sections(BoardKind.BUSINESS_GROUP, [1, 2], [], with_escalations=True)) == [
        ("overview", None),
        ("dashboard", 1),
        ("exception_report", 1),
        ("dashboard", 2),
        ("exception_report", 2),
        ("escalations", None),
        ("risks", None),
    ]


@pytest.mark.parametrize("kind", [BoardKind.THEME_BOARD, BoardKind.SUB_GROUP])
def test_a_theme_board_sees_its_own_themes_in_detail(kind):
    assert kinds(plan_sections(kind, [1, 2, 3], [2], with_escalations=True)) == [
        ("dashboard", 2),
        ("exception_report", 2),
        ("escalations", None),
        ("risks", None),
    ]


def test_scrutiny_sees_the_overview_and_the_escalations():
    assert kinds(plan_sections(BoardKind.SCRUTINY, [1, 2], [], with_escalations=True)) == [
        ("overview", None),
        ("escalations", None),
        ("risks", None),
    ]


def test_without_the_escalation_app_there_are_no_escalation_sections():
    assert plan_sections(BoardKind.THEME_BOARD, [1], [1], with_escalations=False) == [
        Section("dashboard", 1),
        Section("exception_report", 1),
    ]


def test_a_detail_board_with_no_themes_gets_the_overview():
    assert kinds(plan_sections(BoardKind.SUB_GROUP, [1], [], with_escalations=False)) == [
        ("overview", None),
        ("dashboard", 1),
    ]


def test_a_sub_group_looks_at_the_themes_of_the_board_above_it(tree_a):
    sub_group = Board.objects.create(
        partnership=tree_a.partnership,
        name="Teenage pregnancy group",
        kind=BoardKind.SUB_GROUP,
        parent=tree_a.theme_board,
    )
    themes = [tree_a.theme, tree_a.other_theme]
    assert own_themes(sub_group, themes) == [tree_a.theme]
    assert own_themes(tree_a.theme_board, themes) == [tree_a.theme]
    assert own_themes(tree_a.business_group, themes) == [tree_a.other_theme]  # the executive board's theme


def test_a_theme_boards_pack_has_its_theme_in_detail_with_escalations_and_risks(frozen):
    inputs = collect_inputs(frozen.meeting)
    assert [s["title"] for s in inputs["sections"]] == [
        "Well-Being: performance dashboard",
        "Well-Being: exception report",
        "Escalations",
        "Top risks",
    ]
    escalations, risks = inputs["sections"][2]["rows"], inputs["sections"][3]["rows"]
    assert [row["code"] for row in escalations] == ["NI 112"]  # tree_a's escalation, in Well-Being
    assert risks == []  # the register's one risk is not linked to Well-Being


def test_the_executive_board_gets_the_partnerships_top_risks(frozen):
    inputs = collect_inputs(
        meeting_of(Board.objects.get(partnership=frozen.partnership, kind=BoardKind.EXECUTIVE_BOARD))
    )
    assert [s["title"] for s in inputs["sections"]] == [
        "Overview of performance by theme",
        "Enterprise: performance dashboard",
        "Well-Being: performance dashboard",
        "Escalations",
        "Top risks",
    ]
    assert [row["title"] for row in inputs["sections"][-1]["rows"]] == ["Grant reduced mid-year"]
