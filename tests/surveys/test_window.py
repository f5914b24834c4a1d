"""A survey's state and what may be done then, without a database."""

import datetime as dt

from surveys.window import (
    SurveyState,
    answer_refusal,
    change_refusal,
    open_refusal,
    results_refusal,
    results_visible,
    survey_state,
    window_problem,
)

OPENS, CLOSES = dt.date(2006, 4, 3), dt.date(2006, 5, 31)


def state(today, opened=True):
    return survey_state(opened=opened, opens_on=OPENS, closes_on=CLOSES, today=today)


def test_a_survey_is_a_draft_until_opened_whatever_the_dates():
    for today in (OPENS - dt.timedelta(1), OPENS, CLOSES, CLOSES + dt.timedelta(1)):
        assert state(today, opened=False) == SurveyState.DRAFT


def test_once_opened_the_dates_decide_first_and_last_day_included():
    assert state(OPENS - dt.timedelta(1)) == SurveyState.SCHEDULED
    assert state(OPENS) == SurveyState.OPEN
    assert state(CLOSES) == SurveyState.OPEN
    assert state(CLOSES + dt.timedelta(1)) == SurveyState.CLOSED


def test_a_window_ends_on_or_after_it_starts():
    assert window_problem(OPENS, CLOSES) is None
    assert window_problem(OPENS, OPENS) is None
    assert "same as or after" in window_problem(CLOSES, OPENS)
    assert window_problem(None, OPENS) is None


def test_opening_needs_a_draft_a_statement_and_a_window_not_yet_ended():
    draft = SurveyState.DRAFT
    assert open_refusal(state=draft, statements=1, closes_on=CLOSES, today=OPENS) is None
    assert open_refusal(state=draft, statements=1, closes_on=CLOSES, today=CLOSES) is None
    assert "at least one statement" in open_refusal(state=draft, statements=0, closes_on=CLOSES, today=OPENS)
    ended = open_refusal(state=draft, statements=1, closes_on=CLOSES, today=CLOSES + dt.timedelta(1))
    assert "ended on 31 May 2006" in ended
    assert "already" in open_refusal(state=SurveyState.OPEN, statements=1, closes_on=CLOSES, today=OPENS)


def test_only_a_draft_changes():
    assert change_refusal(SurveyState.DRAFT) is None
    for other in (SurveyState.SCHEDULED, SurveyState.OPEN, SurveyState.CLOSED):
        assert "can no longer change" in change_refusal(other)


def test_members_answer_inside_the_window_and_once():
    def refusal(state_, answered_on=None):
        return answer_refusal(state=state_, opens_on=OPENS, closes_on=CLOSES, answered_on=answered_on)

    assert refusal(SurveyState.OPEN) is None
    assert "not been opened" in refusal(SurveyState.DRAFT)
    assert "opens on 3 April 2006" in refusal(SurveyState.SCHEDULED)
    assert "closed on 31 May 2006" in refusal(SurveyState.CLOSED)
    assert "You answered this survey on 4 April 2006" in refusal(SurveyState.OPEN, dt.date(2006, 4, 4))


WITHHELD = "Fewer than 5 members answered: the results are not shown, so that nobody's answers can be told."


def test_nobody_sees_the_answers_before_the_close_the_administrator_included():
    # Whatever the number of submissions: totals read after each one would tell what that member answered.
    for state_ in (SurveyState.DRAFT, SurveyState.SCHEDULED, SurveyState.OPEN):
        for submissions in (0, 1, 5, 500):
            assert not results_visible(state=state_, submissions=submissions, minimum=5)
    for state_ in (SurveyState.SCHEDULED, SurveyState.OPEN):
        reason = results_refusal(state=state_, submissions=40, minimum=5, closes_on=CLOSES)
        assert "published when the survey closes on 31 May 2006" in reason
        assert "an administrator included" in reason and "how many members have answered" in reason
    assert "not been opened" in results_refusal(state=SurveyState.DRAFT, submissions=0, minimum=5, closes_on=CLOSES)


def test_once_closed_the_results_need_at_least_the_minimum_count_of_respondents():
    closed = SurveyState.CLOSED
    assert results_visible(state=closed, submissions=5, minimum=5)
    assert results_visible(state=closed, submissions=34, minimum=5)
    assert results_refusal(state=closed, submissions=5, minimum=5, closes_on=CLOSES) is None
    for submissions in (0, 1, 4):
        assert not results_visible(state=closed, submissions=submissions, minimum=5)
        assert results_refusal(state=closed, submissions=submissions, minimum=5, closes_on=CLOSES) == WITHHELD
    # the partnership's own minimum, not a fixed five
    assert results_visible(state=closed, submissions=3, minimum=3)
    assert not results_visible(state=closed, submissions=7, minimum=8)
    assert "Fewer than 8 members answered" in results_refusal(state=closed, submissions=7, minimum=8, closes_on=CLOSES)


def test_a_reason_is_given_exactly_when_the_results_are_not_shown():
    for state_ in SurveyState.values:
        for submissions in range(8):
            visible = results_visible(state=state_, submissions=submissions, minimum=5)
            reason = results_refusal(state=state_, submissions=submissions, minimum=5, closes_on=CLOSES)
            assert visible == (reason is None), (state_, submissions)
