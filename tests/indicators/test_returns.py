"""Quarterly returns: the form's validation, drafts, submission, the workflow and who may move it,
optimistic locking, the audit trail, data challenges and evidence."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from indicators.models import DataChallenge, IndicatorReturn, Period, Result
from indicators.periods import PeriodKind, span_containing
from indicators.services.rounds import lock_round
from partnership.roles import Role

from ..builders import make_indicator, make_member, make_user

pytestmark = pytest.mark.usefixtures("returns_a")

ALL_SIX = {f"dq_{name}": "on" for name in ("accurate", "valid", "reliable", "timely", "relevant", "complete")}


@pytest.fixture
def coordinator(tree_a):
    return make_member(tree_a.partnership, make_user("coordinator_a"), [(Role.REPORT_COORDINATOR, tree_a.theme)])


@pytest.fixture
def analyst(tree_a):
    return make_member(tree_a.partnership, make_user("analyst_a"), [(Role.PERFORMANCE_MANAGEMENT_LEAD, tree_a.theme)])


@pytest.fixture
def homes(tree_a):
    """A count judged quarter by quarter (higher is better): target 100, monitoring level 90."""
    quarter = tree_a.quarter
    return make_indicator(
        tree_a,
        "L 154",
        unit="count",
        polarity="higher",
        accumulation="snapshot",
        targets=[(quarter.financial_year, Decimal(100), Decimal(90))],
    )


@pytest.fixture
def recycling(tree_a):
    """A percentage worked out from a numerator and denominator."""
    return make_indicator(
        tree_a,
        "NI 192",
        unit="percentage",
        polarity="higher",
        is_ratio=True,
        numerator_label="tonnes recycled",
        denominator_label="tonnes collected",
        targets=[(tree_a.quarter.financial_year, Decimal(30), Decimal(27))],
    )


def url(tree, indicator, span=None):
    period = Period.objects.for_span(span or tree.quarter)
    return f"/p/alpha/returns/{indicator.pk}/{period.pk}/"


def as_member(client, tree, name):
    client.force_login(tree.members[name].user)
    return client


# --- My returns ------------------------------------------------------------------------------


def test_my_returns_lists_the_officers_returns_by_theme_with_state_and_deadline(client, tree_a, homes):
    html = as_member(client, tree_a, "officer").get("/p/alpha/returns/").content.decode()
    assert f"Returns for {tree_a.quarter.label}" in html
    assert "NI 112 Under 18 conception rate" in html and "In progress" in html  # the fixture's draft
    assert "L 154" in html and "Not started" in html
    days = (tree_a.round.collation_deadline - timezone.localdate()).days
    assert f"{abs(days)} day" in html
    assert "govuk-task-list" in html


def test_members_without_a_theme_role_have_no_returns_to_do(client, tree_a):
    html = as_member(client, tree_a, "plain").get("/p/alpha/returns/").content.decode()
    assert "You are not responsible for any returns in this round" in html


def test_the_coordinator_sees_what_waits_for_approval(client, tree_a, coordinator):
    tree_a.indicator_return.state = "submitted"
    tree_a.indicator_return.save()
    client.force_login(coordinator.user)
    assert "waiting for your approval" in client.get("/p/alpha/returns/").content.decode()


# --- validation: a message beside the field, nothing typed lost ---------------------------------


def post(client, tree, indicator, **data):
    data.setdefault("version", "0")
    return client.post(url(tree, indicator), data)


def test_a_non_number_is_explained_and_everything_typed_is_kept(client, tree_a, homes):
    response = post(
        as_member(client, tree_a, "officer"),
        tree_a,
        homes,
        value="about 90",
        commentary="Slow quarter",
        action="save_draft",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a number, like 42.5" in html and 'href="#id_value"' in html
    assert 'value="about 90"' in html and "Slow quarter" in html
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_a_negative_count_is_refused(client, tree_a, homes):
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="-4", action="save_draft")
    assert response.context["form"].errors["value"] == ["Enter a value of 0 or more."]


def test_a_percentage_over_100_is_refused(client, tree_a):
    rate = make_indicator(tree_a, "L 7", unit="percentage", polarity="higher")
    response = post(as_member(client, tree_a, "officer"), tree_a, rate, value="140", action="save_draft")
    assert response.context["form"].errors["value"] == ["Enter a percentage between 0 and 100."]


def test_a_numerator_larger_than_the_denominator_is_refused_for_a_percentage(client, tree_a, recycling):
    response = post(
        as_member(client, tree_a, "officer"), tree_a, recycling, numerator="900", denominator="600", action="save_draft"
    )
    assert response.context["form"].errors["numerator"] == [
        "The numerator cannot be more than the denominator for a percentage."
    ]
    response = post(
        as_member(client, tree_a, "officer"), tree_a, recycling, numerator="9", denominator="0", action="save_draft"
    )
    assert "cannot be 0" in response.context["form"].errors["denominator"][0]


def test_a_period_not_yet_ended_cannot_have_a_result(client, tree_a, homes):
    current = span_containing(PeriodKind.QUARTER, timezone.localdate())
    response = as_member(client, tree_a, "officer").post(
        url(tree_a, homes, current), {"value": "10", "version": "0", "action": "save_draft"}
    )
    html = response.content.decode()
    assert "has not ended yet" in html
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_evidence_must_be_a_real_file_of_an_allowed_type_and_size(client, tree_a, homes):
    officer = as_member(client, tree_a, "officer")
    fake_pdf = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = officer.post(
        url(tree_a, homes), {"value": "90", "version": "0", "action": "save_draft", "evidence": fake_pdf}
    )
    assert response.context["form"].errors["evidence"] == ["The file's contents are not a PDF file."]
    program = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = officer.post(
        url(tree_a, homes), {"value": "90", "version": "0", "action": "save_draft", "evidence": program}
    )
    assert "must be one of these types" in response.context["form"].errors["evidence"][0]
    huge = SimpleUploadedFile("big.csv", b"a,b\n" * (1600 * 1024), content_type="text/csv")  # 6.25 MB
    response = officer.post(
        url(tree_a, homes), {"value": "90", "version": "0", "action": "save_draft", "evidence": huge}
    )
    assert "smaller than 5 MB" in response.context["form"].errors["evidence"][0]
    assert 'value="90"' in response.content.decode()


def test_a_draft_saves_without_the_submission_rules(client, tree_a, homes):
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="40", action="save_draft")
    assert response.status_code == 302
    ret = IndicatorReturn.objects.get(indicator=homes)
    assert (ret.state, ret.value, ret.version) == ("draft", Decimal(40), 1)


def test_submitting_an_off_target_result_needs_a_reason_and_an_action_and_all_six_attestations(client, tree_a, homes):
    # 40 against a target of 100 and a monitoring level of 90: red
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="40", action="submit")
    errors = response.context["form"].errors
    assert errors["variance_reason"] == ["The result is off target: explain the reason for the variance."]
    assert errors["action_taken"] == ["The result is off target: say what action is being taken."]
    assert "all six data-quality standards" in errors["__all__"][0]
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_an_on_target_result_submits_with_the_attestations(client, tree_a, homes):
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="120", action="submit", **ALL_SIX)
    assert response.status_code == 302
    ret = IndicatorReturn.objects.get(indicator=homes)
    assert ret.state == "submitted" and ret.submitted_by.username == "officer_a" and ret.dq_complete


def test_the_page_shows_the_status_the_value_would_get(client, tree_a, homes):
    officer = as_member(client, tree_a, "officer")
    page = officer.get(url(tree_a, homes)).content.decode()
    assert "Status these figures would get" in page
    preview = officer.post(url(tree_a, homes) + "preview/", {"value": "40"}).content.decode()
    assert "Red" in preview and "Below monitoring level" in preview
    preview = officer.post(url(tree_a, homes) + "preview/", {"value": "95"}).content.decode()
    assert "Amber" in preview


# --- who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("member", ["plain", "chair", "business", "outcome_lead", "admin"])
def test_only_the_themes_officers_enter_its_returns(client, tree_a, homes, member):
    response = post(as_member(client, tree_a, member), tree_a, homes, value="40", action="save_draft")
    assert response.status_code == 403
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_members_can_read_a_return_without_edit_controls(client, tree_a):
    html = as_member(client, tree_a, "plain").get(url(tree_a, tree_a.indicator)).content.decode()
    assert "Submit for approval" not in html and "Approve" not in html


def submitted(tree, homes, client):
    post(as_member(client, tree, "officer"), tree, homes, value="120", action="submit", **ALL_SIX)
    return IndicatorReturn.objects.get(indicator=homes)


def decide(client, ret, action, reason="", version=None):
    return client.post(
        f"/p/alpha/returns/r/{ret.pk}/decide/", {"action": action, "reason": reason, "version": version or ret.version}
    )


def test_the_coordinator_approves_and_only_then_the_value_counts(client, tree_a, homes, coordinator):
    ret = submitted(tree_a, homes, client)
    assert not Result.objects.filter(indicator=homes).exists()  # submitted values do not count
    client.force_login(coordinator.user)
    decide(client, ret, "approve")
    ret.refresh_from_db()
    assert ret.state == "approved" and ret.decided_by == coordinator.user
    assert Result.objects.get(indicator=homes, period=ret.period).value == Decimal(120)


def test_an_officer_cannot_approve_their_own_return(client, tree_a, homes):
    ret = submitted(tree_a, homes, client)
    assert decide(client, ret, "approve").status_code == 403
    ret.refresh_from_db()
    assert ret.state == "submitted"


def test_returning_for_revision_needs_a_reason_which_the_source_sees(client, tree_a, homes, coordinator):
    ret = submitted(tree_a, homes, client)
    client.force_login(coordinator.user)
    decide(client, ret, "return", reason="")
    ret.refresh_from_db()
    assert ret.state == "submitted"
    decide(client, ret, "return", reason="Q2 figure looks like year to date")
    ret.refresh_from_db()
    assert ret.state == "returned" and ret.return_reason == "Q2 figure looks like year to date"
    as_member(client, tree_a, "officer")
    assert "Returned for revision: Q2 figure looks like year to date" in client.get(url(tree_a, homes)).content.decode()
    # the officer corrects it and submits again
    response = post(client, tree_a, homes, value="110", action="submit", version=str(ret.version), **ALL_SIX)
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.state == "submitted" and ret.value == Decimal(110)


def test_a_locked_return_cannot_be_edited_until_the_performance_management_lead_reopens_it(
    client, tree_a, homes, analyst, coordinator
):
    ret = submitted(tree_a, homes, client)
    # the collation deadline passes
    assert lock_round(tree_a.round) >= 1
    assert lock_round(tree_a.round) == 0  # idempotent
    ret.refresh_from_db()
    assert ret.is_locked
    response = post(
        as_member(client, tree_a, "officer"), tree_a, homes, value="130", action="save_draft", version=str(ret.version)
    )
    assert "locked" in response.content.decode()
    # a coordinator cannot reopen; the Performance Management Lead can, with a reason
    client.force_login(coordinator.user)
    assert decide(client, ret, "reopen", reason="late correction").status_code == 302
    ret.refresh_from_db()
    assert ret.is_locked
    client.force_login(analyst.user)
    decide(client, ret, "reopen", reason="Late correction from the PCT")
    ret.refresh_from_db()
    assert not ret.is_locked and ret.reopen_reason == "Late correction from the PCT"


def test_the_whole_round_shows_locked_after_the_deadline(client, tree_a):
    lock_round(tree_a.round)
    html = as_member(client, tree_a, "officer").get("/p/alpha/returns/").content.decode()
    assert "these returns are locked" in html and "Locked" in html


# --- two people at once ---------------------------------------------------------------------------


def test_a_stale_save_is_refused_and_both_versions_are_shown(client, tree_a):
    second_officer = make_member(
        tree_a.partnership, make_user("officer2"), [(Role.LEAD_INFORMATION_OFFICER, tree_a.theme)]
    )
    ret = tree_a.indicator_return  # version 1, value 50
    # given: the first officer saves on top of version 1
    as_member(client, tree_a, "officer")
    assert (
        post(
            client, tree_a, tree_a.indicator, value="52", commentary="first", version="1", action="save_draft"
        ).status_code
        == 302
    )
    # when: the second officer, who also opened version 1, saves
    client.force_login(second_officer.user)
    response = post(client, tree_a, tree_a.indicator, value="61", commentary="second", version="1", action="save_draft")
    # then: refused, explained, both versions visible, and nothing overwritten
    html = response.content.decode()
    assert "Someone else changed this return" in html
    assert "The version saved by someone else (version 2)" in html and "52.0 per 1,000" in html
    assert 'value="61"' in html and "second" in html
    ret.refresh_from_db()
    assert ret.value == Decimal(52)


# --- audit trail -------------------------------------------------------------------------------------


def test_every_change_is_kept_with_who_when_old_new_and_why(client, tree_a, homes, coordinator):
    ret = submitted(tree_a, homes, client)
    client.force_login(coordinator.user)
    decide(client, ret, "return", reason="Check the count")
    as_member(client, tree_a, "officer")
    post(client, tree_a, homes, value="118", action="save_draft", version=str(ret.version + 1))
    history = list(IndicatorReturn.history.filter(id=ret.pk).order_by("history_date"))
    assert [h.history_change_reason for h in history] == [
        "Submitted for approval",
        "Returned for revision: Check the count",
        "Draft saved",
    ]
    assert [h.history_user.username for h in history] == ["officer_a", "coordinator_a", "officer_a"]
    html = client.get(url(tree_a, homes)).content.decode()
    assert "Changes to this return" in html
    assert "Value: 120 → 118" in html and "State: Returned for revision → In progress" in html
    assert "Accurate: Yes → No" in html and "Decided by: – → Coordinator_A Tester" in html


# --- data challenges -------------------------------------------------------------------------------


def test_the_business_group_challenges_and_the_source_answers(client, tree_a):
    ret = tree_a.indicator_return
    as_member(client, tree_a, "business")
    client.post(f"/p/alpha/returns/r/{ret.pk}/challenges/new/", {"question": "Why did this fall by a third?"})
    challenge = DataChallenge.objects.get(question="Why did this fall by a third?")
    assert "Why did this fall by a third?" in client.get("/p/alpha/returns/challenges/").content.decode()
    # only the theme's officers answer
    assert client.post(f"/p/alpha/returns/challenges/{challenge.pk}/answer/", {"answer": "x"}).status_code == 403
    as_member(client, tree_a, "officer")
    client.post(
        f"/p/alpha/returns/challenges/{challenge.pk}/answer/", {"answer": "A data-entry error in Q1, now corrected."}
    )
    challenge.refresh_from_db()
    assert challenge.state == "answered" and challenge.answered_by == tree_a.members["officer"]


def test_others_cannot_raise_challenges(client, tree_a):
    ret = tree_a.indicator_return
    response = as_member(client, tree_a, "plain").post(
        f"/p/alpha/returns/r/{ret.pk}/challenges/new/", {"question": "?"}
    )
    assert response.status_code == 403


def test_an_empty_challenge_is_explained(client, tree_a):
    ret = tree_a.indicator_return
    response = as_member(client, tree_a, "business").post(
        f"/p/alpha/returns/r/{ret.pk}/challenges/new/", {"question": ""}, follow=True
    )
    assert "Say what you are challenging" in response.content.decode()


# --- evidence ------------------------------------------------------------------------------------------


def test_evidence_is_stored_privately_and_served_to_members(client, tree_a, homes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("count.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    as_member(client, tree_a, "officer").post(
        url(tree_a, homes), {"value": "90", "version": "0", "action": "save_draft", "evidence": pdf}
    )
    ret = IndicatorReturn.objects.get(indicator=homes)
    assert ret.evidence.name.startswith(f"evidence/{tree_a.partnership.pk}/") and ret.evidence.name.endswith(
        "/count.pdf"
    )
    response = as_member(client, tree_a, "plain").get(f"/p/alpha/returns/r/{ret.pk}/evidence/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")


def test_a_return_not_started_cannot_be_created_once_its_round_is_locked(client, tree_a, homes):
    lock_round(tree_a.round)
    response = post(as_member(client, tree_a, "officer"), tree_a, homes, value="120", action="save_draft")
    assert "this return is locked" in response.content.decode()
    assert not IndicatorReturn.objects.filter(indicator=homes).exists()


def test_refusals_are_worded_for_people():
    from indicators.workflow import ReturnAction, decide
    from partnership.roles import Access, Grant

    officer = Access(frozenset({Grant(Role.LEAD_INFORMATION_OFFICER, 1)}))
    decision = decide(ReturnAction.SAVE_DRAFT, state="submitted", locked=False, access=officer, theme_id=1)
    assert decision.reason == "A return that is submitted cannot be saved as a draft."


def test_rounds_past_their_deadline_are_locked_once(tree_a, returns_b):
    tree_b = returns_b
    from django.core.management import call_command

    from indicators.services.rounds import lock_due_rounds

    # given: alpha's deadline has passed, beta's has not
    tree_a.round.collation_deadline = timezone.localdate() - dt.timedelta(days=1)
    tree_a.round.save()
    tree_b.round.collation_deadline = timezone.localdate() + dt.timedelta(days=3)
    tree_b.round.save()
    # when
    locked = lock_due_rounds()
    # then: only alpha's round and returns are locked, and a second run does nothing
    assert list(locked.values()) == [2]  # the indicator return and the spend return
    tree_a.indicator_return.refresh_from_db()
    tree_b.indicator_return.refresh_from_db()
    assert tree_a.indicator_return.is_locked and not tree_b.indicator_return.is_locked
    assert lock_due_rounds() == {}
    call_command("lock_due_returns")  # the command runs the same, harmlessly


def test_a_get_never_writes(client, tree_a):
    # given: an annual and a six-monthly indicator due in the round, and the pages that list returns
    from indicators.models import Period

    from ..builders import make_indicator

    make_indicator(tree_a, "L 90", frequency="annual")
    make_indicator(tree_a, "L 91", frequency="six_monthly")
    client.force_login(tree_a.members["officer"].user)
    pages = [
        "/p/alpha/returns/",
        f"/p/alpha/returns/?round={tree_a.round.pk}",
        f"/p/alpha/money/{tree_a.commission.pk}/",
        f"/p/alpha/returns/spreadsheet/{tree_a.round.pk}/well-being/download/",
        "/p/alpha/timetable/",
    ]
    before = Period.objects.count()
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert Period.objects.count() == before
