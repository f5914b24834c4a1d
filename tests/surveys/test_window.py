"""A survey's state and what may be done then, without a database."""

import datetime as dt

from surveys.window import (
    SurveyState,
    answer_refusal,
    change_refusal,
    open_refusal,
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


def test_results_are_for_members_once_closed_and_for_the_administrator_while_it_runs():
    assert results_visible(state=SurveyState.CLOSED, is_admin=False)
    assert results_visible(state=SurveyState.CLOSED, is_admin=True)
    assert results_visible(state=SurveyState.OPEN, is_admin=True)
    assert not results_visible(state=SurveyState.OPEN, is_admin=False)
    assert not results_visible(state=SurveyState.SCHEDULED, is_admin=False)
    assert not results_visible(state=SurveyState.DRAFT, is_admin=True)
