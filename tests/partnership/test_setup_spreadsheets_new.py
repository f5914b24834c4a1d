"""A new partnership set up from the three templates alone, then its first round of returns; and
an upload of 100 rows without a lookup per row."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, ReturnRound
from indicators.views.returns import round_period_choices
from partnership.models import Membership, Partnership, RoleAssignment
from partnership.roles import Role

from ..builders import make_user
from .setup_spreadsheet_helpers import download, outcome, problems, upload

pytestmark = pytest.mark.django_db


def uploaded(client, partnership, template, book):
    response = upload(client, partnership, template, book.as_upload(f"{template}.xlsx"))
    assert response.status_code == 200 and not response.context["form"].errors, problems(response)
    return outcome(response)


def test_a_new_partnership_is_set_up_from_the_three_templates_and_asks_its_officer_for_returns(client):
    # given a partnership with only its administrator
    partnership = Partnership.objects.create(slug="gamma", name="Gamma Partnership", area_name="Gamma")
    admin = Membership.objects.create(partnership=partnership, user=make_user("admin_g"))
    RoleAssignment.objects.create(membership=admin, role=Role.PARTNERSHIP_ADMIN)
    client.force_login(admin.user)
    fy = partnership.agreement_years(timezone.localdate())[1]
    year = f"{fy}/{(fy + 1) % 100:02d}"

    # when the three templates are filled in and uploaded in order
    book = download(client, partnership, "boards")
    assert book.rows("Boards") == [] and book.rows("Meetings") == []
    book.append("Boards", Board="Gamma Strategic Partnership", Short_name="GSP", Kind="Partnership board")
    book.append("Boards", Board="Healthier Gamma Board", Kind="Theme board", Reports_to="Gamma Strategic Partnership")
    book.append("Themes", Theme="Healthier Gamma", Managed_by_board="Healthier Gamma Board", Position=1)
    book.append("Meetings", Board="Healthier Gamma Board", Date="14/07/2027", Time="18:30", Location="Town Hall")
    assert uploaded(client, partnership, "boards", book) == {
        "Boards": (2, 0, 0),
        "Themes": (1, 0, 0),
        "Meetings": (1, 0, 0),
    }

    book = download(client, partnership, "people")
    book.append("Organisations", Organisation="Gamma Council", Kind="Council")
    book.append("People", Email="olu@gamma.example", First_name="Olu", Last_name="Ade", Organisation="Gamma Council")
    book.append("People", Email="lead@gamma.example", First_name="Lee", Last_name="Dunn", Job_title="Director")
    book.append("Roles", Email="olu@gamma.example", Role="Lead Information Officer", Theme="Healthier Gamma")
    book.append("Roles", Email="lead@gamma.example", Role="Outcome Lead", Theme="Healthier Gamma")
    book.append("Roles", Email="lead@gamma.example", Role="Board chair", Board="Healthier Gamma Board")
    assert uploaded(client, partnership, "people", book)["Roles"] == (3, 0, 1)

    book = download(client, partnership, "indicators")
    book.append("Indicators", Code="NI 112", Lead_theme="Healthier Gamma", Outcome_Lead_email="lead@gamma.example",
                Unit="Rate", Polarity="Lower is better")  # fmt: skip
    book.append("Indicators", Code="GL 1", Title="Health checks completed", Lead_theme="Healthier Gamma", Unit="Count",
                Polarity="Higher is better")  # fmt: skip
    book.append("Targets", Code="NI 112", Year=year, Target=45, Monitoring_level=48)
    book.append("Targets", Code="GL 1", Year=year, Target=400, Monitoring_level=350, Profile_Q1=100, Profile_Q2=200,
                Profile_Q3=300, Profile_Q4=400)  # fmt: skip
    assert uploaded(client, partnership, "indicators", book)["Indicators"] == (2, 0, 0)

    # then the first round, opened on the rounds page, asks the new officer for the new indicators
    choices = round_period_choices([], timezone.localdate())
    response = client.post(
        reverse("indicators:round_open", kwargs={"partnership_slug": partnership.slug}),
        {"period_end": choices[0][0]},
    )
    assert response.status_code == 302
    assert ReturnRound.objects.for_partnership(partnership).count() == 1
    officer = get_user_model().objects.get(email="olu@gamma.example")
    assert not officer.has_usable_password()
    client.force_login(officer)
    response = client.get(reverse("indicators:return_list", kwargs={"partnership_slug": partnership.slug}))
    assert response.status_code == 200
    [(theme, tasks, may_upload)] = response.context["groups"]
    assert theme.name == "Healthier Gamma" and may_upload
    assert sorted(task["indicator"].code for task in tasks) == ["GL 1", "NI 112"]
    assert Indicator.objects.for_partnership(partnership).get(code="NI 112").outcome_lead.user.email == (
        "lead@gamma.example"
    )


def test_an_upload_of_100_people_makes_no_lookup_per_row(client, tree_a, django_assert_max_num_queries):
    client.force_login(tree_a.members["admin"].user)
    book = download(client, tree_a.partnership, "people")
    for n in range(100):
        book.append("People", Email=f"person{n}@example.org", First_name="P", Last_name=f"N{n}",
                    Organisation="Alpha Council")  # fmt: skip
        book.append("Roles", Email=f"person{n}@example.org", Role="Board member", Board="Executive")
    file = book.as_upload()
    # a save per new account, membership, role and history row (4 per person, 2 of them history), nothing per lookup
    with django_assert_max_num_queries(100 * 6 + 40):
        response = upload(client, tree_a.partnership, "people", file)
    assert outcome(response)["People"][0] == 100
    # and uploading it again, all 100 unchanged, is a handful of queries whatever the rows
    again = download(client, tree_a.partnership, "people").as_upload()
    with django_assert_max_num_queries(25):
        response = upload(client, tree_a.partnership, "people", again)
    assert not response.context["outcome"].changed_anything


def test_an_upload_of_100_unchanged_indicators_and_targets_is_a_handful_of_queries(
    client, tree_a, django_assert_max_num_queries
):
    from ..builders import make_indicator

    fy = tree_a.partnership.agreement_years(timezone.localdate())[0]
    for n in range(100):
        make_indicator(tree_a, f"L {n:03d}", unit="count", polarity="higher", accumulation="cumulative",
                       targets=[(fy, 100, 90)])  # fmt: skip
    client.force_login(tree_a.members["admin"].user)
    file = download(client, tree_a.partnership, "indicators").as_upload()
    with django_assert_max_num_queries(25):
        response = upload(client, tree_a.partnership, "indicators", file)
    assert outcome(response)["Indicators"] == (0, 0, 101)
