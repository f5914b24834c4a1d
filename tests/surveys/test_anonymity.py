"""Nobody, not even an administrator, can read another member's answers: answers are kept only as
counts with nothing linking them to a member, no URL names an answer or a submission, and pages show
how many answered, never who answered what."""

from django.contrib import admin

from surveys.agreement import Choice
from surveys.models import AnswerCount, Submission
from surveys.services.answers import submit_answers

from ..tenant_urls import _kwargs_of, tenant_url_names
from .helpers import choices_for, open_survey_of


def test_answers_hold_no_link_to_a_member_a_submission_a_time_or_a_history():
    fields = {field.name for field in AnswerCount._meta.get_fields()}
    assert fields == {"id", "statement", "choice", "count"}
    assert not hasattr(AnswerCount, "history")
    assert not hasattr(Submission, "history")
    # and what records who answered says nothing of what they answered
    assert {field.name for field in Submission._meta.get_fields()} == {"id", "survey", "membership", "submitted_at"}


def test_no_url_takes_an_answer_or_a_submission(db):
    survey_urls = [name for name in tenant_url_names() if name.startswith("surveys:")]
    assert len(survey_urls) >= 10
    for name in survey_urls:
        assert _kwargs_of(name) <= {"partnership_slug", "survey_id", "statement_id"}, name


def test_the_admin_site_does_not_offer_answers_or_submissions():
    assert AnswerCount not in admin.site._registry and Submission not in admin.site._registry


def test_the_administrator_sees_how_many_answered_never_who(client, tree_a):
    # given: the officer answers
    survey = open_survey_of(tree_a)
    officer = tree_a.members["officer"]
    submit_answers(survey, officer, choices_for(survey, Choice.STRONGLY_DISAGREE))
    client.force_login(tree_a.members["admin"].user)
    # then: the survey's page, the list and the results show the count, and nowhere the officer
    for url in (f"/p/alpha/surveys/{survey.pk}/", "/p/alpha/surveys/manage/", f"/p/alpha/surveys/{survey.pk}/results/"):
        content = client.get(url).content.decode()
        assert officer.display_name not in content, url
        assert officer.user.username not in content, url
    assert "1 of 6 active members" in client.get(f"/p/alpha/surveys/{survey.pk}/").content.decode()


def test_a_member_sees_only_that_they_answered_not_what(client, tree_a):
    survey = open_survey_of(tree_a)
    submit_answers(survey, tree_a.members["officer"], choices_for(survey, Choice.STRONGLY_DISAGREE))
    client.force_login(tree_a.members["officer"].user)
    content = client.get(f"/p/alpha/surveys/{survey.pk}/answer/").content.decode()
    assert "You have answered this survey" in content
    assert "checked" not in content and "Strongly disagree" not in content
