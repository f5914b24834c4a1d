"""Every demo persona's home lists their own next steps, and each one opens a page they may use."""

from django.core.management import call_command

from home.services import Seat, next_steps
from partnership.demo.personas import PERSONAS
from partnership.models import Membership
from partnership.services.access import access_for
from reporting.clock import clock

# What each persona is asked to do first in the demo, in words from the step's title.
EXPECTED = {
    "officer": ["Revise and resubmit the NI 40 return", "Answer the challenge to the L SC1 return"],
    "coordinator": ["Approve or return 1 Integrated Housing return"],
    "analyst": ["The Well-Being exception report for"],
    "chair": ["Decision due: NI 112", "the board pack for"],
    "business": ["Your challenge to the L SC1 return", "Read the answer to your challenge", "the board pack for"],
    "executive": ["Decision due:", "Your recommendation to the Haringey Strategic Partnership Board"],
    "psg": ["Challenge or recommend: A Healthy Halton action plan 2027/28", "Agree 1 proposed target"],
    "admin": ["Set 2026/27 targets for 21 indicators"],
}


def test_each_persona_has_steps_and_every_step_opens_for_them(client, db):
    call_command("load_demo")
    today = clock.today()
    assert set(EXPECTED) == {persona.username for persona in PERSONAS}
    for persona in PERSONAS:
        memberships = Membership.objects.filter(user__username=persona.username).select_related("partnership", "user")
        steps = [step for m in memberships for step in next_steps(Seat(m, access_for(m), today))]
        titles = " | ".join(step.title for step in steps)
        for words in EXPECTED[persona.username]:
            assert words in titles, (persona.username, words, titles)
        client.force_login(memberships[0].user)
        home = client.get("/").content.decode()
        for step in steps:
            assert step.url.split("#")[0].replace("&", "&amp;") in home or step.url in home
            response = client.get(step.url.split("#")[0])
            assert response.status_code == 200, (persona.username, step.title, step.url, response.status_code)
