"""Helpers for account tests: sign in through the real form, and compute real TOTP codes."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from enlace.testing import PASSWORD


def login(client: Client, email: str, password: str = PASSWORD, ip: str = "127.0.0.1") -> Any:
    """Sign in through allauth's form, as a browser does (so allauth records the login)."""
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


FRESH_CODE_MARGIN = 5  # seconds: a code this close to expiring is not used


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` now (RFC 6238, as allauth checks it).
    Near the end of a period it waits for the next one, as a person would, so that the code is
    still current when the server checks it on a slow, busy machine."""
    if at is None:
        period = mfa_settings.TOTP_PERIOD
        left = period - time.time() % period
        if left < FRESH_CODE_MARGIN:
            time.sleep(left + 0.05)
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def open_totp_setup(client: Client, password: str = PASSWORD) -> Any:
    """The TOTP activation page, confirming the password first as allauth asks (a fresh login
    does not count as a confirmation)."""
    url = reverse("mfa_activate_totp")
    page = client.get(url)
    if page.status_code == 302 and page["Location"].startswith(reverse("account_reauthenticate")):
        confirmed = client.post(page["Location"], {"password": password})
        assert confirmed.status_code == 302, confirmed.content.decode()
        assert confirmed["Location"] == url
        page = client.get(url)
    assert page.status_code == 200, page
    return page


def activate_totp(client: Client, password: str = PASSWORD) -> str:
    """Set up TOTP through the activation page with a code computed from its secret."""
    url = reverse("mfa_activate_totp")
    page = open_totp_setup(client, password)
    secret = str(client.session[SECRET_SESSION_KEY])
    assert secret in page.content.decode()  # the page shows the secret for manual entry
    done = client.post(url, {"code": totp_code(secret)})
    assert done.status_code == 302, done.content.decode()
    return secret
