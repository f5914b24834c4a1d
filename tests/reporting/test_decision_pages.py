"""The decision and recommendation pages: a meeting's decisions and recommendations, closing and
reopening, making a decision an action, responding, the decision log (HTML and PDF) and the
assurance statement; who may open each (403 without the role, 404 from another partnership), what
bad input says, and that nothing typed is lost."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from partnership.models import BoardKind
from reporting.models import Decision, ExceptionItem, Recommendation
from reporting.services import decisions as service

from .test_decisions import add_governance, decide, due, meeting_of, recommend

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a")


@pytest.fixture
def gov(tree_a):
    return add_governance(tree_a)


def login(client, tree, who):
    client.force_login(tree.members[who].user)
    return client


def page(meeting, suffix=""):
    return f"/p/alpha/meetings/{meeting.pk}/decisions/{suffix}"


def respond_page(board, recommendation):
    return f"/p/alpha/boards/{board.pk}/recommendations/{recommendation.pk}/respond/"


def item_post(tree, item=None, **changes):
    prefix = f"item-{(item or tree.red_item).pk}"
    data = {
        "subject": prefix,
        f"{prefix}-decision": "Fund two more tutors from the reserve",
        f"{prefix}-owner": str(tree.members["chair"].pk),
        f"{prefix}-due_date": due().strftime("%d/%m/%Y"),
    }
    return {**data, **{f"{prefix}-{k}": v for k, v in changes.items()}}


# --- a meeting's decisions and recommendations -------------------------------------------------


def test_the_chair_sees_the_quarters_items_escalations_and_forms(client, gov):
    response = login(client, gov, "chair").get(page(gov.meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Decisions and recommendations" in html and str(gov.cycle.period) in html
    assert "Young people in training" in html and "People into work" in html  # Well-Being's items
    assert "Businesses started" not in html  # Enterprise is the executive board's
    assert "Record a decision on R 1" in html and "Record a decision on NI 112" in html
    assert f"/p/alpha/escalation/{gov.escalation.pk}/" in html


def test_a_business_group_member_reads_a_theme_boards_decisions_but_records_only_at_their_own(client, gov):
    login(client, gov, "business")
    response = client.get(page(gov.meeting))
    assert response.status_code == 200 and "Record a decision" not in response.content.decode()
    assert client.post(page(gov.meeting, "record/"), item_post(gov)).status_code == 403
    business = gov.meetings[BoardKind.BUSINESS_GROUP]
    html = client.get(page(business)).content.decode()
    assert "Businesses started" in html and "Make a recommendation to the Executive" in html


def test_a_member_without_a_seat_gets_403_and_another_partnerships_member_404(client, gov, tree_b):
    login(client, gov, "plain")
    assert client.get(page(gov.meeting)).status_code == 403
    assert client.post(page(gov.meeting, "record/"), item_post(gov)).status_code == 403
    assert client.get(f"/p/alpha/boards/{gov.theme_board.pk}/decisions/").status_code == 403
    client.force_login(tree_b.members["admin"].user)
    assert client.get(page(gov.meeting)).status_code == 404
    assert client.get(f"/p/alpha/boards/{gov.theme_board.pk}/decisions/").status_code == 404
    assert not Decision.objects.exists()


def test_recording_a_decision(client, gov):
    response = login(client, gov, "chair").post(page(gov.meeting, "record/"), item_post(gov))
    assert response.status_code == 302 and response["Location"] == page(gov.meeting) + "#decisions"
    made = Decision.objects.get()
    assert made.exception_item == gov.red_item and made.recorded_by == gov.members["chair"].user
    html = client.get(page(gov.meeting)).content.decode()
    assert "Fund two more tutors from the reserve" in html and page(gov.meeting, f"{made.pk}/close/") in html


def test_bad_input_is_explained_and_what_was_typed_is_kept(client, gov):
    login(client, gov, "chair")
    response = client.post(page(gov.meeting, "record/"), item_post(gov, owner="", due_date=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "<title>Error:" in html
    assert "Choose who owns the decision." in html and "Enter the date the decision is due" in html
    assert "Fund two more tutors from the reserve</textarea>" in html  # kept
    assert f'href="#id_item-{gov.red_item.pk}-owner"' in html and '<details class="govuk-details" open>' in html
    response = client.post(page(gov.meeting, "record/"), item_post(gov, due_date="31/2/2027"))
    assert "Enter a real date, for example 31/3/2027." in response.content.decode()
    assert not Decision.objects.exists()


def test_a_subject_that_is_not_this_partnerships_is_404(client, gov, full_b):
    theirs = ExceptionItem.objects.create(report=full_b.exception_report, indicator=full_b.indicator, status="red")
    login(client, gov, "chair")
    for subject in ("nonsense", "item-abc", f"item-{theirs.pk}", f"escalation-{full_b.escalation.pk}"):
        assert client.post(page(gov.meeting, "record/"), {"subject": subject}).status_code == 404, subject
    assert client.get(page(gov.meeting, "record/")).status_code == 405
    assert not gov.meeting.decisions.exists()


def test_recording_a_recommendation_to_the_executive(client, gov):
    business = gov.meetings[BoardKind.BUSINESS_GROUP]
    login(client, gov, "business")
    response = client.post(page(business).replace("decisions/", "recommendations/record/"), {"area": "", "text": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "Choose what the recommendation is about." in html
    assert "Enter the recommendation." in html
    data = {"area": "risk", "text": "Review the teenage pregnancy commissions", "cycle": gov.cycle.pk}
    response = client.post(page(business).replace("decisions/", "recommendations/record/"), data)
    assert response.status_code == 302
    assert Recommendation.objects.get().to_board == gov.executive


# --- closing, reopening, actions -------------------------------------------------------------------


def test_closing_and_reopening_a_decision(client, gov):
    made = decide(gov)
    login(client, gov, "chair")
    url = page(gov.meeting, f"{made.pk}/close/")
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": 1, "status": "done"})
    assert response.status_code == 200 and "Say what was done." in response.content.decode()
    done = {"version": 1, "status": "done", "outcome": "Tutors started"}
    assert client.post(url, done).status_code == 302
    made.refresh_from_db()
    assert made.status == "done" and made.version == 2
    html = client.get(url).content.decode()
    assert "Reopen the decision" in html and 'name="decision"' not in html  # the path names it
    response = client.post(url, {"version": 2, "action": "reopen"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.is_open


def test_a_stale_close_keeps_what_was_typed_and_shows_the_saved_version(client, gov):
    made = decide(gov)
    service.close_decision(made, status="dropped", outcome="Overtaken by events", expected_version=1, user=None)
    service.reopen_decision(made, expected_version=2, user=None)
    login(client, gov, "chair")
    url = page(gov.meeting, f"{made.pk}/close/")
    response = client.post(url, {"version": 1, "status": "done", "outcome": "My outcome"})
    html = response.content.decode()
    assert response.status_code == 200 and "Someone else changed this decision" in html
    assert "My outcome</textarea>" in html and 'name="version" value="3"' in html
    response = client.post(url, {"version": 1, "action": "reopen"})
    assert response.status_code == 302  # nothing done; the message says so
    assert "nothing has been done" in client.get(page(gov.meeting)).content.decode()


def test_a_decision_of_another_board_or_a_later_meeting_or_none_is_404(client, gov):
    other = decide(gov, gov.meetings[BoardKind.BUSINESS_GROUP], user=gov.members["business"])
    later = decide(gov, meeting_of(gov.theme_board, days=60))
    login(client, gov, "chair")
    for made in (other, later):
        assert client.get(page(gov.meeting, f"{made.pk}/close/")).status_code == 404
        assert client.get(page(gov.meeting, f"{made.pk}/action/")).status_code == 404
    assert client.get(page(gov.meeting, "999999/close/")).status_code == 404
    assert client.get(page(gov.meeting, "close/")).status_code == 404  # no longer a page


def test_a_decision_still_open_is_closed_from_the_next_meetings_page_and_back_to_it(client, gov):
    made = decide(gov)
    following = meeting_of(gov.theme_board, days=60)
    html = login(client, gov, "chair").get(page(following)).content.decode()
    url = page(following, f"{made.pk}/close/")
    assert url in html and page(following, f"{made.pk}/action/") in html  # in the matters arising
    response = client.post(url, {"version": 1, "status": "done", "outcome": "Tutors started"})
    assert response.status_code == 302 and response["Location"] == page(following) + "#decisions"


def test_making_a_decision_a_smart_action(client, gov):
    made = decide(gov, escalation=gov.escalation)
    login(client, gov, "chair")
    url = page(gov.meeting, f"{made.pk}/action/")
    response = client.get(url)
    assert (
        response.status_code == 200 and "Fund two more tutors from the reserve</textarea>" in response.content.decode()
    )
    data = {
        "version": 1,
        "description": "Run",
        "measure": "more",
        "resources": "Two tutors",
        "lead": gov.members["chair"].pk,
        "due_date": due().isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "Say specifically what will be done" in response.content.decode()
    data.update(description="Run weekly drop-in sessions at the college", measure="Forty enrolled by 31 March")
    assert client.post(url, data).status_code == 302
    made.refresh_from_db()
    assert made.action.escalation == gov.escalation


# --- responding, the log, the assurance statement --------------------------------------------------


def test_the_executive_responds_to_the_business_groups_recommendation(client, gov):
    made = recommend(gov, BoardKind.BUSINESS_GROUP, gov.executive)
    url = respond_page(gov.executive, made)
    assert login(client, gov, "chair").get(url).status_code == 403
    login(client, gov, "executive")
    assert client.get(url).status_code == 200
    assert client.get(respond_page(gov.top_board, made)).status_code == 404  # not made to that board
    following = meeting_of(gov.executive, days=50)  # where it arises, the link fills in the meeting
    assert f'href="{url}?meeting={following.pk}"' in client.get(page(following)).content.decode()
    assert f'<option value="{following.pk}" selected>' in client.get(f"{url}?meeting={following.pk}").content.decode()
    response = client.post(url, {"version": 1, "response": "rejected", "reason": ""})
    assert response.status_code == 200 and "Give the reason it is rejected." in response.content.decode()
    data = {"version": 1, "response": "rejected", "reason": "No money this year"}
    assert client.post(url, data).status_code == 302
    made.refresh_from_db()
    assert (made.response, made.response_reason) == ("rejected", "No money this year")
    response = client.post(url, data)  # the same form again: version 1 is out of date now
    assert "Someone else changed this recommendation" in response.content.decode()


def test_the_decision_log_and_its_pdf_in_a_fixed_number_of_queries(client, gov, django_assert_max_num_queries):
    login(client, gov, "chair")
    url = f"/p/alpha/boards/{gov.theme_board.pk}/decisions/"
    decide(gov)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    later = meeting_of(gov.theme_board, days=40)
    for number in range(15):
        subject = {"escalation": gov.escalation} if number % 3 else {"exception_item": gov.amber_item}
        made = decide(gov, later if number % 2 else gov.meeting, **subject)
        if number % 4 == 0:
            service.close_decision(made, status="done", outcome=f"Outcome {number}", expected_version=1, user=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert html.count("Fund two more tutors from the reserve") == 16 and "Outcome 12" in html
    assert html.index(later.starts_at.strftime("%-d %b %Y")) < html.index(gov.meeting.starts_at.strftime("%-d %b %Y"))
    pdf = client.get(url + "pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Well-Being Board: decision log" in text and "Outcome 12" in text


def test_the_assurance_statement_is_the_executive_boards_and_the_hsp_report_carries_it(client, gov):
    url = f"/p/alpha/reports/hsp/{gov.cycle.pk}/assurance/"
    for who in ("chair", "admin", "plain"):
        assert login(client, gov, who).get(url).status_code == 403, who
    login(client, gov, "executive")
    assert client.get(url).status_code == 200
    assert "Enter the assurance statement." in client.post(url, {"statement": " "}).content.decode()
    response = client.post(url, {"statement": "Performance can be relied on."})
    assert response.status_code == 302 and response["Location"] == f"/p/alpha/reports/hsp/{gov.cycle.pk}/"
    recommend(gov, BoardKind.EXECUTIVE_BOARD, gov.top_board, text="Keep the reserve for Q4")
    html = client.get(response["Location"]).content.decode()
    assert "Performance can be relied on." in html and "Keep the reserve for Q4" in html
    assert "Change the assurance statement" in html
    assert (
        "Change the assurance statement" not in login(client, gov, "plain").get(response["Location"]).content.decode()
    )
    stale = login(client, gov, "executive").post(url, {"statement": "Mine"})  # opened before it was written
    assert "Someone else changed the assurance statement" in stale.content.decode()


def test_the_board_page_links_to_the_decisions(client, gov):
    gov.meeting.starts_at = timezone.now() - timezone.timedelta(days=1)
    gov.meeting.save()
    html = login(client, gov, "chair").get(f"/p/alpha/boards/{gov.theme_board.pk}/").content.decode()
    assert page(gov.meeting) in html and f"/p/alpha/boards/{gov.theme_board.pk}/decisions/" in html
    assert (
        page(gov.meeting)
        not in login(client, gov, "plain").get(f"/p/alpha/boards/{gov.theme_board.pk}/").content.decode()
    )


def test_each_forms_hints_and_errors_are_named_with_its_prefix(client, gov):
    response = login(client, gov, "chair").post(page(gov.meeting, "record/"), item_post(gov, due_date=""))
    prefix = f"id_item-{gov.red_item.pk}-due_date"
    assert f'aria-describedby="{prefix}-hint {prefix}-error"' in response.content.decode()
    assert f'id="{prefix}-hint"' in response.content.decode() and f'id="{prefix}-error"' in response.content.decode()
