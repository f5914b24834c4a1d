"""Answering: once per member, inside the window, every statement answered, in one transaction; a
second submission (even from a second tab at the same moment) is refused by the constraint."""

import datetime as dt
from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from surveys.agreement import Choice
from surveys.models import AnswerCount, Submission
from surveys.services.answers import ANSWERED_ONCE, submit_answers
from surveys.services.refusals import SurveyRefused
from surveys.services.surveys import open_survey

from ..builders import make_member, make_user
from .helpers import choices_for, draft_of, open_survey_of, today


def counted(survey, choice):
    return sum(AnswerCount.objects.filter(statement__survey=survey, choice=choice).values_list("count", flat=True))


def test_a_member_answers_and_the_answers_are_counted(tree_a):
    # given
    survey = open_survey_of(tree_a)
    officer = tree_a.members["officer"]
    # when
    submission = submit_answers(survey, officer, choices_for(survey, Choice.AGREE))
    # then: one submission, and one more "agree" on each of the three statements
    assert submission.membership == officer and submission.survey == survey
    assert counted(survey, Choice.AGREE) == 3
    assert counted(survey, Choice.DISAGREE) == 0


def test_a_second_submission_is_refused_and_changes_nothing(tree_a):
    survey = open_survey_of(tree_a)
    officer = tree_a.members["officer"]
    submit_answers(survey, officer, choices_for(survey, Choice.AGREE))
    with pytest.raises(SurveyRefused, match="You answered this survey on"):
        submit_answers(survey, officer, choices_for(survey, Choice.DISAGREE))
    assert Submission.objects.filter(survey=survey).count() == 1
    assert counted(survey, Choice.DISAGREE) == 0 and counted(survey, Choice.AGREE) == 3


def test_two_tabs_submitting_at_once_are_stopped_by_the_constraint(tree_a):
    # given: both tabs passed the "have you answered?" check before either saved (as two requests
    # racing would), so only the unique constraint stands between them
    survey = open_survey_of(tree_a)
    officer = tree_a.members["officer"]
    with mock.patch("surveys.services.answers.answer_refusal_for", return_value=None):
        submit_answers(survey, officer, choices_for(survey, Choice.AGREE))
        # when: the second tab submits
        with pytest.raises(SurveyRefused) as refused:
            submit_answers(survey, officer, choices_for(survey, Choice.DISAGREE))
    # then: refused in words, and its answers were not counted (one transaction)
    assert refused.value.message == ANSWERED_ONCE
    assert counted(survey, Choice.DISAGREE) == 0 and counted(survey, Choice.AGREE) == 3
    assert Submission.objects.filter(survey=survey, membership=officer).count() == 1


def test_the_database_refuses_a_second_submission(tree_a):
    survey = open_survey_of(tree_a)
    Submission.objects.create(survey=survey, membership=tree_a.members["plain"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(survey=survey, membership=tree_a.members["plain"])


def test_answers_outside_the_window_are_refused(tree_a):
    plain = tree_a.members["plain"]
    # not opened yet
    draft = draft_of(tree_a)
    with pytest.raises(SurveyRefused, match="not been opened"):
        submit_answers(draft, plain, choices_for(draft, Choice.AGREE))
    # opened, but its first day is tomorrow
    later = draft_of(tree_a, title="Later", opens_on=today() + dt.timedelta(days=1))
    open_survey(later, today=today())
    with pytest.raises(SurveyRefused, match="opens on"):
        submit_answers(later, plain, choices_for(later, Choice.AGREE))
    # open, but answered after its last day
    survey = open_survey_of(tree_a, title="Running")
    with pytest.raises(SurveyRefused, match="closed on"):
        submit_answers(survey, plain, choices_for(survey, Choice.AGREE), today=survey.closes_on + dt.timedelta(1))
    # and on its last day it is still open
    submit_answers(survey, plain, choices_for(survey, Choice.AGREE), today=survey.closes_on)
    assert Submission.objects.filter(membership=plain).count() == 1


def test_every_statement_must_be_answered(tree_a):
    survey = open_survey_of(tree_a)
    choices = choices_for(survey, Choice.DONT_KNOW)
    first = min(choices)
    for bad in ({k: v for k, v in choices.items() if k != first}, {**choices, first: "maybe"}):
        with pytest.raises(SurveyRefused, match="Answer every statement"):
            submit_answers(survey, tree_a.members["plain"], bad)
    assert not Submission.objects.filter(survey=survey).exists()
    # "don't know" is an answer
    submit_answers(survey, tree_a.members["plain"], choices)
    assert counted(survey, Choice.DONT_KNOW) == 3


def test_a_statement_of_another_survey_is_refused(tree_a):
    survey, other = open_survey_of(tree_a), open_survey_of(tree_a, title="Other")
    choices = {**choices_for(survey, Choice.AGREE), **choices_for(other, Choice.AGREE)}
    with pytest.raises(SurveyRefused, match="Answer every statement"):
        submit_answers(survey, tree_a.members["plain"], choices)
    assert counted(other, Choice.AGREE) == 0


def test_only_the_partnerships_active_members_answer(tree_a, tree_b):
    survey = open_survey_of(tree_a)
    inactive = make_member(tree_a.partnership, make_user("gone_a"), is_active=False)
    for member in (tree_b.members["admin"], inactive):
        with pytest.raises(SurveyRefused, match="active members"):
            submit_answers(survey, member, choices_for(survey, Choice.AGREE))
    assert not Submission.objects.exists()
