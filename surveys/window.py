"""A survey's state, and what may be done with it then. Pure: dates and flags in, words out.

A survey is a draft until an administrator opens it; opening keeps the window the administrator
set (it never moves a date). Once opened it is scheduled until its first day, open from its first
to its last day inclusive, and closed after that. Statements can change only while it is a draft, so
every member answers the same questions.
"""

import datetime as dt

from django.db import models


class SurveyState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Opened, not started"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def survey_state(*, opened: bool, opens_on: dt.date, closes_on: dt.date, today: dt.date) -> SurveyState:
    if not opened:
        return SurveyState.DRAFT
    if today < opens_on:
        return SurveyState.SCHEDULED
    if today <= closes_on:
        return SurveyState.OPEN
    return SurveyState.CLOSED


def window_problem(opens_on: dt.date | None, closes_on: dt.date | None) -> str | None:
    """A window must end on or after the day it starts."""
    if opens_on and closes_on and closes_on < opens_on:
        return "The closing date must be the same as or after the opening date."
    return None


def open_refusal(*, state: str, statements: int, closes_on: dt.date, today: dt.date) -> str | None:
    """Why a survey cannot be opened now, or None."""
    if state != SurveyState.DRAFT:
        return "This survey has already been opened."
    if statements == 0:
        return "Add at least one statement before opening the survey."
    if closes_on < today:
        return (
            f"The survey's window ended on {closes_on:%-d %B %Y}: change the closing date to today or later, "
            "then open it."
        )
    return None


def change_refusal(state: str) -> str | None:
    """Why a survey's details and statements can no longer change, or None while it is a draft."""
    if state != SurveyState.DRAFT:
        return (
            "This survey has been opened, so it can no longer change: every member answers the same "
            "statements. Make a new survey from it instead."
        )
    return None


def answer_refusal(
    *, state: str, opens_on: dt.date, closes_on: dt.date, answered_on: dt.date | None = None
) -> str | None:
    """Why a member cannot answer now, or None. `answered_on`: the day they already answered."""
    if answered_on is not None:
        return (
            f"You answered this survey on {answered_on:%-d %B %Y}. Each member answers once, and answers "
            "cannot be changed."
        )
    if state == SurveyState.DRAFT:
        return "This survey has not been opened yet."
    if state == SurveyState.SCHEDULED:
        return f"This survey opens on {opens_on:%-d %B %Y}."
    if state == SurveyState.CLOSED:
        return f"This survey closed on {closes_on:%-d %B %Y}: answers are no longer taken."
    return None


def results_visible(*, state: str, is_admin: bool) -> bool:
    """Members read the results once the survey has closed; the administrator also while it runs
    (only counts, never who)."""
    if state == SurveyState.CLOSED:
        return True
    return is_admin and state in (SurveyState.SCHEDULED, SurveyState.OPEN)
