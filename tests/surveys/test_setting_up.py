"""Making, editing and opening a survey, and its statements: only while a draft, scoped to the
partnership, with history and optimistic locking."""

import datetime as dt

import pytest

from partnership.concurrency import StaleEdit
from partnership.models import Objective, Perspective
from surveys.agreement import Choice
from surveys.models import AnswerCount, Statement
from surveys.services.refusals import SurveyRefused
from surveys.services.statements import add_statement, move_statement, remove_statement, save_statement
from surveys.services.surveys import latest_closed_before, make_survey, open_survey, save_survey

from .helpers import draft_of, open_survey_of, today


def test_a_new_survey_is_compared_with_the_latest_closed_one_before_it(tree_a):
    # given: two closed surveys and one still open
    first = open_survey_of(tree_a, title="2006")
    second = open_survey_of(tree_a, title="2007")
    running = open_survey_of(tree_a, title="Running", days_left=400)
    for survey, closed in ((first, dt.date(2006, 5, 31)), (second, dt.date(2007, 5, 31))):
        survey.opens_on, survey.closes_on = closed - dt.timedelta(days=30), closed
        survey.save()
    # when / then: the latest that had closed before the new one opens
    new = make_survey(tree_a.partnership, title="2008", opens_on=dt.date(2008, 4, 1), closes_on=dt.date(2008, 5, 1))
    assert new.previous == second
    assert latest_closed_before(tree_a.partnership, dt.date(2007, 5, 31)) == first
    assert running not in (new.previous, latest_closed_before(tree_a.partnership, today()))
    # and a survey may be compared with nothing
    alone = make_survey(tree_a.partnership, title="x", opens_on=today(), closes_on=today(), previous=None)
    assert alone.previous is None
    assert new.year_label == "2008/09"


def test_a_survey_of_another_partnership_cannot_be_compared_with(tree_a, tree_b):
    theirs = open_survey_of(tree_b)
    with pytest.raises(SurveyRefused, match="this partnership"):
        make_survey(tree_a.partnership, title="x", opens_on=today(), closes_on=today(), previous=theirs)


def test_a_window_that_ends_before_it_starts_is_refused(tree_a):
    with pytest.raises(SurveyRefused, match="same as or after"):
        make_survey(tree_a.partnership, title="x", opens_on=today(), closes_on=today() - dt.timedelta(1))


def test_opening_needs_a_statement_and_keeps_the_window(tree_a):
    empty = draft_of(tree_a, texts=())
    with pytest.raises(SurveyRefused, match="at least one statement"):
        open_survey(empty)
    survey = draft_of(tree_a, opens_on=today() + dt.timedelta(days=5), closes_on=today() + dt.timedelta(days=9))
    opened = open_survey(survey, user=tree_a.members["admin"].user)
    assert opened.opened_at is not None and opened.opened_by == tree_a.members["admin"].user
    assert (opened.opens_on, opened.closes_on) == (survey.opens_on, survey.closes_on)
    assert opened.state == "scheduled"
    # every statement has its counts, at zero
    assert AnswerCount.objects.filter(statement__survey=survey).count() == 3 * len(Choice.values)
    assert set(AnswerCount.objects.filter(statement__survey=survey).values_list("count", flat=True)) == {0}
    with pytest.raises(SurveyRefused, match="already been opened"):
        open_survey(opened)
    assert opened.history.first().history_change_reason == "Opened"


def test_a_survey_whose_window_has_ended_is_not_opened(tree_a):
    survey = draft_of(tree_a, opens_on=dt.date(2006, 4, 3), closes_on=dt.date(2006, 5, 31))
    with pytest.raises(SurveyRefused, match="ended on 31 May 2006"):
        open_survey(survey)
    survey.refresh_from_db()
    assert survey.opened_at is None


def test_statements_change_only_while_a_draft(tree_a):
    survey = open_survey_of(tree_a)
    statement = survey.statements.first()
    for change in (
        lambda: add_statement(survey, text="Another"),
        lambda: save_statement(statement, {"text": "Changed"}, expected_version=statement.version),
        lambda: move_statement(statement, 1),
        lambda: remove_statement(statement),
    ):
        with pytest.raises(SurveyRefused, match="can no longer change"):
            change()
    with pytest.raises(SurveyRefused, match="can no longer change"):
        save_survey(survey, {"title": "Renamed"}, expected_version=survey.version)
    assert list(survey.statements.values_list("text", flat=True))[0] == statement.text


def test_statements_are_added_reordered_and_removed_with_positions_kept_in_step(tree_a):
    survey = draft_of(tree_a, texts=("one", "two", "three"))
    one, two, three = survey.statements.all()
    assert [one.position, two.position, three.position] == [1, 2, 3]
    assert move_statement(three, -1)
    assert list(survey.statements.values_list("text", flat=True)) == ["one", "three", "two"]
    assert not move_statement(one, -1)  # already first
    removed_id = one.pk
    remove_statement(one)
    assert list(survey.statements.values_list("text", "position")) == [("three", 1), ("two", 2)]
    assert Statement.history.filter(id=removed_id, history_type="-").exists()


def test_a_statement_may_not_point_at_another_partnerships_indicator_or_objective(tree_a, tree_b):
    survey = draft_of(tree_a)
    theirs = Objective.objects.create(partnership=tree_b.partnership, perspective=Perspective.choices[0][0], title="B")
    with pytest.raises(SurveyRefused, match="indicator of this partnership"):
        add_statement(survey, text="x", indicator=tree_b.indicator)
    with pytest.raises(SurveyRefused, match="objective of this partnership"):
        add_statement(survey, text="x", objective=theirs)
    statement = survey.statements.first()
    with pytest.raises(SurveyRefused, match="indicator of this partnership"):
        save_statement(statement, {"indicator": tree_b.indicator}, expected_version=statement.version)
    assert survey.statements.count() == 3
    assert not Statement.objects.filter(indicator=tree_b.indicator).exists()


def test_two_people_editing_a_statement_at_once_do_not_lose_an_update(tree_a):
    survey = draft_of(tree_a)
    statement = survey.statements.first()
    opened_at = statement.version
    save_statement(statement, {"text": "First save"}, expected_version=opened_at)
    with pytest.raises(StaleEdit) as stale:
        save_statement(statement, {"text": "Second save"}, expected_version=opened_at)
    assert stale.value.current.text == "First save"
    statement.refresh_from_db()
    assert statement.text == "First save" and statement.history.count() == 2


def test_two_people_editing_a_survey_at_once_do_not_lose_an_update(tree_a):
    survey = draft_of(tree_a)
    save_survey(survey, {"title": "First"}, expected_version=survey.version)
    with pytest.raises(StaleEdit):
        save_survey(survey, {"title": "Second"}, expected_version=survey.version)
    survey.refresh_from_db()
    assert survey.title == "First"
    with pytest.raises(SurveyRefused, match="compared with itself"):
        save_survey(survey, {"previous": survey}, expected_version=survey.version)
