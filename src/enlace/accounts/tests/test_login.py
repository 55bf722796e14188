"""Signing in: lockout after repeated failures, no account enumeration, a new session key at
login, an idle timeout, and a security log that names no one but a pk."""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta

import pytest
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enlace.accounts.tests.helpers import login
from enlace.testing import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-42"
LOCKED = "Too many failed login attempts"
MISMATCH = "are not correct"


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


class _Clock:
    """Stands in for allauth's clock so that the lockout window can pass in a test."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)

    def __init__(self, offset: float) -> None:
        self.offset = offset

    def time(self) -> float:
        return time.time() + self.offset


def test_five_failures_lock_the_address_even_for_the_right_password(client, owner, monkeypatch):
    email = owner.user.email
    for _ in range(5):
        response = login(client, email, WRONG, ip="10.0.0.1")
        assert response.status_code == 200
        assert MISMATCH in response.content.decode()

    locked = login(client, email, PASSWORD, ip="10.0.0.2")
    assert locked.status_code == 200
    assert LOCKED in locked.content.decode()
    assert not _signed_in(client)

    # Still locked near the end of the 15-minute window...
    monkeypatch.setattr(ratelimit, "time", _Clock(14 * 60))
    assert LOCKED in login(client, email, PASSWORD, ip="10.0.0.3").content.decode()
    assert not _signed_in(client)
    # ...and open once it has passed.
    monkeypatch.setattr(ratelimit, "time", _Clock(16 * 60))
    opened = login(client, email, PASSWORD, ip="10.0.0.4")
    assert opened.status_code == 302
    assert _signed_in(client)


def test_a_success_does_not_reset_the_count_of_failures(client, owner):
    """allauth rolls back only the successful attempt, so failures between successes add up."""
    email = owner.user.email
    for _ in range(4):
        login(client, email, WRONG, ip="10.0.1.1")
    assert login(client, email, PASSWORD, ip="10.0.1.1").status_code == 302
    client.post(reverse("account_logout"))
    login(client, email, WRONG, ip="10.0.1.2")
    assert LOCKED in login(client, email, PASSWORD, ip="10.0.1.3").content.decode()


def _normalised(response, email: str) -> str:
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', body)
    body = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": ""', body)
    # The form shows back the address that was typed: the only other difference allowed.
    return body.replace(email, "EMAIL")


def test_unknown_and_known_accounts_get_the_same_answer(owner):
    known, unknown = owner.user.email, "nobody@alpha.example"
    answers: dict[str, list] = {}
    for email, ip in ((known, "10.0.2.1"), (unknown, "10.0.2.2")):
        client = Client()
        answers[email] = [login(client, email, WRONG, ip=ip) for _ in range(5)]
        answers[email].append(login(client, email, PASSWORD, ip=ip))

    for mine, theirs in zip(answers[known], answers[unknown], strict=True):
        assert mine.status_code == theirs.status_code == 200
        assert mine["Content-Type"] == theirs["Content-Type"]
        assert _normalised(mine, known) == _normalised(theirs, unknown)
    assert MISMATCH in answers[known][0].content.decode()
    assert LOCKED in answers[known][-1].content.decode()


def test_the_session_key_changes_at_login(client, owner):
    client.get(reverse("account_login"))
    session = client.session  # creates a session before sign-in, as a visitor's would be
    session["seen"] = True
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    assert login(client, owner.user.email).status_code == 302

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session["seen"] is True  # renewed, not emptied


def test_an_idle_session_expires(client, owner):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    login(client, owner.user.email)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    sessions = Session.objects.filter(session_key=key)

    # Every request pushes the server-side expiry to a full idle period from now.
    sessions.update(expire_date=timezone.now() + timedelta(seconds=10))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    left = (sessions.get().expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < left <= settings.SESSION_COOKIE_AGE
    # The cookie itself ends with the browser (ACCOUNT_SESSION_REMEMBER = False).
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["max-age"]

    # A session left idle past the limit no longer opens anything.
    sessions.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_logins_are_logged_with_pk_and_ip_and_nothing_secret(client, owner, caplog):
    caplog.set_level(logging.INFO)
    user = owner.user
    before = timezone.now().timestamp()
    login(client, user.email, WRONG, ip="192.0.2.7")
    login(client, "nobody@alpha.example", WRONG, ip="192.0.2.8")
    login(client, user.email, PASSWORD, ip="192.0.2.9")
    client.post(reverse("account_logout"), REMOTE_ADDR="192.0.2.9")
    for _ in range(5):
        login(client, user.email, WRONG, ip="192.0.2.10")

    security = [r for r in caplog.records if r.name == "enlace.security"]
    messages = [r.getMessage() for r in security]
    assert f"login failed user={user.pk} ip=192.0.2.7" in messages
    assert "login failed user=None ip=192.0.2.8" in messages
    assert f"login ok user={user.pk} ip=192.0.2.9" in messages
    assert f"logout user={user.pk} ip=192.0.2.9" in messages
    assert f"login locked user={user.pk} ip=192.0.2.10" in messages
    assert all(r.created >= before - 1 for r in security)  # the "when" of each line

    for record in caplog.records:
        line = record.getMessage()
        for secret in (user.email, "nobody@alpha.example", "@", PASSWORD, WRONG, user.full_name):
            assert secret not in line, line


def test_behind_a_proxy_the_client_address_is_logged_and_limited(client, owner, settings, caplog):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    caplog.set_level(logging.INFO, logger="enlace.security")
    client.post(
        reverse("account_login"),
        {"login": owner.user.email, "password": WRONG},
        REMOTE_ADDR="10.9.9.9",
        headers={"X-Forwarded-For": "203.0.113.5"},
    )
    assert f"login failed user={owner.user.pk} ip=203.0.113.5" in caplog.messages


def test_login_page_wears_the_product_frame(client):
    response = client.get(reverse("account_login"))
    names = [t.name for t in response.templates]
    assert {"account/login.html", "accounts/entrance.html", "base.html"} <= set(names)
    login_template = next(t for t in response.templates if t.name == "account/login.html")
    assert "enlace/accounts/templates" in login_template.origin.name
