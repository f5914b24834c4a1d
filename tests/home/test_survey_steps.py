"""An open self-assessment survey the member has not answered is on their home page until they do."""

from django.utils import timezone

from home.services import Seat, next_steps
from partnership.services.access import access_for
from surveys.services.answers import submit_answers

from ..surveys.helpers import open_survey_of


def titles(member):
    return [step.title for step in next_steps(Seat(member, access_for(member), timezone.localdate()))]


def test_an_open_survey_is_a_step_until_it_is_answered(client, tree_a):
    survey = open_survey_of(tree_a, title="HSP self-assessment questionnaire")
    member = tree_a.members["plain"]
    assert "Answer the HSP self-assessment questionnaire" in titles(member)

    client.force_login(member.user)
    page = client.get("/").content.decode()
    assert f'href="/p/alpha/surveys/{survey.pk}/answer/"' in page
    assert client.get(f"/p/alpha/surveys/{survey.pk}/answer/").status_code == 200  # a page they can act on

    submit_answers(survey, member, {s.pk: "agree" for s in survey.statements.all()})
    assert "Answer the HSP self-assessment questionnaire" not in titles(member)


def test_a_draft_or_closed_survey_is_no_step(tree_a):
    from surveys.services.surveys import make_survey

    make_survey(
        tree_a.partnership,
        title="Not opened",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    assert not any("Not opened" in title for title in titles(tree_a.members["plain"]))
