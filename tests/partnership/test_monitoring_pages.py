"""The equality monitoring pages: your own form (only yours, no id in its address), removing your
answers, and the make-up of the partnership, which shows totals only and never a small group."""

import re

import pytest
from django.urls import get_resolver

from partnership.models import MemberMonitoring
from partnership.services.monitoring import save_answers

from ..builders import make_member, make_user
from ..conftest import client_for
from ..tenant_urls import _walk, tenant_urls

FORM = "/p/alpha/me/monitoring/"
REMOVE = "/p/alpha/me/monitoring/remove/"
MAKE_UP = "/p/alpha/monitoring/"


def checked(response) -> set[tuple[str, str]]:
    """The radios checked on the page: (question, answer)."""
    radios = re.findall(r'<input [^>]*type="radio"[^>]*>', response.content.decode())
    return {
        (re.search(r'name="(\w+)"', tag).group(1), re.search(r'value="(\w+)"', tag).group(1))
        for tag in radios
        if " checked" in tag
    }


def row(response, answer) -> str:
    """The make-up table row of one answer."""
    match = re.search(
        rf'<tr class="govuk-table__row" data-answer="{answer}">(.*?)</tr>', response.content.decode(), re.S
    )
    assert match, f"no row for {answer}"
    return match.group(1)


def measure(response, key) -> str:
    pattern = rf'data-measure="{key}">.*?<dd class="govuk-summary-list__value">(.*?)</dd>'
    return re.search(pattern, response.content.decode(), re.S).group(1).strip()


def cells(html) -> list[str]:
    return [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def more_members(tree, count):
    for number in range(len(tree.members), count):
        tree.members[f"extra{number}"] = make_member(tree.partnership, make_user(f"extra{number}"))
    return list(tree.members.values())


# --- your own form ----------------------------------------------------------------------------------


def test_every_member_opens_their_own_form_which_says_why_and_who_sees_what(as_plain):
    response = as_plain.get(FORM)
    assert response.status_code == 200
    text = response.content.decode()
    for words in ("Why we ask", "Every question is optional", "Only you can see your answers", "fewer than 5 people"):
        assert words in text
    assert "Prefer not to say" in text and "Remove my answers" not in text  # nothing to remove yet
    assert checked(response) == set()


def test_a_member_saves_changes_and_sees_only_their_own_answers(client, tree_a):
    # given: the officer has answered
    save_answers(tree_a.members["officer"], {"ethnic_group": "black", "religion": "sikh", "faith": "religion"})
    plain = tree_a.members["plain"]
    client_for(client, plain)
    # then: the plain member's form shows none of the officer's answers
    assert checked(client.get(FORM)) == set()
    # when: they save their own
    response = client.post(FORM, {"sex": "female", "age_band": "45_64", "disability": "prefer_not_to_say"}, follow=True)
    # then
    assert response.redirect_chain == [(FORM, 302)]
    assert "Your answers have been saved" in response.content.decode()
    assert checked(response) == {("sex", "female"), ("age_band", "45_64"), ("disability", "prefer_not_to_say")}
    form = MemberMonitoring.objects.get(membership=plain)
    assert (form.sex, form.ethnic_group, form.history.get().history_user) == ("female", "", plain.user)
    # and changing one answer changes only theirs
    client.post(FORM, {"sex": "male"})
    assert MemberMonitoring.objects.get(membership=plain).sex == "male"
    assert MemberMonitoring.objects.get(membership=tree_a.members["officer"]).ethnic_group == "black"


def test_the_same_member_sees_a_separate_form_in_each_partnership(client, tree_a, tree_b):
    plain = tree_a.members["plain"]
    save_answers(make_member(tree_b.partnership, plain.user), {"sex": "male"})
    client_for(client, plain)
    assert checked(client.get(FORM)) == set()
    assert checked(client.get("/p/beta/me/monitoring/")) == {("sex", "male")}


def test_bad_input_is_shown_beside_the_question_with_everything_typed_kept(as_plain):
    response = as_plain.post(FORM, {"sex": "martian", "age_band": "25_44", "faith": "no_religion", "religion": "hindu"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and "Choose one of the answers listed" in text
    assert "choose “Has a religion or belief” above" in text
    assert {("age_band", "25_44"), ("faith", "no_religion"), ("religion", "hindu")} <= checked(response)
    assert not MemberMonitoring.objects.exists()


def test_a_form_with_nothing_answered_is_refused_with_a_message(as_plain):
    response = as_plain.post(FORM, {})
    assert response.status_code == 200
    assert "You have not answered any question" in response.content.decode()
    assert not MemberMonitoring.objects.exists()


def test_remove_my_answers_asks_then_deletes_only_your_form(client, tree_a):
    plain, officer = tree_a.members["plain"], tree_a.members["officer"]
    save_answers(plain, {"sex": "female"})
    save_answers(officer, {"sex": "male"})
    client_for(client, plain)
    assert f'href="{REMOVE}"' in client.get(FORM).content.decode()
    # when: they open the confirmation, then confirm
    asking = client.get(REMOVE)
    assert asking.status_code == 200 and "will be deleted" in asking.content.decode()
    assert MemberMonitoring.objects.filter(membership=plain).exists()
    response = client.post(REMOVE, follow=True)
    # then
    assert response.redirect_chain == [(FORM, 302)]
    assert "Your answers have been removed" in response.content.decode()
    assert list(MemberMonitoring.objects.values_list("membership", flat=True)) == [officer.pk]
    # and again: nothing to remove
    assert "You had no answers to remove" in client.post(REMOVE, follow=True).content.decode()


def test_no_address_names_a_monitoring_form():
    routes = [(route, name) for route, name in _walk(get_resolver().url_patterns) if "monitoring" in route]
    assert {name for _, name in routes} == {
        "partnership:my_monitoring",
        "partnership:my_monitoring_remove",
        "partnership:make_up",
    }
    assert all(re.findall(r"<(?:\w+:)?(\w+)>", route) == ["partnership_slug"] for route, _ in routes)


# --- the make-up -----------------------------------------------------------------------------------


def test_the_make_up_shows_totals_and_withholds_small_groups(client, tree_a):
    # given: 12 members; 7 White, 2 Asian, 3 Black; 6 women and 6 men
    people = more_members(tree_a, 12)
    ethnic = ["white"] * 7 + ["asian"] * 2 + ["black"] * 3
    for person, group, sex in zip(people, ethnic, ["female", "male"] * 6, strict=True):
        save_answers(person, {"ethnic_group": group, "sex": sex})
    client_for(client, tree_a.members["plain"])
    # when
    response = client.get(MAKE_UP)
    # then: the date, the response rate and every table
    text = response.content.decode()
    assert response.status_code == 200
    assert "12 of 12 active members have returned the form (100.0%)" in text
    assert cells(row(response, "white")) == ["7", "58.3%"]
    assert cells(row(response, "female")) == ["6", "50.0%"]
    assert cells(row(response, "mixed")) == ["0", "0.0%"]  # zero is shown
    # and the small groups are withheld, their counts nowhere in their rows
    for answer in ("asian", "black"):
        assert cells(row(response, answer)) == ["Fewer than 5: not shown"]
    assert "Fewer than 5 people answered this question" in text  # nobody answered the others
    assert "Fewer than 5: not shown” means" in text
    # and the seed's measures: BME holds both withheld groups, so its total gives neither away
    assert measure(response, "bme") == "41.7% (5 of 12)"
    assert measure(response, "male") == "50.0% (6 of 12)"
    assert measure(response, "under_25") == "Fewer than 5: not shown"  # nobody answered


def test_the_make_up_at_a_higher_minimum_withholds_more(client, tree_a):
    people = more_members(tree_a, 12)
    for person, sex in zip(people, ["female"] * 8 + ["male"] * 4, strict=True):
        save_answers(person, {"sex": sex})
    tree_a.partnership.monitoring_minimum_count = 3
    tree_a.partnership.save()
    client_for(client, tree_a.members["plain"])
    assert cells(row(client.get(MAKE_UP), "male")) == ["4", "33.3%"]
    tree_a.partnership.monitoring_minimum_count = 5
    tree_a.partnership.save()
    response = client.get(MAKE_UP)
    assert (
        "No figures are shown: any of them would let a group of fewer than 5 be worked out" in response.content.decode()
    )
    assert 'data-answer="male"' not in response.content.decode()


def test_the_make_up_page_makes_a_bounded_number_of_queries(client, tree_a, django_assert_max_num_queries):
    for person in more_members(tree_a, 30):
        save_answers(person, {"sex": "female", "ethnic_group": "white"})
    client_for(client, tree_a.members["plain"])
    with django_assert_max_num_queries(12):
        assert client.get(MAKE_UP).status_code == 200


def test_no_page_shows_one_members_answers_to_anyone_else(client, full_a):
    # given: one member has answered, with answers nobody else gave
    save_answers(full_a.members["officer"], {"ethnic_group": "other", "faith": "religion", "religion": "sikh"})
    # when: the administrator opens every page of the partnership
    client_for(client, full_a.members["admin"])
    for name, url in tenant_urls(full_a):
        response = client.get(url)
        text = response.content.decode(errors="replace")
        # then: no page names the answer outside the form's own choices, and none is checked or counted
        if name in ("partnership:my_monitoring", "partnership:make_up"):
            assert checked(response) == set(), name
            assert "Sikh</th>" not in text or "Fewer than 5 people answered this question" in text, name
        else:
            assert "Sikh" not in text, name
    make_up = client.get(MAKE_UP).content.decode()
    assert 'data-answer="sikh"' not in make_up  # one person answered: no table at all


@pytest.mark.parametrize("url", [FORM, REMOVE, MAKE_UP])
def test_outsiders_get_404_and_anonymous_visitors_sign_in(client, tree_a, tree_b, url):
    assert client.get(url).status_code == 302
    client_for(client, tree_b.members["admin"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"sex": "male"}).status_code == 404
    assert not MemberMonitoring.objects.exists()


def test_the_pages_are_linked_from_the_overview_and_the_footer(as_plain):
    text = as_plain.get("/p/alpha/").content.decode()
    assert f'href="{MAKE_UP}"' in text
    assert text.count(f'href="{FORM}"') == 2  # "Your roles", and the footer


# --- the minimum, in the settings ------------------------------------------------------------------------


def test_the_administrator_sets_the_minimum_at_three_or_more(as_admin, tree_a):
    settings_url = "/p/alpha/settings/"
    base = {"tolerance_percent": "5", "separate_approval": "on"}
    response = as_admin.post(settings_url, {**base, "monitoring_minimum_count": "2"})
    assert response.status_code == 200
    assert "Enter 3 or more" in response.content.decode()
    response = as_admin.post(settings_url, {**base, "monitoring_minimum_count": "7"})
    assert response.status_code == 302
    tree_a.partnership.refresh_from_db()
    assert tree_a.partnership.monitoring_minimum_count == 7
