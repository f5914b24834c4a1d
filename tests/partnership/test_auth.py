"""Sign in, sign out, password reset and change."""

import re

from django.core import mail

from ..builders import PASSWORD, sign_in


def test_sign_in_takes_a_member_to_what_needs_them_in_their_partnership(client, tree_a):
    response = client.post("/accounts/login/", {"username": "officer_a", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert response.context["partnership"] == tree_a.partnership
    assert response.context["user"].username == "officer_a"


def test_sign_in_returns_to_the_page_asked_for(client, tree_a):
    response = client.get("/p/alpha/people/")
    assert response["Location"] == "/accounts/login/?next=/p/alpha/people/"
    response = client.post(
        "/accounts/login/?next=/p/alpha/people/",
        {"username": "officer_a", "password": PASSWORD, "next": "/p/alpha/people/"},
    )
    assert response["Location"] == "/p/alpha/people/"


def test_a_wrong_password_is_explained_and_the_username_kept(client, tree_a):
    response = client.post("/accounts/login/", {"username": "officer_a", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a correct username and password" in html
    assert 'value="officer_a"' in html
    assert "_auth_user_id" not in client.session


def test_empty_sign_in_names_each_missing_field(client, db):
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert "Enter your username." in html and "Enter your password." in html
    assert 'href="#id_username"' in html and 'href="#id_password"' in html


def test_sign_in_page_is_accessible_by_default(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="govuk-skip-link"' in html and 'href="#main-content"' in html
    assert '<label class="govuk-label govuk-label--s" for="id_username">' in html
    assert '<html lang="en-GB"' in html


def test_sign_out_is_a_post(client, tree_a):
    client.force_login(tree_a.members["plain"].user)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, tree_a):
    # when: the officer asks for a reset
    response = client.post("/accounts/password/reset/", {"email": "officer_a@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    # then: an email with a one-time link arrives
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"}
    )
    assert response["Location"] == "/accounts/password/reset/done/"
    assert sign_in(client, "officer_a", "a-brand-new-secret-42")


def test_password_reset_says_the_same_for_unknown_addresses(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_password_reset_rejects_a_malformed_address_with_a_message(client, db):
    html = client.post("/accounts/password/reset/", {"email": "not-an-email"}).content.decode()
    assert "Enter an email address in the correct format" in html
    assert 'value="not-an-email"' in html


def test_mismatched_new_passwords_are_explained(client, tree_a):
    client.force_login(tree_a.members["plain"].user)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "first-choice-123", "new_password2": "second-choice-123"},
    )
    assert response.status_code == 200
    assert "The two password fields didn" in response.content.decode()


def test_the_admin_is_for_staff_only(client, tree_a):
    client.force_login(tree_a.members["admin"].user)  # a partnership administrator, not site staff
    assert client.get("/admin/").status_code == 302
    user = tree_a.members["admin"].user
    user.is_staff = user.is_superuser = True
    user.save()
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/partnership/membership/").status_code == 200
