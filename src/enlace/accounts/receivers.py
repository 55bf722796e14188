"""The security log of sign-in events: who (a user pk, never an address), when and from where.

Signals are the right tool here: logging is a side effect of allauth's and Django's flows,
not a step of our own domain. No receiver ever formats an email, a password, a code or a token.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver
from django.http import HttpRequest

from enlace.accounts.models import User
from enlace.accounts.selectors import user_pk_for_login
from enlace.core.middleware import client_ip

security_log = logging.getLogger("enlace.security")


def _ip(request: HttpRequest | None) -> str:
    return client_ip(request) if request is not None else "-"


@receiver(auth_signals.user_logged_in, dispatch_uid="enlace.security.logged_in")
def log_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    security_log.info("login ok user=%s ip=%s", user.pk, _ip(request))


@receiver(auth_signals.user_login_failed, dispatch_uid="enlace.security.login_failed")
def log_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    security_log.warning("login failed user=%s ip=%s", user_pk_for_login(credentials), _ip(request))


@receiver(auth_signals.user_logged_out, dispatch_uid="enlace.security.logged_out")
def log_logged_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    security_log.info("logout user=%s ip=%s", getattr(user, "pk", None), _ip(request))


@receiver(account_signals.password_changed, dispatch_uid="enlace.security.password_changed")
@receiver(account_signals.password_set, dispatch_uid="enlace.security.password_set")
@receiver(account_signals.password_reset, dispatch_uid="enlace.security.password_reset")
def log_password_event(
    sender: Any, request: HttpRequest | None, user: User, signal: Any, **kwargs: Any
) -> None:
    event = {
        account_signals.password_changed: "changed",
        account_signals.password_set: "set",
        account_signals.password_reset: "reset",
    }[signal]
    security_log.info("password %s user=%s ip=%s", event, user.pk, _ip(request))


@receiver(mfa_signals.authenticator_added, dispatch_uid="enlace.security.mfa_added")
@receiver(mfa_signals.authenticator_removed, dispatch_uid="enlace.security.mfa_removed")
@receiver(mfa_signals.authenticator_reset, dispatch_uid="enlace.security.mfa_reset")
@receiver(mfa_signals.authenticator_used, dispatch_uid="enlace.security.mfa_used")
@receiver(mfa_signals.authentication_failed, dispatch_uid="enlace.security.mfa_failed")
def log_mfa_event(
    sender: Any,
    request: HttpRequest | None,
    user: User,
    authenticator: Any,
    signal: Any,
    **kwargs: Any,
) -> None:
    event = {
        mfa_signals.authenticator_added: "added",
        mfa_signals.authenticator_removed: "removed",
        mfa_signals.authenticator_reset: "reset",
        mfa_signals.authenticator_used: "used",
        mfa_signals.authentication_failed: "failed",
    }[signal]
    log = security_log.warning if event == "failed" else security_log.info
    log("mfa %s type=%s user=%s ip=%s", event, authenticator.type, user.pk, _ip(request))
