"""Accounts are created by workspace owners or the command line, never by open sign-up;
a sign-in refused by the lockout is written to the security log."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from enlace.accounts.selectors import user_pk_for_login
from enlace.core.middleware import client_ip

security_log = logging.getLogger("enlace.security")


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # The lockout refuses before Django's authenticate() runs, so no user_login_failed
        # signal is sent for it: log it here.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            security_log.warning(
                "login locked user=%s ip=%s", user_pk_for_login(credentials), client_ip(request)
            )
            raise
