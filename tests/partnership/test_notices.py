"""In-app notices (partnership.services.notices): every email the product sends a person is also a
notice for them, made with it, none when the email's claim is lost; "Your notices" lists only your
own, opening one marks it read, and the header counts the unread ones."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from escalation.services.action_plans import send_overdue_reminders
from partnership.models import Notice, NoticeKind
from partnership.models.notices import summary_of
from partnership.services.notices import tell
from reporting.models import Notification
from reporting.services import decisions
from reporting.services.notifications import notify, outstanding_by_officer, send_about_report, send_out_report

from ..conftest import client_for


def one_email_one_notice(member, kind):
    """The only email sent and the only notice made, and that they say the same."""
    assert len(mail.outbox) == 1
    email, notice = mail.outbox[0], Notice.objects.get()
    assert (notice.membership, notice.kind) == (member, kind)
    assert email.to == [member.user.email]
    assert (email.subject, email.body) == (notice.subject, notice.body)
    assert f"{settings.SITE_URL}{notice.path}" in email.body
    return email, notice


def notice_for(member, subject="Returns due", kind=NoticeKind.REMINDER, path=None):
    path = path or reverse("indicators:return_list", args=[member.partnership.slug])
    return tell(member, kind, subject, f"Dear {member.display_name},\n\n{subject}, soon.", path, email=False)


# --- the senders -----------------------------------------------------------------------------------


def test_a_reminder_makes_one_notice_and_none_when_its_claim_is_lost(full_a):
    officer = full_a.members["officer"]
    items = outstanding_by_officer(full_a.cycle)[officer]
    # when
    assert notify(full_a.cycle, Notification.Kind.REMINDER, officer, items)
    assert not notify(full_a.cycle, Notification.Kind.REMINDER, officer, items)  # claimed already
    # then
    email, notice = one_email_one_notice(officer, NoticeKind.REMINDER)
    assert notice.path == "/p/alpha/returns/" and "NI 112" in notice.body
    assert not notice.is_read


def test_a_chaser_copies_the_leads_and_makes_a_notice_for_the_officer_only(full_a):
    officer, lead = full_a.members["officer"], full_a.members["outcome_lead"]
    items = outstanding_by_officer(full_a.cycle)[officer]
    assert notify(full_a.cycle, Notification.Kind.CHASER, officer, items, copied_to=[lead])
    assert not notify(full_a.cycle, Notification.Kind.CHASER, officer, items, copied_to=[lead])
    email, _notice = one_email_one_notice(officer, NoticeKind.CHASER)
    assert email.cc == [lead.user.email]


def test_draft_ready_makes_one_notice_and_none_when_its_claim_is_lost(full_a):
    lead, report = full_a.members["outcome_lead"], full_a.exception_report
    assert send_about_report(Notification.Kind.DRAFT_READY, report, lead)
    assert not send_about_report(Notification.Kind.DRAFT_READY, report, lead)
    _email, notice = one_email_one_notice(lead, NoticeKind.DRAFT_READY)
    assert notice.path == f"/p/alpha/reports/exception/{report.pk}/"


def test_sending_a_report_out_makes_one_notice_per_board_member_emailed(full_a):
    chair, report = full_a.members["chair"], full_a.exception_report  # the theme board's only seat
    assert send_out_report(report, b"%PDF-1.7 example", "report.pdf") == 1
    assert send_out_report(report, b"%PDF-1.7 example", "report.pdf") == 0  # sent already: claimed
    email, notice = one_email_one_notice(chair, NoticeKind.REPORT_SENT)
    assert email.attachments[0][0] == "report.pdf"


def test_an_overdue_action_makes_one_notice_per_reminder(escalations_a):
    action, lead = escalations_a.action, escalations_a.members["admin"]
    after_due = action.due_date + dt.timedelta(days=1)
    assert send_overdue_reminders(escalations_a.partnership, after_due) == 1
    assert send_overdue_reminders(escalations_a.partnership, after_due) == 0
    _email, notice = one_email_one_notice(lead, NoticeKind.ACTION_OVERDUE)
    assert notice.path == escalations_a.escalation.get_absolute_url()


def test_a_lead_with_no_email_address_still_finds_the_reminder_in_their_notices(escalations_a):
    lead = escalations_a.members["admin"]
    lead.user.email = ""
    lead.user.save()
    assert send_overdue_reminders(escalations_a.partnership, escalations_a.action.due_date + dt.timedelta(days=1)) == 0
    assert mail.outbox == []
    assert Notice.objects.get().membership == lead


def record(tree, owner):
    return decisions.record_decision(
        tree.meeting,
        escalation=tree.escalation,
        decision="Fund two more school nurses",
        owner=owner,
        due_date=timezone.localtime(tree.meeting.starts_at).date() + dt.timedelta(days=30),
        user=tree.members["chair"].user,
    )


def test_a_decision_recorded_with_an_owner_tells_the_owner_once_committed(
    escalations_a, django_capture_on_commit_callbacks
):
    owner = escalations_a.members["outcome_lead"]  # no seat on the board: sent to the escalation
    with django_capture_on_commit_callbacks(execute=True):
        made = record(escalations_a, owner)
        assert mail.outbox == [] and not Notice.objects.exists()  # not before the recording is committed
    email, notice = one_email_one_notice(owner, NoticeKind.DECISION_ASSIGNED)
    assert notice.subject.startswith("Decision for you to carry out: Escalation of NI 112")
    assert "Fund two more school nurses" in email.body and made.subject in email.body
    assert notice.path == escalations_a.escalation.get_absolute_url()


def test_a_decision_owner_with_a_seat_is_sent_to_the_meetings_decisions(
    escalations_a, django_capture_on_commit_callbacks
):
    chair = escalations_a.members["chair"]
    with django_capture_on_commit_callbacks(execute=True):
        made = record(escalations_a, chair)
    _email, notice = one_email_one_notice(chair, NoticeKind.DECISION_ASSIGNED)
    assert notice.path == f"/p/alpha/meetings/{escalations_a.meeting.pk}/decisions/#decision-{made.pk}"


def test_a_decision_whose_recording_is_rolled_back_tells_nobody(escalations_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record(escalations_a, escalations_a.members["outcome_lead"])
    assert len(callbacks) == 1  # would run on commit; never run here, as on a rollback
    assert mail.outbox == [] and not Notice.objects.exists()


def test_an_email_that_fails_to_send_leaves_no_notice(tree_a, monkeypatch):
    def fail(self, fail_silently=False):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailMessage, "send", fail)
    with pytest.raises(ConnectionRefusedError):
        tell(tree_a.members["officer"], NoticeKind.REMINDER, "Returns due", "Dear Officer,\n\nSoon.", "/p/alpha/")
    assert not Notice.objects.exists()


def test_tell_puts_the_page_in_the_email_and_refuses_a_page_of_another_site(tree_a):
    notice = tell(tree_a.members["officer"], NoticeKind.REMINDER, "Due\nsoon", "Dear Officer,\n\nSoon.", "/p/alpha/")
    assert notice.subject == "Due soon"
    assert mail.outbox[0].body.rstrip().endswith("/p/alpha/")
    for path in ("https://evil.example/", "//evil.example/", "p/alpha/"):
        with pytest.raises(ValueError):
            tell(tree_a.members["officer"], NoticeKind.REMINDER, "Due", "Soon.", path)
    with pytest.raises(ValueError):
        tell(tree_a.members["officer"], "gossip", "Due", "Soon.", "/p/alpha/")


def test_the_summary_is_the_first_paragraph_after_the_greeting():
    assert summary_of("Dear Olivia,\n\nThe returns\nare due.\n\nEnter them at …") == "The returns are due."
    assert summary_of("Short.") == "Short."
    long = summary_of("Dear A,\n\n" + "word " * 100)
    assert len(long) <= 161 and long.endswith("…")


# --- the pages ---------------------------------------------------------------------------------------


def test_the_list_shows_only_your_own_notices_even_to_an_administrator(client, tree_a):
    notice_for(tree_a.members["officer"], "Officer's own reminder")
    notice_for(tree_a.members["admin"], "Administrator's own reminder")
    client_for(client, tree_a.members["admin"])
    response = client.get("/p/alpha/notices/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Administrator&#x27;s own reminder" in page
    assert "Officer&#x27;s own reminder" not in page


def test_another_members_notice_is_404(client, tree_a, tree_b):
    notice = notice_for(tree_a.members["officer"])
    for member in (tree_a.members["admin"], tree_b.members["admin"]):
        client_for(client, member)
        assert client.get(f"/p/alpha/notices/{notice.pk}/").status_code == 404
        assert client.post(f"/p/alpha/notices/{notice.pk}/unread/").status_code == 404
    client_for(client, tree_b.members["admin"])
    assert client.get(f"/p/beta/notices/{notice.pk}/").status_code == 404  # nor through their own partnership
    notice.refresh_from_db()
    assert not notice.is_read


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, tree_a):
    notice = notice_for(tree_a.members["officer"])
    client_for(client, tree_a.members["officer"])
    response = client.get(f"/p/alpha/notices/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == "/p/alpha/returns/"
    notice.refresh_from_db()
    first_read = notice.read_at
    assert first_read is not None
    client.get(f"/p/alpha/notices/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.read_at == first_read  # read when first opened
    assert client.post(f"/p/alpha/notices/{notice.pk}/").status_code == 405


def test_a_read_notice_can_be_marked_unread_again(client, tree_a):
    notice = notice_for(tree_a.members["officer"])
    Notice.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    client_for(client, tree_a.members["officer"])
    assert "Mark as unread" in client.get("/p/alpha/notices/").content.decode()
    response = client.post(f"/p/alpha/notices/{notice.pk}/unread/", follow=True)
    assert "Marked “Returns due” as unread." in response.content.decode()
    notice.refresh_from_db()
    assert not notice.is_read
    assert client.get(f"/p/alpha/notices/{notice.pk}/unread/").status_code == 405


def test_mark_all_as_read_marks_only_your_own(client, tree_a):
    mine = [notice_for(tree_a.members["officer"], f"Reminder {n}") for n in range(3)]
    theirs = notice_for(tree_a.members["admin"])
    client_for(client, tree_a.members["officer"])
    assert client.get("/p/alpha/notices/read/").status_code == 405
    response = client.post("/p/alpha/notices/read/", follow=True)
    assert "Marked 3 notices as read." in response.content.decode()
    assert Notice.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert not theirs.is_read
    response = client.post("/p/alpha/notices/read/", follow=True)
    assert "You have no unread notices." in response.content.decode()


def test_the_list_filters_by_read_unread_and_kind(client, tree_a):
    officer = tree_a.members["officer"]
    read = notice_for(officer, "An old reminder")
    Notice.objects.filter(pk=read.pk).update(read_at=timezone.now())
    notice_for(officer, "A new chaser", kind=NoticeKind.CHASER)
    client_for(client, officer)

    def subjects(query):
        page = client.get(f"/p/alpha/notices/?{query}").content.decode()
        return {s for s in ("An old reminder", "A new chaser") if s in page}

    assert subjects("") == {"An old reminder", "A new chaser"}
    assert "[invalid name]" not in client.get("/p/alpha/notices/").content.decode()  # every filter is labelled
    assert subjects("status=unread") == {"A new chaser"}
    assert subjects("status=read") == {"An old reminder"}
    assert subjects("kind=reminder") == {"An old reminder"}
    assert client.get("/p/alpha/notices/?status=nonsense&kind=gossip").status_code == 200  # a bad choice is no 500
    export = client.get("/p/alpha/notices/?export=csv").content.decode()
    assert "A new chaser" in export and "Mark as unread" not in export


def test_the_header_counts_your_unread_notices(client, tree_a):
    officer = tree_a.members["officer"]
    for n in range(3):
        notice_for(officer, f"Reminder {n}")
    notice_for(tree_a.members["admin"])  # not the officer's
    client_for(client, officer)
    assert "Notices (3 unread)" in client.get("/p/alpha/").content.decode()
    client.post("/p/alpha/notices/read/")
    page = client.get("/p/alpha/").content.decode()
    assert "Notices (" not in page and 'href="/p/alpha/notices/"' in page


def test_the_header_counts_in_one_query_and_only_on_a_partnerships_pages(client, tree_a):
    notice_for(tree_a.members["officer"])
    client_for(client, tree_a.members["officer"])
    with CaptureQueriesContext(connection) as queries:
        client.get("/p/alpha/")
    assert sum("partnership_notice" in q["sql"] for q in queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/accounts/password_change/").content.decode()
    assert not any("partnership_notice" in q["sql"] for q in queries.captured_queries)
    assert "/notices/" not in page


def test_the_list_page_makes_a_bounded_number_of_queries(client, tree_a, django_assert_max_num_queries):
    officer = tree_a.members["officer"]
    for n in range(40):
        notice_for(officer, f"Reminder {n}", kind=NoticeKind.values[n % len(NoticeKind.values)])
    Notice.objects.filter(subject__endswith="0").update(read_at=timezone.now())
    client_for(client, officer)
    with django_assert_max_num_queries(9):  # the same for 1 row or 100
        response = client.get("/p/alpha/notices/?per_page=100")
    assert response.content.decode().count("govuk-tag--blue") == 36
