"""Board packs: which sections each board sees, the inputs hash (cache hits, changes, frozen
snapshots), the PDF itself read back with pypdf (pages, text, contents page numbers, bookmarks),
the Celery task's claim and failures, and who may request and download a pack."""

import datetime as dt
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from pypdf import PdfReader

from indicators.models import Result
from partnership.models import Board, BoardKind, Meeting
from reporting.models import BoardPack
from reporting.packs import build, inputs, render
from reporting.packs.build import request_pack
from reporting.packs.inputs import Section, collect_inputs, inputs_hash, own_themes, plan_sections
from reporting.services.cycles import open_cycle
from reporting.services.snapshots import freeze_snapshots
from reporting.tasks import build_board_pack

from ..builders import make_indicator, make_member, make_user

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def figures(tree_a):
    """Three indicators with results for the quarter: green and red in Well-Being, amber in
    Enterprise."""
    fy, quarter = tree_a.quarter.financial_year, tree_a.quarter
    tree_a.sport = make_indicator(
        tree_a,
        "NI 8",
        title="Adult participation in sport",
        unit="percentage",
        polarity="higher",
        targets=[(fy, Decimal(60), Decimal(55))],
        results=[(quarter, Decimal("62.5"))],
    )
    tree_a.alcohol = make_indicator(
        tree_a,
        "NI 39",
        title="Alcohol-harm related hospital admissions",
        unit="count",
        polarity="lower",
        targets=[(fy, Decimal(1500), Decimal(1600))],
        results=[(quarter, Decimal(1750))],
    )
    tree_a.jobs = make_indicator(
        tree_a,
        "NI 151",
        title="Overall employment rate",
        unit="percentage",
        polarity="higher",
        lead_theme=tree_a.other_theme,
        targets=[(fy, Decimal(72), Decimal(70))],
        results=[(quarter, Decimal(71))],
    )
    return tree_a


@pytest.fixture
def frozen(figures):
    """The quarter frozen at its exception-report milestone, with the red indicator's exception
    item written up."""
    cycle = open_cycle(figures.partnership, figures.quarter)
    freeze_snapshots(cycle, cycle.exception_reports_due, timezone.now())
    report = cycle.exception_reports.get(theme=figures.theme)
    report.items.filter(indicator=figures.alcohol).update(
        reason="Winter pressure on A&E admissions",
        action="Targeted brief interventions in two GP practices",
        decisions_required="Agree £40,000 from the ABG reserve",
    )
    figures.cycle = cycle
    return figures


def meeting_of(board, days=7, title="Quarterly review"):
    return Meeting.objects.create(board=board, starts_at=timezone.now() + dt.timedelta(days=days), title=title)


def built(meeting, member=None):
    """Request a pack and run its task, as the request view does."""
    pack, enqueue = request_pack(meeting, member)
    if enqueue:
        build_board_pack.delay(pack.pk)
    pack.refresh_from_db()
    return pack


def read(pack):
    with pack.file.open("rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    return PdfReader(io.BytesIO(data))


def texts(reader):
    return [page.extract_text() for page in reader.pages]


def contents_entries(page_text):
    """[(title, page)] from the contents page's table (not its footer, "… Page 2")."""
    rows = [
        row.strip() for row in page_text.split("Section Page", 1)[1].splitlines() if not re.search(r"Page \d+$", row)
    ]
    return [(m[1], int(m[2])) for m in (re.match(r"^(.+?) (\d+)$", row) for row in rows) if m]


@pytest.fixture
def render_calls(monkeypatch):
    calls = []
    real = render.render_pack

    def counting(inputs, progress=lambda p, m: None):
        calls.append(inputs)
        return real(inputs, progress)

    monkeypatch.setattr(render, "render_pack", counting)
    return calls


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


# --- the PDF ------------------------------------------------------------------------------------


def test_the_business_groups_pack_has_cover_contents_bookmarks_and_the_figures(frozen):
    meeting = meeting_of(frozen.business_group, title="Quarterly challenge")
    pack = built(meeting, frozen.members["business"])
    assert pack.status == BoardPack.Status.DONE, pack.error
    reader = read(pack)
    pages = texts(reader)
    assert len(pages) == pack.page_count

    # the cover names the partnership, board, meeting and period
    assert "Business Group: board pack" in pages[0]
    assert "Alpha Partnership" in pages[0] and "Quarterly challenge" in pages[0] and frozen.quarter.label in pages[0]

    # the contents lists every section, at the page where it really starts
    entries = contents_entries(pages[1])
    assert [title for title, _ in entries] == [
        "Overview of performance by theme",
        "Enterprise: performance dashboard",
        "Enterprise: exception report",
        "Well-Being: performance dashboard",
        "Well-Being: exception report",
        "Escalations",
        "Top risks",
    ]
    for title, page in entries:
        first = next(number for number, text in enumerate(pages, 1) if number > 2 and title in text)
        assert page == first, title
    # every page carries its number in the whole pack
    for number, text in enumerate(pages, 1):
        assert re.search(rf"\bPage {number}\b", text), number

    # the figures: dashboards, the overview's counts, the exception report's words
    text = "\n".join(pages)
    for expected in (
        "NI 8",
        "Adult participation in sport",
        "62.5%",
        "NI 39",
        "1,750",
        "NI 151",
        "Overall employment rate",
        "71.0%",
        "Winter pressure on A&E admissions",
        "Agree £40,000 from the ABG reserve",
        "Grant reduced mid-year",
    ):
        assert expected in text, expected
    overview = pages[entries[0][1] - 1]
    assert re.search(r"Well-Being 3 1 0 1 1", overview)  # indicators, green, amber, red, grey

    # bookmarks: the cover, the contents, and one at the start of each section
    outline = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]
    assert outline == [("Business Group: board pack", 1), ("Contents", 2)] + entries


def test_the_page_count_is_the_sum_of_the_sections_including_a_long_dashboard(figures):
    # given: Well-Being with more indicators than one dashboard page holds, frozen for the quarter
    for i in range(60):
        make_indicator(figures, f"L {i:02d}", title=f"Local indicator {i}")
    cycle = open_cycle(figures.partnership, figures.quarter)
    freeze_snapshots(cycle, cycle.exception_reports_due, timezone.now())
    meeting = meeting_of(figures.theme_board)
    pack = built(meeting)
    pages = texts(read(pack))
    # then: each section rendered on its own has the pages the pack gives it
    inputs = pack.inputs
    common = render.common_context(inputs)
    lengths = [
        len(
            render.layout(
                s["kind"], {**common, **render.section_context(s), "title": s["title"], "first_page": 1}
            ).pages
        )
        for s in inputs["sections"]
    ]
    assert lengths[0] >= 2  # the long dashboard runs on
    assert len(pages) == pack.page_count == 2 + sum(lengths)
    entries = contents_entries(pages[1])
    assert [page for _, page in entries] == [3 + sum(lengths[:i]) for i in range(len(lengths))]


def test_a_contents_longer_than_a_page_moves_the_sections_along(figures):
    inputs = collect_inputs(meeting_of(figures.business_group))
    inputs["sections"] = [{"kind": "escalations", "title": f"Escalations, part {i}", "rows": []} for i in range(1, 36)]
    pdf, count = render.render_pack(inputs)
    reader = PdfReader(io.BytesIO(pdf))
    pages = texts(reader)
    assert count == len(pages) == 1 + 2 + 35  # cover, two contents pages, a page per section
    entries = contents_entries(pages[1]) + contents_entries("Section Page\n" + pages[2])
    assert entries == [(f"Escalations, part {i}", 3 + i) for i in range(1, 36)]
    assert re.search(r"\bPage 4\b", pages[3]) and "Escalations, part 1\n" in pages[3] + "\n"


# --- the inputs hash ----------------------------------------------------------------------------


def test_a_second_request_for_unchanged_data_returns_the_finished_pack_without_a_task(
    client, figures, render_calls, django_capture_on_commit_callbacks
):
    client.force_login(figures.members["business"].user)
    url = f"/p/alpha/packs/meeting/{figures.meeting.pk}/request/"
    with django_capture_on_commit_callbacks(execute=True) as first:
        client.post(url)
    assert len(first) == 1 and len(render_calls) == 1
    packs = BoardPack.objects.filter(meeting=figures.meeting).count()

    with django_capture_on_commit_callbacks(execute=True) as second:
        response = client.post(url, follow=True)
    assert second == [] and len(render_calls) == 1
    assert BoardPack.objects.filter(meeting=figures.meeting).count() == packs
    assert "ready to download" in response.content.decode()


def test_two_clicks_before_it_is_built_make_one_pack(figures):
    first, enqueue_first = request_pack(figures.meeting, figures.members["chair"])
    second, enqueue_second = request_pack(figures.meeting, figures.members["business"])
    assert first == second and enqueue_first and not enqueue_second


def test_a_change_in_the_figures_changes_the_hash(figures):
    before = inputs_hash(collect_inputs(figures.meeting))
    assert inputs_hash(collect_inputs(figures.meeting)) == before  # stable for unchanged data
    Result.objects.filter(indicator=figures.sport).update(value=Decimal(50))
    assert inputs_hash(collect_inputs(figures.meeting)) != before


def test_a_change_in_an_exception_report_changes_the_hash(frozen):
    before = inputs_hash(collect_inputs(frozen.meeting))
    frozen.cycle.exception_reports.filter(theme=frozen.theme).update(successes="Sport participation is up.", version=2)
    assert inputs_hash(collect_inputs(frozen.meeting)) != before


def test_a_past_quarters_pack_is_made_from_the_frozen_snapshot(frozen):
    # given: a pack made after the quarter was frozen
    pack = built(frozen.meeting)
    assert pack.cycle == frozen.cycle and pack.inputs["period"]["source"] == "snapshot"
    original = texts(read(pack))
    assert "62.5%" in "\n".join(original)
    # when: the live figures change afterwards
    Result.objects.filter(indicator=frozen.sport).update(value=Decimal("41.0"))
    # then: the pack's inputs are unchanged, so the same pack is returned
    assert request_pack(frozen.meeting, None) == (pack, False)
    # and made again from scratch, it is the same document
    BoardPack.objects.filter(pk=pack.pk).delete()
    again = built(frozen.meeting)
    assert again.pk != pack.pk and again.inputs_hash == pack.inputs_hash
    assert texts(read(again)) == original
    assert "41.0%" not in "\n".join(original)


# --- the task -----------------------------------------------------------------------------------


def test_the_build_is_claimed_once(figures, render_calls):
    pack, _ = request_pack(figures.meeting, None)
    assert build_board_pack.delay(pack.pk).get() == "done"
    assert build_board_pack.delay(pack.pk).get() == "claimed elsewhere"
    assert len(render_calls) == 1


def test_a_build_whose_worker_died_can_be_claimed_again(figures, render_calls):
    pack, _ = request_pack(figures.meeting, None)
    BoardPack.objects.filter(pk=pack.pk).update(
        status=BoardPack.Status.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert build_board_pack.delay(pack.pk).get() == "done"
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.DONE and pack.progress == 100 and pack.page_count >= 3


def test_progress_is_recorded_as_the_sections_are_laid_out(figures, monkeypatch):
    seen = []
    real = build.set_progress
    monkeypatch.setattr(
        build,
        "set_progress",
        lambda pack_id, percent, message: (seen.append((percent, message)), real(pack_id, percent, message)),
    )
    monkeypatch.setattr(render.os, "cpu_count", lambda: 2)
    pack = built(figures.meeting)
    percents = [percent for percent, _ in seen]
    assert percents == sorted(percents) and percents[-2:] == [90, 95]
    assert seen[0][1] == "Laying out 3 sections in 2 processes"
    assert {message for _, message in seen} >= {"Laid out 3 of 3 sections", "Numbering the pages", "Joining the pages"}
    assert pack.progress == 100 and pack.message.startswith("Made in ")


def test_progress_names_each_section_when_laid_out_in_one_process(figures, monkeypatch):
    seen = []
    monkeypatch.setattr(render.os, "cpu_count", lambda: 1)
    monkeypatch.setattr(build, "set_progress", lambda pack_id, percent, message: seen.append((percent, message)))
    pack = built(figures.meeting)
    assert pack.status == BoardPack.Status.DONE, pack.error
    assert [message for _, message in seen] == [
        "Laying out Well-Being: performance dashboard (1 of 3)",
        "Laying out Escalations (2 of 3)",
        "Laying out Top risks (3 of 3)",
        "Numbering the pages",
        "Joining the pages",
    ]


def test_a_lost_queued_pack_is_sent_to_the_workers_again(figures):
    pack, _ = request_pack(figures.meeting, None)
    assert request_pack(figures.meeting, None) == (pack, False)
    BoardPack.objects.filter(pk=pack.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert request_pack(figures.meeting, None) == (pack, True)


def test_a_failed_build_records_the_error_and_can_be_requested_again(
    client, figures, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(inputs, progress):
        progress(10, "Laying out")
        raise ValueError("No font for this text")

    monkeypatch.setattr(render, "render_pack", broken)
    client.force_login(figures.members["admin"].user)
    url = f"/p/alpha/packs/meeting/{figures.meeting.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "request/")
    pack = BoardPack.objects.filter(meeting=figures.meeting).first()
    assert pack.status == BoardPack.Status.FAILED and "ValueError: No font for this text" in pack.error
    assert not pack.file and pack.finished_at
    html = client.get(url).content.decode()
    assert "Failed" in html and "No font for this text" in html and "Request the board pack again" in html

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "request/")
    latest = BoardPack.objects.filter(meeting=figures.meeting).first()
    assert latest.pk != pack.pk and latest.status == BoardPack.Status.DONE


def test_escalation_sections_come_from_the_escalation_app(figures, monkeypatch):
    # given: the escalation app's read functions (stand-ins with the attributes reports use)
    escalation = SimpleNamespace(
        indicator=SimpleNamespace(
            code="NI 39", title="Alcohol-harm related hospital admissions", lead_theme=figures.theme
        ),
        stage=2,
        stage_label="Stage 2",
        owner_label="Well-Being Board",
        report_to="Executive",
        report_due=dt.date(2031, 1, 31),
        plan="Joint plan with the PCT",
        is_overdue=lambda today: False,
    )
    risk = SimpleNamespace(
        title="Data supplier withdraws",
        score=20,
        likelihood=4,
        impact=5,
        is_highlighted=True,
        owner=None,
        mitigation="Second supplier lined up",
        review_date=dt.date(2031, 2, 1),
        themes=SimpleNamespace(all=lambda: [figures.theme]),
    )
    monkeypatch.setattr(inputs, "escalations_for_themes", lambda ids: [escalation])
    monkeypatch.setattr(inputs, "theme_risks", lambda partnership, theme_ids=None, limit=5: [risk])
    pages = texts(read(built(figures.meeting)))
    text = "\n".join(pages)
    assert "Joint plan with the PCT" in text and "31 Jan 2031" in text and "Stage 2" in text
    assert "Data supplier withdraws" in text and "Second supplier lined up" in text


# --- the pages ----------------------------------------------------------------------------------


def test_the_meeting_page_shows_progress_then_a_download_link(client, figures):
    client.force_login(figures.members["chair"].user)
    pack, _ = request_pack(figures.meeting, figures.members["chair"])  # queued: its task not run
    page = client.get(f"/p/alpha/packs/meeting/{figures.meeting.pk}/").content.decode()
    assert "Queued" in page and f'hx-get="/p/alpha/packs/{pack.pk}/status/"' in page and 'hx-trigger="every 2s"' in page

    build_board_pack.delay(pack.pk)
    status = client.get(f"/p/alpha/packs/{pack.pk}/status/").content.decode()
    assert "Ready" in status and "hx-trigger" not in status
    assert f'href="/p/alpha/packs/{pack.pk}/download/"' in status

    response = client.get(f"/p/alpha/packs/{pack.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="well-being-board-board-pack-' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_board_page_links_each_upcoming_meeting_to_its_pack(client, tree_a):
    url = f"/p/alpha/boards/{tree_a.theme_board.pk}/"
    link = f'href="/p/alpha/packs/meeting/{tree_a.meeting.pk}/"'
    client.force_login(tree_a.members["business"].user)
    assert link in client.get(url).content.decode()
    client.force_login(tree_a.members["plain"].user)
    assert link not in client.get(url).content.decode()


@pytest.mark.parametrize(
    "persona, allowed",
    [
        ("chair", True),  # a seat on the meeting's board
        ("business", True),  # the business group reads every board's papers
        ("admin", True),
        ("plain", False),
        ("officer", False),  # a theme role is not a seat on the board
    ],
)
def test_who_may_see_request_and_download_a_meeting_pack(client, tree_a, persona, allowed):
    pack = built(tree_a.meeting)
    client.force_login(tree_a.members[persona].user)
    expected = 200 if allowed else 403
    assert client.get(f"/p/alpha/packs/meeting/{tree_a.meeting.pk}/").status_code == expected
    assert client.get(f"/p/alpha/packs/{pack.pk}/status/").status_code == expected
    assert client.get(f"/p/alpha/packs/{pack.pk}/download/").status_code == expected
    assert client.post(f"/p/alpha/packs/meeting/{tree_a.meeting.pk}/request/").status_code == (302 if allowed else 403)


def test_a_board_chair_may_not_have_another_boards_pack(client, tree_a):
    client.force_login(tree_a.members["chair"].user)
    top = meeting_of(tree_a.top_board)
    assert client.get(f"/p/alpha/packs/meeting/{top.pk}/").status_code == 403


def test_methods_and_unfinished_packs(client, tree_a):
    client.force_login(tree_a.members["business"].user)
    assert client.get(f"/p/alpha/packs/meeting/{tree_a.meeting.pk}/request/").status_code == 405
    assert client.post(f"/p/alpha/packs/{tree_a.board_pack.pk}/download/").status_code == 405
    assert client.get(f"/p/alpha/packs/{tree_a.board_pack.pk}/download/").status_code == 404  # failed: no file


def test_another_partnerships_packs_are_not_found(client, tree_a, tree_b):
    pack_b = built(tree_b.meeting)
    client.force_login(tree_a.members["admin"].user)
    assert client.get(f"/p/alpha/packs/{pack_b.pk}/download/").status_code == 404
    assert client.get(f"/p/alpha/packs/{pack_b.pk}/status/").status_code == 404
    assert client.get(f"/p/alpha/packs/meeting/{tree_b.meeting.pk}/").status_code == 404
    assert client.post(f"/p/alpha/packs/meeting/{tree_b.meeting.pk}/request/").status_code == 404
    client.force_login(tree_b.members["admin"].user)
    assert client.get(f"/p/beta/packs/{pack_b.pk}/download/").status_code == 200
    # a member of both partnerships still cannot reach B's pack through A
    both = make_member(tree_b.partnership, make_user("both"))
    make_member(tree_a.partnership, both.user)
    client.force_login(both.user)
    assert client.get(f"/p/alpha/packs/{pack_b.pk}/download/").status_code == 404
