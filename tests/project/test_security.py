"""Security: no data leaks from any URL, CSRF on every form, login throttling, the CSP header.

(Production cookies, HSTS and `check --deploy` are in test_settings.py; evidence uploads in
indicators/test_return_validation.py and indicators/test_return_evidence.py.)"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ..builders import PASSWORD, post_sign_in
from ..tenant_urls import every_url, tenant_urls

PRODUCT_APPS = ("partnership", "indicators", "reporting", "escalation")
TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *(Path(settings.BASE_DIR) / app / "templates" for app in PRODUCT_APPS),
]


def secrets_of(tree) -> list[bytes]:
    """Words that only partnership A's own people should ever see."""
    officer = tree.members["officer"].user
    return [
        text.encode()
        for text in (
            tree.partnership.name,
            tree.partnership.area_name,
            tree.organisation.name,
            tree.indicator.title,
            officer.email,
            tree.challenge.question,
            tree.action.description,
            tree.escalation.evidence,
        )
    ]


def assert_no_leak(response, secrets, what):
    body = response.content
    leaked = [secret.decode() for secret in secrets if secret in body]
    assert not leaked, f"{what} shows {leaked}"


@pytest.fixture
def tree_a_private(full_a):
    """Make A's texts distinctive, so finding one in a response can only be a leak."""
    full_a.escalation.evidence = "Alpha's partner audit: results falling at two schools."
    full_a.escalation.save()
    return full_a


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_url_shows_a_partnerships_data_to_a_member_of_another_partnership(client, tree_a_private, tree_b, method):
    # given: B's administrator (who may do anything in B, and is not site staff)
    outsider = tree_b.members["admin"].user
    secrets = secrets_of(tree_a_private)
    for name, path, is_tenant in every_url(tree_a_private):
        client.force_login(outsider)  # again each time: one of the URLs signs out
        response = getattr(client, method)(path)
        what = f"{method.upper()} {name} {path} -> {response.status_code}"
        if is_tenant:
            assert response.status_code in (404, 405), what
            assert not (method == "post" and response.status_code == 405), f"{what}: refuse with 404 first"
        elif path.startswith("/admin/") and name not in ("admin:login", "admin:logout"):
            assert response.status_code in (302, 405), what  # to the admin's sign-in: not site staff
        assert_no_leak(response, secrets, what)


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_url_shows_data_to_an_anonymous_visitor(client, tree_a_private, method):
    secrets = secrets_of(tree_a_private)
    public = {
        "login",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "admin:login",
        "admin:logout",
        "api:token",
        "api:schema",
        "api:docs",
        "admin:jsi18n",
    }
    for name, path, _is_tenant in every_url(tree_a_private):
        response = getattr(client, method)(path)
        what = f"{method.upper()} {name} {path} -> {response.status_code}"
        if path.startswith("/api/") and name not in public:
            assert response.status_code in (401, 403), what
        elif name not in public and response.status_code != 405:
            assert response.status_code == 302, what
            assert re.match(r"^/(accounts|admin)/login/\?next=", response["Location"]), what
        assert_no_leak(response, secrets, what)


def test_the_api_refuses_another_partnerships_token_with_404(tree_a, tree_b):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=tree_b.members["admin"].user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    for name, path in tenant_urls(tree_a):
        if path.startswith("/api/"):
            assert api.get(path).status_code == 404, name
            assert api.post(path, {}, content_type="application/json").status_code in (404, 405), name


# --- CSRF on every form --------------------------------------------------------------------


def templates_with_post_forms():
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            text = template.read_text()
            for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
                if re.search(r"""method=["']?post""", form, flags=re.I):
                    yield template, form


def test_every_post_form_in_every_template_carries_the_csrf_token():
    forms = list(templates_with_post_forms())
    assert len(forms) >= 15  # the scan really finds the forms
    missing = [
        str(template.relative_to(settings.BASE_DIR)) for template, form in forms if "{% csrf_token %}" not in form
    ]
    assert not missing, f"POST forms without {{% csrf_token %}}: {missing}"


def all_views(patterns=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_views(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry.name, entry.callback


def test_no_view_opts_out_of_csrf_except_the_api_which_checks_it_for_session_users():
    from rest_framework.authentication import SessionAuthentication

    for name, callback in all_views():
        if not getattr(callback, "csrf_exempt", False):
            continue
        view_class = getattr(callback, "cls", None)  # DRF marks its views exempt and checks CSRF itself
        assert view_class is not None, f"{name} is csrf_exempt"
        classes = view_class.authentication_classes
        assert all(issubclass(c, SessionAuthentication) or not hasattr(c, "enforce_csrf") for c in classes), name


def test_every_tenant_url_refuses_a_post_without_the_csrf_token(tree_a):
    # given: the partnership's own administrator, who may post to every page
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree_a.members["admin"].user)
    for name, path in tenant_urls(tree_a):
        response = client.post(path, {})
        assert response.status_code == 403, f"POST {name} {path} -> {response.status_code}"


def test_a_form_with_its_token_gets_through(tree_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree_a.members["chair"].user)
    page = client.get(f"/p/alpha/boards/{tree_a.theme_board.pk}/meetings/new/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    response = client.post(f"/p/alpha/boards/{tree_a.theme_board.pk}/meetings/new/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200  # through CSRF, to the form's own "enter a date" messages
    assert b"govuk-error-summary" in response.content


def test_the_api_checks_csrf_for_browser_sessions_but_not_for_tokens(returns_a):
    tree_a = returns_a
    from rest_framework.authtoken.models import Token

    path = f"/api/p/alpha/returns/{tree_a.indicator_return.pk}/"
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(tree_a.members["admin"].user)
    response = browser.patch(path, {"value": "51"}, content_type="application/json")
    assert response.status_code == 403 and b"CSRF" in response.content
    token = Token.objects.create(user=tree_a.members["admin"].user)
    api = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(path).status_code == 200


# --- login throttling ----------------------------------------------------------------------


def test_five_wrong_passwords_lock_that_username_at_that_address(client, tree_a):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = post_sign_in(client, "officer_a", "wrong-guess")
        assert response.status_code == 200
        assert (
            b"Please enter a correct username and password" in response.content
            or b"correct username" in response.content
        )
    # the fifth wrong guess locks; after that even the right password is refused, with a clear page
    locked = post_sign_in(client, "officer_a", "wrong-guess")
    assert locked.status_code == 429
    response = post_sign_in(client, "officer_a", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts to sign in" in html and "Try again in 1 hour" in html
    assert "_auth_user_id" not in client.session
    # but the same person elsewhere, and a colleague here, can still sign in
    assert post_sign_in(Client(), "officer_a", PASSWORD, address="203.0.113.9").status_code == 302
    assert post_sign_in(Client(), "chair_a", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_count(client, tree_a):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        post_sign_in(client, "officer_a", "wrong-guess")
    assert post_sign_in(client, "officer_a", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        post_sign_in(client, "officer_a", "wrong-guess")
    assert post_sign_in(client, "officer_a", PASSWORD).status_code == 302


def test_resetting_the_password_unlocks_the_account(client, tree_a):
    from django.core import mail

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        post_sign_in(client, "officer_a", "wrong-guess")
    assert post_sign_in(client, "officer_a", PASSWORD).status_code == 429
    client.post("/accounts/password/reset/", {"email": "officer_a@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"})
    assert post_sign_in(client, "officer_a", "a-brand-new-secret-42").status_code == 302


def test_the_api_token_endpoint_is_throttled_too(client, tree_a):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        assert client.post("/api/token/", {"username": "officer_a", "password": "wrong"}).status_code == 400
    response = client.post("/api/token/", {"username": "officer_a", "password": PASSWORD})
    assert response.status_code == 429
    assert response.json() == {"detail": "Too many attempts to sign in. Try again in 1 hour."}


# --- Content-Security-Policy -----------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy(as_plain):
    response = as_plain.get("/p/alpha/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # the one inline script carries this response's nonce, and only it
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    scripts = re.findall(rb"<script(?![^>]*\bsrc=)([^>]*)>", response.content)
    assert scripts and all(f'nonce="{nonce}"'.encode() in attributes for attributes in scripts)
    assert nonce not in as_plain.get("/p/alpha/")["Content-Security-Policy"]  # fresh per response


def test_no_template_has_inline_styles_or_event_handlers_the_policy_would_refuse():
    offenders = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            if "/pdf/" in str(template) or template.name.endswith("_print.html"):  # for WeasyPrint, not a browser
                continue
            text = template.read_text()
            if re.search(r"""\sstyle=["']|\son[a-z]+=["']|<style\b""", text):
                offenders.append(str(template.relative_to(settings.BASE_DIR)))
    assert not offenders, offenders


def test_the_api_docs_need_no_cdn(client, tree_a):
    client.force_login(tree_a.members["plain"].user)
    html = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
