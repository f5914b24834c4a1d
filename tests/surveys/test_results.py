"""Results: counts, agreement and flag per statement, the change from the survey compared with, the
response rate; and agreement_for_indicator, which feeds computed indicators."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.services.people import deactivate
from surveys.agreement import Agreement, Choice
from surveys.demo import load_survey
from surveys.services.answers import submit_answers
from surveys.services.results import agreement_for_indicator, survey_results
from surveys.services.surveys import make_survey

from ..builders import make_indicator, make_member, make_user
from .helpers import choices_for, open_survey_of

SA, A, N, D, SD, DK = (
    Choice.STRONGLY_AGREE,
    Choice.AGREE,
    Choice.NEITHER,
    Choice.DISAGREE,
    Choice.STRONGLY_DISAGREE,
    Choice.DONT_KNOW,
)
STEER = "The HSP provides an effective steer to partner organisations' strategies"
FEEDBACK = "Operational planning takes account of feedback"


def spring(year, tree, answers, statements=None, **extra):
    return load_survey(
        tree.partnership,
        title=f"HSP self-assessment {year}",
        opens_on=dt.date(year, 4, 3),
        closes_on=dt.date(year, 5, 31),
        statements=statements or [(STEER, None, None), (FEEDBACK, None, None)],
        answers=answers,
        **extra,
    )


def test_each_statement_has_its_counts_agreement_and_flag(tree_a):
    # given: four respondents
    survey = spring(2006, tree_a, [[SA, D], [A, D], [D, SD], [DK, A]])
    # when
    results = survey_results(survey)
    # then
    steer, feedback = results.statements
    assert steer.counts == {SA: 1, A: 1, N: 0, D: 1, SD: 0, DK: 1}
    assert steer.agreement == Agreement(agreeing=2, answered=3, dont_know=1)
    assert steer.agreement.percent == Decimal("66.7") and not steer.agreement.flagged
    assert feedback.agreement.percent == Decimal("25.0") and feedback.agreement.flagged
    assert results.flagged == [feedback]
    assert [label for label, _ in steer.rows][0] == "Strongly agree"


def test_the_change_is_from_the_paired_statement_of_the_survey_compared_with(tree_a):
    # given: 2006's baseline, and 2007's survey made from it (statements copied) and answered
    baseline = spring(2006, tree_a, [[A, D], [D, D]])  # steer 50%, feedback 0%
    survey = spring(2007, tree_a, [[A, A], [A, D], [SA, DK]], previous=baseline)
    # when
    results = survey_results(survey)
    # then: each statement is compared with the one it was carried from
    steer, feedback = results.statements
    assert results.compared_with == baseline
    assert steer.statement.carried_from.survey == baseline
    assert steer.previous.percent == Decimal("50.0") and steer.change == Decimal("50.0")
    assert feedback.previous.percent == Decimal("0.0") and feedback.change == Decimal("50.0")
    assert steer.change_label == "Up 50.0 points"


def test_a_new_statement_has_no_previous_figure(tree_a):
    baseline = spring(2006, tree_a, [[A, D]])
    survey = spring(2007, tree_a, [[A]], statements=[("A statement asked for the first time", None, None)])
    (only,) = survey_results(survey).statements
    assert survey.previous == baseline  # compared with the latest closed survey by default
    assert only.previous is None and only.change is None


def test_copying_statements_pairs_them_with_last_years(tree_a):
    baseline = spring(2006, tree_a, [[A, D]])
    survey = make_survey(
        tree_a.partnership,
        title="HSP self-assessment 2007",
        opens_on=dt.date(2007, 4, 2),
        closes_on=dt.date(2007, 5, 31),
        copy_statements=True,
    )
    assert survey.previous == baseline
    copies = list(survey.statements.all())
    assert [s.text for s in copies] == [STEER, FEEDBACK]
    assert [s.carried_from.survey_id for s in copies] == [baseline.pk, baseline.pk]


def test_the_response_rate_counts_submissions_of_active_members(tree_a):
    # given: A's six members; three answer, then one of them leaves
    survey = open_survey_of(tree_a)
    for name in ("officer", "chair", "plain"):
        submit_answers(survey, tree_a.members[name], choices_for(survey, Choice.AGREE))
    deactivate(tree_a.members["plain"], by=tree_a.members["admin"])
    # when
    results = survey_results(survey)
    # then: 2 of the 5 active members
    assert (results.submitted, results.members, results.response_rate) == (2, 5, Decimal("40.0"))
    # and the answers already given still count
    assert results.statements[0].agreement.agreeing == 3


def test_results_take_the_same_queries_however_many_statements(tree_a, django_assert_max_num_queries):
    survey = spring(2006, tree_a, [[A] * 20, [D] * 20], statements=[(f"Statement {i}", None, None) for i in range(20)])
    with django_assert_max_num_queries(6):
        results = survey_results(survey)
        assert len(results.statements) == 20 and results.response_rate is not None


# --- agreement_for_indicator --------------------------------------------------------------------


def test_it_pools_every_statement_linked_to_the_indicator(tree_a):
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    statements = [(STEER, indicator, None), (FEEDBACK, indicator, None), ("Not linked", None, None)]
    spring(2006, tree_a, [[A, D, SA], [D, DK, SA], [SA, A, SA]], statements=statements)
    pooled = agreement_for_indicator(indicator, on_or_before=dt.date(2006, 6, 30))
    # steer: A, D, SA; feedback: D, DK, A -> 3 agreeing of the 5 who gave a view (the unlinked one ignored)
    assert pooled == Agreement(agreeing=3, answered=5, dont_know=1)
    assert pooled.percent == Decimal("60.0")


def test_it_takes_the_latest_survey_closed_on_or_before_the_date(tree_a):
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    linked = [(STEER, indicator, None)]
    spring(2006, tree_a, [[D], [D]], statements=linked)
    spring(2007, tree_a, [[A], [D]], statements=linked)
    # before anything closed: none
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2006, 5, 30)) is None
    # on the day 2006's closed, and until 2007's closes: 2006's
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2006, 5, 31)).percent == Decimal("0.0")
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2007, 5, 30)).percent == Decimal("0.0")
    # from then: 2007's
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2007, 5, 31)).percent == Decimal("50.0")
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2030, 1, 1)).percent == Decimal("50.0")


def test_surveys_that_do_not_feed_it_drafts_and_other_indicators_are_ignored(tree_a, tree_b):
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    other = make_indicator(tree_a, "HSP 2", unit="percentage", polarity="higher")
    spring(2006, tree_a, [[A]], statements=[(STEER, indicator, None)])
    spring(2007, tree_a, [[D]], statements=[(STEER, other, None)])  # later, but feeds another indicator
    draft = make_survey(tree_a.partnership, title="Draft", opens_on=dt.date(2008, 4, 1), closes_on=dt.date(2008, 5, 1))
    draft.statements.create(text=STEER, indicator=indicator, position=1)
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2030, 1, 1)).percent == Decimal("100.0")
    assert agreement_for_indicator(other, on_or_before=dt.date(2030, 1, 1)).percent == Decimal("0.0")
    assert agreement_for_indicator(tree_b.indicator, on_or_before=dt.date(2030, 1, 1)) is None


def test_it_is_one_query(tree_a):
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    spring(2006, tree_a, [[A, A]], statements=[(STEER, indicator, None), (FEEDBACK, indicator, None)])
    indicator.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        agreement_for_indicator(indicator, on_or_before=dt.date(2007, 1, 1))
    assert len(queries) == 1


def test_a_survey_nobody_answered_gives_no_percent(tree_a):
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    spring(2006, tree_a, [], statements=[(STEER, indicator, None)])
    result = agreement_for_indicator(indicator, on_or_before=dt.date(2007, 1, 1))
    assert result == Agreement() and result.percent is None


def test_the_loader_records_a_submission_per_respondent(tree_a):
    survey = spring(2006, tree_a, [[A, A], [D, D], [DK, DK]])
    assert survey.submissions.count() == 3
    assert survey.state_on(dt.date(2026, 1, 1)) == "closed"
    extra = make_member(tree_a.partnership, make_user("extra_a"))
    assert not extra.survey_submissions.exists()
