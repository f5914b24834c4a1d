"""Loading a survey that has already run (the lead engineer's demo: Harrow's Spring 2006 baseline
and its 2007 survey, seed 002). It writes a closed survey with its answers as the pages would have
left it: statements, the counts of the answers (anonymous, as always), and a Submission for as many
active members as there are respondents, in the members' usual order."""

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone

from partnership.models import Membership
from surveys.agreement import Choice
from surveys.models import AnswerCount, Statement, Submission, Survey
from surveys.services.statements import check_scope
from surveys.services.surveys import LATEST_CLOSED, make_survey


def load_survey(
    partnership,
    *,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    statements: list[tuple],
    answers: list[list[str]],
    previous=None,
    introduction: str = "",
) -> Survey:
    """A closed survey of `partnership`.

    - statements: [(text, indicator or None, objective or None)], in order;
    - answers: one list per respondent, a choice (surveys.agreement.Choice) per statement;
    - previous: the survey it is compared with (None: the latest closed before it, as for any new
      survey). A statement with the same text as one of the previous survey's is paired with it
      (`carried_from`), so the results show the change from last year.
    """
    respondents = list(
        Membership.objects.for_partnership(partnership).filter(is_active=True).order_by(*Membership._meta.ordering)
    )
    if len(answers) > len(respondents):
        raise ValueError(f"{len(answers)} respondents, but the partnership has {len(respondents)} active members.")
    for number, row in enumerate(answers, 1):
        if len(row) != len(statements) or any(choice not in Choice.values for choice in row):
            raise ValueError(f"Respondent {number}: give one choice on the scale for each of the {len(statements)}.")
    for _, indicator, objective in statements:
        check_scope(Survey(partnership=partnership), indicator=indicator, objective=objective)
    with transaction.atomic():
        survey = make_survey(
            partnership,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            introduction=introduction,
            previous=LATEST_CLOSED if previous is None else previous,
        )
        earlier = {s.text: s for s in survey.previous.statements.all()} if survey.previous else {}
        made = [
            Statement.objects.create(
                survey=survey,
                position=position,
                text=text,
                indicator=indicator,
                objective=objective,
                carried_from=earlier.get(text),
            )
            for position, (text, indicator, objective) in enumerate(statements, 1)
        ]
        survey.opened_at = timezone.make_aware(dt.datetime.combine(opens_on, dt.time(9)))
        survey._change_reason = "Loaded with its answers"
        survey.save()
        AnswerCount.objects.bulk_create(
            AnswerCount(statement=statement, choice=choice, count=Counter(row[index] for row in answers)[choice])
            for index, statement in enumerate(made)
            for choice in Choice.values
        )
        Submission.objects.bulk_create(
            Submission(survey=survey, membership=member, submitted_at=survey.opened_at)
            for member in respondents[: len(answers)]
        )
    return survey
