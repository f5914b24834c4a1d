"""Results: counts, agreement and flag per statement, the change from the survey compared with, the
response rate; and agreement_for_indicator, which feeds computed indicators. The answers are read
only once a survey has closed, and only if at least the partnership's minimum count of members
(default 5) answered it."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnership.services.people import deactivate
from surveys.agreement import Agreement, Choice
from surveys.demo import load_survey
from surveys.models import Survey
from surveys.services.answers import submit_answers
from surveys.services.results import agreement_for_indicator, survey_results
from surveys.services.surveys import make_survey

from ..builders import make_indicator, make_member, make_user
from .helpers import choices_for, open_survey_of, today

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


def padded(answers, to=5):
    """The answers, with "Don't know" from further respondents up to `to` (the default minimum):
    enough respondents for the results to be shown, the percentages unchanged."""
    width = len(answers[0]) if answers else 1
    return [*answers, *[[DK] * width for _ in range(to - len(answers))]]


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
    # given: five respondents, the partnership's minimum
    survey = spring(2006, tree_a, [[SA, D], [A, D], [D, SD], [DK, A], [DK, DK]])
    # when
    results = survey_results(survey)
    # then
    assert results.shown and not results.withheld and results.respondents == 5
    steer, feedback = results.statements
    assert steer.counts == {SA: 1, A: 1, N: 0, D: 1, SD: 0, DK: 2}
    assert steer.agreement == Agreement(agreeing=2, answered=3, dont_know=2)
    assert steer.agreement.percent == Decimal("66.7") and not steer.agreement.flagged
    assert feedback.agreement.percent == Decimal("25.0") and feedback.agreement.flagged
    assert results.flagged == [feedback]
    assert [label for label, _ in steer.rows][0] == "Strongly agree"


def test_the_change_is_from_the_paired_statement_of_the_survey_compared_with(tree_a):
    # given: 2006's baseline, and 2007's survey made from it (statements copied) and answered
    baseline = spring(2006, tree_a, padded([[A, D], [D, D]]))  # steer 50%, feedback 0%
    survey = spring(2007, tree_a, padded([[A, A], [A, D], [SA, DK]]), previous=baseline)
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
    baseline = spring(2006, tree_a, padded([[A, D]]))
    survey = spring(2007, tree_a, padded([[A]]), statements=[("A statement asked for the first time", None, None)])
    results = survey_results(survey)
    (only,) = results.statements
    assert survey.previous == baseline  # compared with the latest closed survey by default
    assert not results.compared_withheld
    assert only.previous is None and only.change is None


def test_no_change_is_shown_from_a_survey_too_few_answered(tree_a):
    # given: four answered 2006's survey (the minimum is five), enough answered 2007's
    baseline = spring(2006, tree_a, [[A, D], [D, D], [D, D], [D, D]])
    survey = spring(2007, tree_a, padded([[A, A]]), previous=baseline)
    # when
    results = survey_results(survey)
    # then: 2007's results, but neither 2006's figures nor the change from them (it would give them away)
    assert results.shown
    assert results.compared_withheld.startswith("Fewer than 5 members answered HSP self-assessment 2006")
    assert all(r.previous is None and r.change is None for r in results.statements)
    assert results.statements[0].statement.carried_from.survey == baseline


def test_an_open_survey_gives_no_answers_to_anyone_only_how_many_answered(tree_a, django_assert_max_num_queries):
    # given: five of the six members answer an open survey
    survey = open_survey_of(tree_a)
    for name in ("admin", "officer", "chair", "plain", "business"):
        submit_answers(survey, tree_a.members[name], choices_for(survey, Choice.AGREE))
    survey = Survey.objects.select_related("partnership").get(pk=survey.pk)  # as the pages load it
    # when
    with django_assert_max_num_queries(2):
        results = survey_results(survey)
    # then
    assert not results.shown and results.statements == [] and results.flagged == []
    assert "published when the survey closes" in results.withheld
    assert (results.submitted, results.members, results.response_rate) == (5, 6, Decimal("83.3"))
    # and the day after it closes, they are shown
    closed = survey_results(survey, today=survey.closes_on + dt.timedelta(days=1))
    assert closed.shown and closed.statements[0].agreement.percent == Decimal("100.0")


def test_a_closed_survey_fewer_than_the_minimum_answered_gives_no_answers(tree_a):
    survey = spring(2006, tree_a, [[A, D], [D, D], [SA, SA], [D, A]])
    results = survey_results(survey)
    assert not results.shown and results.statements == []
    assert results.withheld == (
        "Fewer than 5 members answered: the results are not shown, so that nobody's answers can be told."
    )
    assert (results.submitted, results.members) == (4, 6)
    # the partnership's minimum decides: at four, the same answers are shown
    tree_a.partnership.monitoring_minimum_count = 4
    tree_a.partnership.save()
    assert survey_results(survey).shown


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
    # given: A's six members; five answer, then one of them leaves
    survey = open_survey_of(tree_a)
    for name in ("officer", "chair", "plain", "business", "outcome_lead"):
        submit_answers(survey, tree_a.members[name], choices_for(survey, Choice.AGREE))
    deactivate(tree_a.members["plain"], by=tree_a.members["admin"])
    # when: once it has closed
    results = survey_results(survey, today=survey.closes_on + dt.timedelta(days=1))
    # then: 4 of the 5 active members
    assert (results.submitted, results.members, results.response_rate) == (4, 5, Decimal("80.0"))
    # and the answers already given still count, and so do those who gave them towards the minimum
    assert results.respondents == 5 and results.shown
    assert results.statements[0].agreement.agreeing == 5


def test_results_take_the_same_queries_however_many_statements(tree_a, django_assert_max_num_queries):
    survey = spring(
        2006, tree_a, padded([[A] * 20, [D] * 20]), statements=[(f"Statement {i}", None, None) for i in range(20)]
    )
    with django_assert_max_num_queries(5):
        results = survey_results(survey)
        assert len(results.statements) == 20 and results.response_rate is not None


# --- agreement_for_indicator --------------------------------------------------------------------


def test_it_pools_every_statement_linked_to_the_indicator(tree_a):
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    statements = [(STEER, indicator, None), (FEEDBACK, indicator, None), ("Not linked", None, None)]
    spring(2006, tree_a, padded([[A, D, SA], [D, DK, SA], [SA, A, SA]]), statements=statements)
    pooled = agreement_for_indicator(indicator, on_or_before=dt.date(2006, 6, 30))
    # steer: A, D, SA; feedback: D, DK, A -> 3 agreeing of the 5 who gave a view (the unlinked one ignored)
    assert pooled == Agreement(agreeing=3, answered=5, dont_know=5)
    assert pooled.percent == Decimal("60.0")


def test_it_takes_the_latest_survey_closed_on_or_before_the_date(tree_a):
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    linked = [(STEER, indicator, None)]
    spring(2006, tree_a, padded([[D], [D]]), statements=linked)
    spring(2007, tree_a, padded([[A], [D]]), statements=linked)
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
    spring(2006, tree_a, padded([[A]]), statements=[(STEER, indicator, None)])
    spring(2007, tree_a, padded([[D]]), statements=[(STEER, other, None)])  # later, but feeds another indicator
    draft = make_survey(tree_a.partnership, title="Draft", opens_on=dt.date(2008, 4, 1), closes_on=dt.date(2008, 5, 1))
    draft.statements.create(text=STEER, indicator=indicator, position=1)
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2030, 1, 1)).percent == Decimal("100.0")
    assert agreement_for_indicator(other, on_or_before=dt.date(2030, 1, 1)).percent == Decimal("0.0")
    assert agreement_for_indicator(tree_b.indicator, on_or_before=dt.date(2030, 1, 1)) is None


def test_it_is_one_query_with_enough_respondents_or_too_few(tree_a):
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    linked = [(STEER, indicator, None), (FEEDBACK, indicator, None)]
    spring(2006, tree_a, padded([[A, A]]), statements=linked)
    spring(2007, tree_a, [[A, A]], statements=linked)
    indicator.refresh_from_db()
    for on_or_before, expected in ((dt.date(2007, 1, 1), Decimal("100.0")), (dt.date(2008, 1, 1), None)):
        with CaptureQueriesContext(connection) as queries:
            result = agreement_for_indicator(indicator, on_or_before=on_or_before)
        assert len(queries) == 1
        assert (result and result.percent) == expected


def test_a_survey_fewer_than_the_minimum_answered_gives_no_value(tree_a):
    # given: five answered 2006's survey, four 2007's (the partnership's minimum is five)
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    linked = [(STEER, indicator, None)]
    spring(2006, tree_a, padded([[A]]), statements=linked)
    spring(2007, tree_a, [[A], [D], [D], [D]], statements=linked)
    # then: 2006's until 2007's closes; after that no value (not 2006's instead)
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2007, 5, 30)).percent == Decimal("100.0")
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2007, 5, 31)) is None
    # and the partnership's minimum decides: at four, 2007's four count
    tree_a.partnership.monitoring_minimum_count = 4
    tree_a.partnership.save()
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2007, 5, 31)).percent == Decimal("25.0")


def test_a_survey_nobody_answered_gives_no_value(tree_a):
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    spring(2006, tree_a, [], statements=[(STEER, indicator, None)])
    assert agreement_for_indicator(indicator, on_or_before=dt.date(2007, 1, 1)) is None


def test_a_survey_still_open_gives_no_value_whatever_the_date_asked(tree_a):
    # given: a survey feeding the indicator, open for ten more days, which five members have answered
    indicator = make_indicator(tree_a, "HSP 1", unit="percentage", polarity="higher")
    survey = open_survey_of(tree_a, texts=[STEER], indicator=indicator)
    for name in ("admin", "officer", "chair", "plain", "business"):
        submit_answers(survey, tree_a.members[name], choices_for(survey, Choice.AGREE))
    # then: even for a period ending after its last day, nothing until it has closed
    assert agreement_for_indicator(indicator, on_or_before=today() + dt.timedelta(days=60)) is None


def test_the_loader_records_a_submission_per_respondent(tree_a):
    survey = spring(2006, tree_a, [[A, A], [D, D], [DK, DK]])
    assert survey.submissions.count() == 3
    assert survey.state_on(dt.date(2026, 1, 1)) == "closed"
    extra = make_member(tree_a.partnership, make_user("extra_a"))
    assert not extra.survey_submissions.exists()
