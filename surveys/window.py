"""A survey's state, and what may be done with it then. Pure: dates and flags in, words out.

A survey is a draft until an administrator opens it; opening keeps the window the administrator
set (it never moves a date). Once opened it is scheduled until its first day, open from its first
to its last day inclusive, and closed after that. Statements can change only while it is a draft, so
every member answers the same questions. Its answers are shown to nobody until it has closed, and
then only if enough members answered (`results_visible`).
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


def results_refusal(*, state: str, submissions: int, minimum: int, closes_on: dt.date) -> str | None:
    """Why a survey's answers (the counts, percentages and flags) may not be shown now, or None.

    Nobody, an administrator included, sees them before the survey has closed: totals read after
    each submission would tell what that member answered. Until then pages show only how many have
    answered and the response rate, which identify nobody. Once closed they are shown only when at
    least `minimum` members answered (`submissions`: everyone who did, including members who have
    since left, as their answers are in the totals), the partnership's minimum count, the same as
    equality monitoring's (`partnership.equality`): the answers of fewer could be told apart.
    """
    if state == SurveyState.DRAFT:
        return "This survey has not been opened yet: it has no answers."
    if state != SurveyState.CLOSED:
        return (
            f"The results are published when the survey closes on {closes_on:%-d %B %Y}. Until then everyone, "
            "an administrator included, sees only how many members have answered: totals looked at after each "
            "answer would show what that member answered."
        )
    if submissions < minimum:
        return withheld_results(minimum)
    return None


def withheld_results(minimum: int) -> str:
    """What a closed survey's results say when fewer than `minimum` members answered it."""
    return f"Fewer than {minimum} members answered: the results are not shown, so that nobody's answers can be told."


def results_visible(*, state: str, submissions: int, minimum: int) -> bool:
    """Whether a survey's answers may be shown: once it has closed, and only if at least `minimum`
    members answered (see results_refusal)."""
    return state == SurveyState.CLOSED and submissions >= minimum
