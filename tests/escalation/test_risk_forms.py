"""The risk register's form: a risk is saved with its score and this partnership's links, and a
duplicate or incomplete risk is explained."""

import pytest

from escalation.models import Risk

from .helpers import later, url

pytestmark = pytest.mark.usefixtures("returns_a", "escalations_a", "escalations_b")


def test_a_risk_is_saved_with_its_score_and_scoped_links(client, people, tree_b):
    client.force_login(people.members["analyst"].user)
    data = {
        "title": "Staff turnover",
        "likelihood": "5",
        "impact": "4",
        "mitigation": "Retention plan.",
        "review_date": later(),
        "status": "open",
        "themes": [tree_b.theme.pk],
    }
    response = client.post(url(people, "risk_create"), data)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    data["themes"] = [people.theme.pk]
    data["indicators"] = [people.indicator.pk]
    client.post(url(people, "risk_create"), data)
    risk = Risk.objects.get(title="Staff turnover")
    assert risk.score == 20 and risk.partnership == people.partnership
    assert list(risk.themes.all()) == [people.theme] and list(risk.indicators.all()) == [people.indicator]
    detail = client.get(risk.get_absolute_url()).content.decode()
    assert "20: Very high" in detail and "highlighted" in detail


def test_a_duplicate_or_incomplete_risk_is_explained(client, people):
    client.force_login(people.members["admin"].user)
    response = client.post(
        url(people, "risk_create"),
        {"title": "grant reduced mid-year", "likelihood": "", "impact": "7", "review_date": "", "status": "open"},
    )
    html = response.content.decode()
    for message in (
        "already a risk with this name",
        "Choose how likely",
        "Choose an impact from 1 to 5",
        "Say how the risk is being mitigated",
        "Enter the next review date",
    ):
        assert message in html, message
