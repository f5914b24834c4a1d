"""The escalation forms: opening by hand, nominating, referring up the route, editing the route and
the ladder's settings; bad input is explained beside the field, nothing typed is lost."""

import pytest

from escalation.models import Escalation, EventKind, LadderSettings, RouteStep

from ..builders import make_indicator
from .helpers import url

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a", "escalations_b")


# --- what the pages do --------------------------------------------------------------------------


def test_opening_by_hand_records_the_evidence_and_who(client, people):
    client.force_login(people.members["executive"].user)
    indicator = make_indicator(people, "L 31")
    response = client.post(url(people, "open"), {"indicator": indicator.pk, "stage": "2", "evidence": "Partner audit."})
    escalation = Escalation.objects.get(indicator=indicator)
    assert response["Location"] == escalation.get_absolute_url()
    event = escalation.events.get()
    assert (event.kind, event.by, event.note, event.to_stage) == (
        EventKind.OPENED,
        people.members["executive"].user,
        "Partner audit.",
        2,
    )


def test_bad_input_is_explained_beside_the_field_and_nothing_typed_is_lost(client, people):
    client.force_login(people.members["executive"].user)
    response = client.post(
        url(people, "open"), {"indicator": people.indicator.pk, "stage": "9", "evidence": "Typed evidence stays"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "govuk-error-message" in html
    assert "NI 112 already has an open escalation." in html
    assert "Select a valid choice" in html  # the stage
    assert "Typed evidence stays" in html


def test_another_partnerships_indicator_cannot_be_chosen(client, people, tree_b):
    client.force_login(people.members["executive"].user)
    response = client.post(url(people, "open"), {"indicator": tree_b.indicator.pk, "stage": "1", "evidence": "x"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Escalation.objects.filter(indicator=tree_b.indicator, partnership=people.partnership).exists()


def test_nomination_offers_executive_board_members_only(client, people):
    client.force_login(people.members["executive"].user)
    response = client.get(url(people, "nominate", escalation_id=people.top.pk))
    choices = list(response.context["form"].fields["nominee"].queryset)
    assert choices == [people.members["executive"]]
    # and nomination is for stage 3 only
    assert client.get(url(people, "nominate", escalation_id=people.escalation.pk)).status_code == 403


def test_referring_up_then_the_route_page_shows_what_reached_each_body(client, people):
    client.force_login(people.members["executive"].user)
    refer = url(people, "refer", escalation_id=people.escalation.pk)
    client.post(refer, {"note": "First."})
    client.post(refer, {"note": "Second."})
    response = client.post(refer, {"note": "Third."})
    assert "the last body on the route" in response.content.decode()
    page = client.get(url(people, "route"))
    reached = {step.name: [e.pk for e in escalations] for step, escalations in page.context["steps"]}
    assert reached == {"Performance Board": [people.escalation.pk], "Overview & Scrutiny": [people.escalation.pk]}
    scrutiny = RouteStep.objects.get(partnership=people.partnership, name="Overview & Scrutiny")
    listed = client.get(url(people, "list"), {"reached": scrutiny.pk})
    assert [row.record.pk for row in listed.context["table"].rows] == [people.escalation.pk]


def test_the_route_cannot_drop_a_body_that_has_referrals(client, people):
    client.force_login(people.members["admin"].user)
    client.post(url(people, "refer", escalation_id=people.escalation.pk), {"note": "Up."})
    response = client.post(url(people, "route_edit"), {"bodies": "Overview & Scrutiny\nOverview & Scrutiny"})
    assert "listed twice" in response.content.decode()
    response = client.post(url(people, "route_edit"), {"bodies": "Overview & Scrutiny"})
    assert "keep it on the route" in response.content.decode()


def test_settings_cannot_drop_below_an_open_stage(client, people):
    client.force_login(people.members["admin"].user)
    response = client.post(
        url(people, "settings"), {"stage_count": "2", "review_point": "quarterly", "report_back_months": "3"}
    )
    assert "at least 3 stages" in response.content.decode()
    assert LadderSettings.objects.get(partnership=people.partnership).stage_count == 3
