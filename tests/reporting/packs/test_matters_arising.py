"""The next pack opens with the matters arising: a decision recorded at one meeting, still open,
is in the next meeting's pack, and so is a recommendation awaiting a response; the pack names the
HSP/PMG report version it used, and the overview boards' packs carry the assurance statement."""

import pytest
from django.utils import timezone

from partnership.models import BoardKind
from reporting.models import BoardPack
from reporting.packs.inputs import collect_inputs
from reporting.services import decisions as service
from reporting.services.chain import assemble_at_milestone

from ..test_decisions import add_governance, decide, meeting_of, recommend
from .helpers import built, contents_entries, read, texts

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


@pytest.fixture
def gov(tree_a):
    return add_governance(tree_a)


def kinds(inputs):
    return [section["kind"] for section in inputs["sections"]]


def test_a_decision_recorded_at_one_meeting_appears_in_the_next_meetings_pack(gov):
    made = decide(gov)  # at the theme board's meeting in 30 days
    following = meeting_of(gov.theme_board, days=60, title="Next quarterly review")
    assert "matters_arising" not in kinds(collect_inputs(gov.meeting))  # nothing arises before it was made

    inputs = collect_inputs(following)
    assert kinds(inputs)[0] == "matters_arising"
    arising = inputs["sections"][0]
    assert [row["id"] for row in arising["decisions"]] == [made.pk]

    pack = built(following, gov.members["chair"])
    assert pack.status == BoardPack.Status.DONE, pack.error
    pages = texts(read(pack))
    assert contents_entries(pages[1])[0] == ("Matters arising", 3)
    arising_page = " ".join(pages[2].split())  # cells wrap
    assert arising_page.startswith("Matters arising")
    assert "R 1 Young people in training: decisions required" in arising_page
    assert "Fund two more tutors from the reserve" in arising_page and "Open" in arising_page
    assert gov.members["chair"].display_name in arising_page

    # closed, it no longer arises, and the pack for the meeting is made afresh
    service.close_decision(made, status="done", outcome="Tutors started", expected_version=1, user=None)
    again = collect_inputs(following)
    assert "matters_arising" not in kinds(again)
    assert again != inputs


def test_a_recommendation_awaiting_a_response_arises_for_both_boards(gov):
    made = recommend(gov, BoardKind.BUSINESS_GROUP, gov.executive)
    executive_next = meeting_of(gov.executive, days=50)
    business_next = meeting_of(gov.business_group, days=50)
    received = collect_inputs(executive_next)["sections"][0]
    assert received["kind"] == "matters_arising" and [r["id"] for r in received["received"]] == [made.pk]
    assert [r["id"] for r in collect_inputs(business_next)["sections"][0]["made"]] == [made.pk]
    service.respond(made, response="accepted", reason="Agreed", expected_version=1, user=None)
    assert "matters_arising" not in kinds(collect_inputs(executive_next))


def test_the_pack_names_the_hsp_report_version_and_the_overview_carries_the_assurance(gov):
    meeting = gov.meetings[BoardKind.EXECUTIVE_BOARD]
    inputs = collect_inputs(meeting)
    assert inputs["period"]["hsp_report"] is None
    overview = next(s for s in inputs["sections"] if s["kind"] == "overview")
    assert overview["with_assurance"] and overview["assurance"] is None

    assert assemble_at_milestone(gov.cycle, today=gov.cycle.partnership_report_due, now=timezone.now())
    service.save_assurance(gov.cycle, statement="Performance can be relied on.", expected_version=None, user=None)
    inputs = collect_inputs(meeting)
    assert inputs["period"]["hsp_report"]["version"] == 1
    assert inputs["period"]["hsp_report"]["is_complete"] is False  # the theme reports are drafts
    overview = next(s for s in inputs["sections"] if s["kind"] == "overview")
    assert overview["assurance"]["statement"] == "Performance can be relied on."
    assert {row["code"]: row["draft"] for row in overview["red_items"]}["R 1"] is True

    pack = built(meeting, gov.members["executive"])
    assert pack.status == BoardPack.Status.DONE, pack.error
    pages = texts(read(pack))
    assembled = gov.cycle.partnership_reports.get().assembled_at
    assert f"Version 1 of {timezone.localtime(assembled):%-d %B %Y}" in pages[0]
    overview_text = next(text for text in pages[2:] if "Overview of performance by theme" in text)
    assert "from the HSP/PMG report, version 1" in overview_text
    assert "Performance can be relied on." in overview_text

    theme_inputs = collect_inputs(gov.meeting)  # a theme board's pack has no overview, but names the version
    assert theme_inputs["period"]["hsp_report"]["version"] == 1


def test_without_an_hsp_report_the_cover_says_where_the_figures_come_from(gov):
    pack = built(gov.meetings[BoardKind.PARTNERSHIP_BOARD], gov.members["top"])
    assert pack.status == BoardPack.Status.DONE, pack.error
    pages = texts(read(pack))
    assert "None assembled yet: the overview is collated from the theme dashboards" in pages[0]
    assert "no HSP/PMG report has been assembled: figures from the theme dashboards" in "\n".join(pages)
    assert "has not written its assurance statement" in "\n".join(pages)


def test_the_meeting_pack_page_names_the_version_and_links_to_the_decisions(client, gov):
    assemble_at_milestone(gov.cycle, today=gov.cycle.partnership_report_due, now=timezone.now())
    client.force_login(gov.members["chair"].user)
    html = client.get(f"/p/alpha/packs/meeting/{gov.meeting.pk}/").content.decode()
    assert f"/p/alpha/meetings/{gov.meeting.pk}/decisions/" in html
    assert "Version 1, assembled while some theme reports were drafts" in html
