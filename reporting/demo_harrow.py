"""Harrow's scorecard made real (seed 002): what its calculated measures are calculated from, and
their calculations for every period that has ended.

- The HSP's members fill in the voluntary monitoring form (the seed: "Monitoring form to be
  completed by all members of HSP"); most return it, a few prefer not to say here and there.
- The self-assessment questionnaire: last spring's benchmark ("to act as a benchmark of current
  perceptions of the HSP"), whose poorly rated statements (50% or less strongly agree or agree) are
  the scorecard's objectives, and this spring's, which shows the change.
- The demo's people, register and answers are dated from the start of the agreement, so a past
  period's make-up and register are read as they stood then.
- Then every calculated indicator is calculated for each period of the agreement that has ended
  (formulas after what they use), before the reporting demo freezes the quarters' snapshots.

Idempotent: forms and surveys are found by their natural keys; a calculation whose figures have not
changed makes no new version.
"""

import datetime as dt

from django.utils import timezone

from escalation.models import Risk
from indicators.models import Indicator
from indicators.periods import KIND_FOR_FREQUENCY, spans_in_year
from partnership import equality as eq
from partnership.demo.monitoring import load_monitoring
from partnership.models import MemberMonitoring, Membership, Objective, Partnership
from reporting.services.computed import calculated_in_order, calculated_indicators, record
from surveys.agreement import Choice
from surveys.demo import load_survey
from surveys.models import Survey

SLUG = "harrow"


def _spread(counts: list[tuple[str, int]], offset: int) -> list[str]:
    """The answers in `counts`, rotated by `offset` so that different questions' answers do not line
    up person by person."""
    answers = [answer for answer, count in counts for _ in range(count)]
    return answers[offset:] + answers[:offset]


# 50 forms: counts that stay clear of the minimum of 5 where the scorecard measures a group, so its
# figures are shown (the make-up page still withholds the smaller categories).
ETHNIC = [(eq.EthnicGroup.WHITE, 29), (eq.EthnicGroup.ASIAN, 12), (eq.EthnicGroup.BLACK, 6), (eq.EthnicGroup.MIXED, 3)]
SEX = [(eq.Sex.MALE, 26), (eq.Sex.FEMALE, 22), (eq.Sex.PREFER_NOT_TO_SAY, 2)]
FAITH = [(eq.Faith.RELIGION, 28), (eq.Faith.NO_RELIGION, 17), (eq.Faith.PREFER_NOT_TO_SAY, 5)]
AGE = [  # nobody under 25: the scorecard's red, and the demo's decision to co-opt the youth parliament
    (eq.AgeBand.FROM_25_TO_44, 14),
    (eq.AgeBand.FROM_45_TO_64, 27),
    (eq.AgeBand.FROM_65, 6),
    (eq.AgeBand.PREFER_NOT_TO_SAY, 3),
]
DISABILITY = [(eq.Disability.NO, 41), (eq.Disability.YES, 5), (eq.Disability.PREFER_NOT_TO_SAY, 4)]
RELIGIONS = [eq.Religion.CHRISTIAN, eq.Religion.HINDU, eq.Religion.MUSLIM, eq.Religion.JEWISH, eq.Religion.SIKH]


def monitoring_answers(forms: int = 50) -> list[dict]:
    columns = {
        "ethnic_group": _spread(ETHNIC, 0),
        "sex": _spread(SEX, 7),
        "faith": _spread(FAITH, 13),
        "age_band": _spread(AGE, 21),
        "disability": _spread(DISABILITY, 33),
    }
    answers = []
    for index in range(forms):
        form = {name: values[index] for name, values in columns.items()}
        if form["faith"] == eq.Faith.RELIGION:
            form["religion"] = RELIGIONS[index % len(RELIGIONS)]
        answers.append(form)
    return answers


def agreement_start(partnership) -> dt.date:
    return dt.date(partnership.agreement_years(timezone.localdate())[0], 4, 1)


def date_from_agreement_start(partnership) -> None:
    """The demo's people, forms and register have been there since the agreement began: their rows are
    made today, so the history row of each one's creation is dated back to then (later changes keep
    their dates)."""
    start = timezone.make_aware(dt.datetime.combine(agreement_start(partnership), dt.time(9)))
    members = Membership.objects.for_partnership(partnership)
    members.filter(joined_at__gt=start).update(joined_at=start)
    created = {"history_type": "+", "history_date__gt": start}
    Membership.history.filter(partnership_id=partnership.pk, **created).update(history_date=start)
    member_ids = members.values("pk")
    MemberMonitoring.history.filter(membership_id__in=member_ids, **created).update(history_date=start)
    Risk.history.filter(partnership_id=partnership.pk, **created).update(history_date=start)


def calculate_every_ended_period(partnership, today: dt.date) -> int:
    made = 0
    for indicator in calculated_in_order(calculated_indicators(partnership)):
        kind = KIND_FOR_FREQUENCY[indicator.frequency]
        for fy in partnership.agreement_years(today):
            for span in spans_in_year(fy, kind):
                if span.has_ended(today):
                    recorded = record(indicator, span, reason="Calculated when the demo was loaded")
                    made += bool(recorded and recorded.made)
    return made


def load_harrow_scorecard(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    partnership = Partnership.objects.get(slug=SLUG)
    members = Membership.objects.for_partnership(partnership).filter(is_active=True).count()
    load_monitoring(partnership, monitoring_answers(min(50, members)))
    load_surveys(partnership, today)
    date_from_agreement_start(partnership)
    return calculate_every_ended_period(partnership, today)


# The self-assessment's statements: the three the seed turns into objectives because they were
# poorly rated, and the delivery of the LAA, "a key responsibility of the partnership".
STATEMENTS = [
    (
        "The HSP's strategies reflect the views and needs of all sections of the community.",
        "HSP C1",
        "The HSP strategies reflect the views and needs of all sections of the community",
    ),
    (
        "The HSP provides an effective steer to partner organisations' strategies.",
        "HSP T1",
        "The HSP provides an effective steer to partner organisations' strategies",
    ),
    ("Operational planning takes account of feedback.", "HSP S1", "Operational planning takes account of feedback"),
    ("The HSP is delivering the Local Area Agreement.", None, None),
]
SA, AG, NE, DI, SD, DK = (
    Choice.STRONGLY_AGREE,
    Choice.AGREE,
    Choice.NEITHER,
    Choice.DISAGREE,
    Choice.STRONGLY_DISAGREE,
    Choice.DONT_KNOW,
)
# Answers to each statement (strongly agree, agree, neither, disagree, strongly disagree, don't
# know): the benchmark's first three at 50% or less, as in the seed; a year later, better.
BENCHMARK = [(4, 9, 8, 5, 2, 2), (3, 9, 9, 6, 1, 2), (5, 9, 7, 5, 2, 2), (8, 12, 5, 3, 1, 1)]
A_YEAR_LATER = [(6, 12, 8, 5, 1, 2), (5, 11, 9, 6, 1, 2), (7, 12, 7, 4, 2, 2), (9, 14, 6, 3, 1, 1)]


def respondents_answers(counts: list[tuple]) -> list[list[str]]:
    """One list of choices per respondent, from each statement's counts (rotated per statement, so
    nobody answers every statement alike)."""
    columns = [
        _spread(list(zip((SA, AG, NE, DI, SD, DK), numbers, strict=True)), position * 5)
        for position, numbers in enumerate(counts)
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def load_surveys(partnership, today: dt.date) -> None:
    """The benchmark in the spring of the agreement's first year, and the next spring's survey once
    it has closed."""
    codes = {code for _, code, _ in STATEMENTS if code}
    indicators = {i.code: i for i in Indicator.objects.for_partnership(partnership).filter(code__in=codes)}
    objectives = {o.title: o for o in Objective.objects.for_partnership(partnership)}
    statements = [(text, indicators.get(code), objectives.get(title)) for text, code, title in STATEMENTS]
    first = partnership.agreement_years(today)[0]
    for year, counts in ((first, BENCHMARK), (first + 1, A_YEAR_LATER)):
        title = f"HSP self-assessment questionnaire, spring {year}"
        opens_on, closes_on = dt.date(year, 4, 28), dt.date(year, 5, 23)
        if closes_on >= today or Survey.objects.for_partnership(partnership).filter(title=title).exists():
            continue
        load_survey(
            partnership,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            statements=statements,
            answers=respondents_answers(counts),
            introduction="How well is the Harrow Strategic Partnership working? Your answers are anonymous: "
            "only the totals are kept.",
        )
