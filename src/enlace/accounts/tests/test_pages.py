"""Every sign-in, password and two-factor page is Enlace's (base.html, every string marked for
translation), error pages render without a request, and the password flows work end to end."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from enlace.accounts.tests.helpers import activate_totp, login, open_totp_setup
from enlace.testing import PASSWORD

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
NEW_PASSWORD = "otra-clave-segura-77"


def _assert_enlace_page(response, template: str) -> None:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    used = {t.name: t for t in response.templates}
    assert "base.html" in used, sorted(used)
    assert template in used, sorted(used)
    assert str(TEMPLATES) in used[template].origin.name, used[template].origin.name


def test_signed_out_pages(client):
    pages = {
        "account_login": "account/login.html",
        "account_reset_password": "account/password_reset.html",
        "account_reset_password_done": "account/password_reset_done.html",
        "account_reset_password_from_key_done": "account/password_reset_from_key_done.html",
        "account_signup": "account/signup_closed.html",
    }
    for name, template in pages.items():
        _assert_enlace_page(client.get(reverse(name)), template)
    bad_key = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x-y"})
    response = client.get(bad_key)
    _assert_enlace_page(response, "account/password_reset_from_key.html")
    assert "no longer works" in response.content.decode()


def test_signed_in_account_and_two_factor_pages(client, editor):
    login(client, editor.user.email)
    _assert_enlace_page(client.get(reverse("account_logout")), "account/logout.html")
    _assert_enlace_page(
        client.get(reverse("account_change_password")), "account/password_change.html"
    )
    _assert_enlace_page(client.get(reverse("mfa_index")), "mfa/index.html")
    _assert_enlace_page(
        client.get(reverse("account_reauthenticate")), "account/reauthenticate.html"
    )
    _assert_enlace_page(open_totp_setup(client), "mfa/totp/activate_form.html")
    activate_totp(client)
    _assert_enlace_page(client.get(reverse("mfa_index")), "mfa/index.html")
    _assert_enlace_page(
        client.get(reverse("mfa_view_recovery_codes")), "mfa/recovery_codes/index.html"
    )
    _assert_enlace_page(
        client.get(reverse("mfa_generate_recovery_codes")), "mfa/recovery_codes/generate.html"
    )
    _assert_enlace_page(client.get(reverse("mfa_reauthenticate")), "mfa/reauthenticate.html")
    _assert_enlace_page(client.get(reverse("mfa_deactivate_totp")), "mfa/totp/deactivate_form.html")

    fresh = Client()
    login(fresh, editor.user.email)
    _assert_enlace_page(fresh.get(reverse("mfa_authenticate")), "mfa/authenticate.html")


def test_password_change(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="enlace.security")
    login(client, editor.user.email)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    editor.user.refresh_from_db()
    assert editor.user.check_password(NEW_PASSWORD)
    assert f"password changed user={editor.user.pk} ip=127.0.0.1" in caplog.messages


def test_password_reset_by_email(client, editor, caplog):
    caplog.set_level(logging.INFO)
    response = client.post(reverse("account_reset_password"), {"email": editor.user.email})
    assert response.status_code == 302
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link is not None, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    _assert_enlace_page(form_page, "account/password_reset_from_key.html")
    action = form_page.redirect_chain[-1][0]
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    editor.user.refresh_from_db()
    assert editor.user.check_password(NEW_PASSWORD)
    assert f"password reset user={editor.user.pk} ip=127.0.0.1" in caplog.messages
    key = link.group(1).rstrip("/").rsplit("/", 1)[-1]
    assert all(key not in line and "@" not in line for line in caplog.messages)


def test_an_unknown_address_gets_the_same_reset_answer(client, editor):
    known = client.post(reverse("account_reset_password"), {"email": editor.user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@x.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("403.html", "Your role does not allow this"),
        ("403_csrf.html", "The form has expired"),
        ("404.html", "We cannot find this page"),
        ("429.html", "Too many attempts"),
        ("500.html", "Something went wrong on our side"),
    ],
)
def test_error_pages_render_without_a_request(template, heading):
    html = render_to_string(template)
    assert f"<h1>{heading}</h1>" in html
    assert "web/enlace.css" in html


def test_django_uses_the_friendly_error_pages(client):
    assert "We cannot find this page" in client.get("/no/such/page/").content.decode()
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


# Text a reader sees, outside {% translate %} / {% blocktranslate %}: there must be none.
_BLOCKS = re.compile(
    r"{%\s*(blocktranslate|comment)\b.*?{%\s*end(blocktranslate|comment)\s*%}", re.S
)
_TAGS = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_ATTRIBUTES = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"')
_ALLOWED = {"Enlace"}  # the product's name


def _untranslated(source: str) -> list[str]:
    source = _BLOCKS.sub(" ", source)
    found = [value for value in _ATTRIBUTES.findall(source) if re.search(r"[A-Za-z]", value)]
    found = [value for value in found if not _TAGS.fullmatch(value.strip())]
    text = re.sub(r"<[^>]*>", " ", _TAGS.sub(" ", source))
    words = re.findall("[A-Za-z][A-Za-z'\u2019-]*", text)
    return found + [word for word in words if word not in _ALLOWED]


def test_every_visible_string_is_marked_for_translation():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 20
    leftovers = {str(t.relative_to(TEMPLATES)): _untranslated(t.read_text()) for t in templates}
    assert {name: words for name, words in leftovers.items() if words} == {}
