import datetime as dt

from django.utils import timezone

from surveys.services.statements import add_statement
from surveys.services.surveys import make_survey, open_survey

TEXTS = (
    "The HSP strategies reflect the views and needs of all sections of the community",
    "The HSP provides an effective steer to partner organisations' strategies",
    "Operational planning takes account of feedback",
)


def today():
    return timezone.localdate()


def open_survey_of(tree, *, texts=TEXTS, indicator=None, days_left=10, **extra):
    """A survey of `tree` open today (for `days_left` more days), with a statement per text."""
    survey = make_survey(
        tree.partnership,
        title=extra.pop("title", "Self-assessment"),
        opens_on=today() - dt.timedelta(days=1),
        closes_on=today() + dt.timedelta(days=days_left),
        **extra,
    )
    for text in texts:
        add_statement(survey, text=text, indicator=indicator)
    return open_survey(survey, today=today())


def draft_of(tree, *, texts=TEXTS, **extra):
    survey = make_survey(
        tree.partnership,
        title=extra.pop("title", "Draft self-assessment"),
        opens_on=extra.pop("opens_on", today()),
        closes_on=extra.pop("closes_on", today() + dt.timedelta(days=30)),
        **extra,
    )
    for text in texts:
        add_statement(survey, text=text)
    return survey


def choices_for(survey, choice):
    return {statement.pk: choice for statement in survey.statements.all()}
