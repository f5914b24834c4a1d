"""Tenant isolation: outsiders get 404 on every tenant URL, objects never cross partnerships."""

import datetime as dt

import pytest

from partnership.models import Board, Meeting, Membership, Partnership, RoleAssignment, Theme
from reporting.models import Decision

from ..builders import make_member, make_user
from ..tenant_urls import tenant_url_names, tenant_urls


def test_the_walker_finds_the_tenant_pages(db):
    names = tenant_url_names()
    assert "partnership:overview" in names
    assert "partnership:meeting_edit" in names
    assert {"reporting:meeting_decisions", "reporting:decision_log_pdf", "reporting:assurance_edit"} <= set(names)
    assert len(names) >= 10


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_member_of_another_partnership_gets_404_on_every_tenant_url(client, tree_a, tree_b, method):
    # given: B's administrator, who may do anything in B
    client.force_login(tree_b.members["admin"].user)
    # when / then: every URL of A, pointing at A's objects, answers 404 and shows none of A's data
    for name, url in tenant_urls(tree_a):
        response = getattr(client, method)(url)
        assert response.status_code in (404, 405), f"{method.upper()} {name} {url} -> {response.status_code}"
        if response.status_code == 405:
            assert method == "get", f"POST {name} should be refused with 404 first"
        assert tree_a.partnership.name.encode() not in response.content


def test_the_decision_pages_find_only_the_meetings_decisions_and_the_boards_recommendations(client, full_a, full_b):
    # given: A's decision at the theme board's meeting and its business group's recommendation to the
    # executive board (with_reports, which the walk above reaches), and the same of B
    a, executive = full_a.partnership, full_a.recommendation.to_board
    later = Meeting.objects.create(board=full_a.theme_board, starts_at=full_a.meeting.starts_at + dt.timedelta(90))

    def decided(meeting):
        return Decision.objects.create(meeting=meeting, subject="Another", decision="x", due_date=dt.date(2099, 1, 1))

    def decision_url(meeting, decision, page="close"):
        return f"/p/{a.slug}/meetings/{meeting.pk}/decisions/{decision.pk}/{page}/"

    def respond_url(board, recommendation):
        return f"/p/{a.slug}/boards/{board.pk}/recommendations/{recommendation.pk}/respond/"

    client.force_login(full_a.members["chair"].user)
    # then: the meeting's own decision opens, and so does an earlier meeting's, arising at the next
    assert client.get(decision_url(full_a.meeting, full_a.decision)).status_code == 200
    assert client.get(decision_url(later, full_a.decision, "action")).status_code == 200
    # and a decision of another board's meeting, of a later meeting or of B, is not found
    found_nowhere = [
        *(decision_url(full_a.meeting, decided(full_a.business_meeting), page) for page in ("close", "action")),
        decision_url(full_a.meeting, decided(later)),
        decision_url(full_a.meeting, full_b.decision),
        respond_url(full_a.theme_board, full_a.recommendation),  # made to the executive board
        respond_url(executive, full_b.recommendation),
    ]
    for url in found_nowhere:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": 1, "action": "reopen"}).status_code == 404, url
    # while the executive's own recommendation is found, and refused to the chair, who has no seat there
    assert client.get(respond_url(executive, full_a.recommendation)).status_code == 403


def test_a_member_cannot_reach_another_partnerships_objects_through_their_own_partnership(client, tree_a, tree_b):
    # given: A's administrator, using A's slug with B's object ids
    client.force_login(tree_a.members["admin"].user)
    b_member = make_member(tree_b.partnership, make_user("someone_b"), [])
    urls_with_b_objects = [
        f"/p/alpha/boards/{tree_b.theme_board.pk}/",
        f"/p/alpha/boards/{tree_b.theme_board.pk}/meetings/new/",
        f"/p/alpha/meetings/{tree_b.meeting.pk}/edit/",
        f"/p/alpha/people/{b_member.pk}/",
        f"/p/alpha/people/{b_member.pk}/edit/",
        f"/p/alpha/people/{b_member.pk}/roles/new/",
        f"/p/alpha/indicators/{tree_b.indicator.pk}/",
        f"/p/alpha/indicators/{tree_b.indicator.pk}/edit/",
        f"/p/alpha/indicators/{tree_b.indicator.pk}/targets/",
        f"/p/alpha/indicators/{tree_b.indicator.pk}/targets/agree/",
    ]
    for url in urls_with_b_objects:
        assert client.get(url).status_code == 404, url
    assignment = tree_b.members["admin"].role_assignments.get()
    assert client.post(f"/p/alpha/roles/{assignment.pk}/remove/").status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_anonymous_users_are_sent_to_sign_in_from_every_tenant_url(client, tree_a):
    for name, url in tenant_urls(tree_a):
        response = client.get(url)
        if response.status_code == 405:
            continue
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), name
            continue
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/?next="), name


def test_an_inactive_member_is_an_outsider(client, tree_a):
    tree_a.members["plain"].is_active = False
    tree_a.members["plain"].save()
    client.force_login(tree_a.members["plain"].user)
    assert client.get("/p/alpha/").status_code == 404
    assert list(Partnership.objects.for_user(tree_a.members["plain"].user)) == []


def test_an_unknown_partnership_is_404(as_admin):
    assert as_admin.get("/p/no-such-partnership/").status_code == 404


def test_scoped_managers_return_only_the_partnerships_rows(tree_a, tree_b):
    a, b = tree_a.partnership, tree_b.partnership
    assert set(Board.objects.for_partnership(a)) == set(Board.objects.filter(partnership=a))
    assert not Board.objects.for_partnership(a).filter(partnership=b).exists()
    assert list(Meeting.objects.for_partnership(b)) == [tree_b.meeting]
    assert set(Theme.objects.for_partnership(b)) == {tree_b.theme, tree_b.other_theme}
    assert all(m.partnership == a for m in Membership.objects.for_partnership(a))
    assert {r.membership.partnership for r in RoleAssignment.objects.for_partnership(b)} == {b}
    assert tree_b.meeting.get_partnership() == b


def test_a_person_may_belong_to_several_partnerships(client, tree_a, tree_b):
    # given: one person in both
    user = tree_a.members["plain"].user
    make_member(tree_b.partnership, user)
    client.force_login(user)
    # then: both are listed, and both open
    response = client.get("/")
    assert response.status_code == 200
    assert b"Alpha Partnership" in response.content and b"Beta Partnership" in response.content
    assert client.get("/p/alpha/").status_code == 200
    assert client.get("/p/beta/").status_code == 200


def test_a_member_of_one_partnership_sees_its_navigation_at_home(as_plain):
    response = as_plain.get("/")
    assert response.status_code == 200
    assert response.context["partnership"].slug == "alpha"
    assert b'href="/p/alpha/"' in response.content


# What every member of a partnership may open, whatever their roles. Every other tenant URL needs
# a role, so a member without it gets 403 (a new URL must be added here or refuse them).
OPEN_TO_EVERY_MEMBER = {
    "partnership:overview",
    "partnership:theme_detail",
    "partnership:board_list",
    "partnership:board_detail",
    "partnership:member_list",
    "partnership:member_detail",
    "partnership:notice_list",
    "partnership:notice_read_all",
    "partnership:notice_open",
    "partnership:notice_unread",
    "partnership:my_monitoring",  # each member's own form: no id, only the signed-in member's answers
    "partnership:my_monitoring_remove",
    "partnership:make_up",  # totals only, withheld below the partnership's minimum
    "indicators:indicator_list",
    "indicators:indicator_detail",
    "indicators:catalogue",
    "indicators:return_list",
    "indicators:return_edit",
    "indicators:return_preview",
    "indicators:return_evidence",
    "indicators:challenge_list",
    "indicators:commission_list",
    "indicators:commission_detail",
    "indicators:spend_return_edit",
    "escalation:list",
    "escalation:detail",
    "escalation:action_list",
    "escalation:risk_list",
    "escalation:risk_detail",
    "escalation:route",
    "escalation:report",
    "escalation:report_pdf",
    "reporting:timetable",
    "reporting:dashboard",
    "reporting:dashboard_pdf",
    "reporting:projects",
    "reporting:projects_pdf",
    "reporting:scorecard",
    "reporting:scorecard_pdf",
    "reporting:theme_scorecard",
    "reporting:theme_scorecard_pdf",
    "reporting:exception_list",
    "reporting:exception_detail",
    "reporting:exception_pdf",
    "reporting:partnership_report",
    "reporting:partnership_report_pdf",
    "reporting:finance_report",
    "reporting:finance_report_pdf",
    "api:indicators",
    "api:indicator",
    "api:indicator_targets",
    "api:indicator_results",
    "api:returns",
    "api:return",
    "api:return_decide",
    "api:spend_returns",
    "api:spend_return",
    "api:spend_return_decide",
    "surveys:list",
    "surveys:answer",
    "surveys:results",
    "surveys:results_pdf",
    "planning:plans",
    "planning:plan",
    "planning:plan_version",
    "planning:laa_plan",
    "planning:laa_plan_pdf",
    "planning:calendar",
    "planning:reviews",  # every member reads the reviews; the executive board opens one
    "planning:review",
    "planning:annual_report",
    "planning:annual_report_pdf",
}
# Where an open URL does not answer 200 to a GET or 405 to a POST from such a member, and why.
OPEN_EXCEPTIONS = {
    ("indicators:return_evidence", "get"): 404,  # the example return has no evidence attached
    ("indicators:return_preview", "get"): 405,  # htmx posts the figures being typed
    ("indicators:return_preview", "post"): 200,
    ("indicators:return_edit", "post"): 403,  # anyone may read a return; only its theme's officers enter it
    ("indicators:spend_return_edit", "post"): 403,
    ("api:returns", "post"): 400,  # the body is read first: the role depends on the indicator it names
    ("api:return_decide", "get"): 405,
    ("api:return_decide", "post"): 400,
    ("api:spend_returns", "post"): 400,  # as api:returns: the role depends on the commission the body names
    ("api:spend_return_decide", "get"): 405,
    ("api:spend_return_decide", "post"): 400,
    ("partnership:notice_read_all", "get"): 405,  # every member marks their own notices read
    ("partnership:notice_read_all", "post"): 302,
    ("partnership:notice_open", "get"): 404,  # the example notice is the officer's: nobody else's to open
    ("partnership:notice_open", "post"): 404,
    ("partnership:notice_unread", "get"): 404,
    ("partnership:notice_unread", "post"): 404,
    ("partnership:my_monitoring", "post"): 200,  # a form with nothing answered is refused with a message
    ("partnership:my_monitoring_remove", "post"): 302,  # nothing to remove: it says so
    ("surveys:answer", "post"): 200,
    ("planning:reviews", "post"): 403,  # every member answers; the example survey has closed, and the page says so
}


def test_a_member_without_the_role_gets_403_on_every_url_that_needs_one(client, full_a):
    # given: a member of A who holds no role at all
    client.force_login(full_a.members["plain"].user)
    names = set()
    for name, url in tenant_urls(full_a):
        names.add(name)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if name in OPEN_TO_EVERY_MEMBER:
                expected = OPEN_EXCEPTIONS.get((name, method), 200 if method == "get" else 405)
            else:
                expected = 403
            assert status == expected, f"{method.upper()} {name} {url} -> {status}, expected {expected}"
    assert OPEN_TO_EVERY_MEMBER <= names, OPEN_TO_EVERY_MEMBER - names  # the list names real URLs
