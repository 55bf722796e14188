"""Reads for accounts: the account a sign-in aimed at, the demo login hint."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from enlace.accounts.models import User
from enlace.core.demo import DEMO_EMAIL, DEMO_PASSWORD
from enlace.core.models import Workspace


def user_pk_for_login(credentials: dict[str, Any]) -> Any:
    """The pk of the account a sign-in aimed at, or None: the address itself stays out of logs."""
    email = str(credentials.get("email") or credentials.get("username") or "").strip()
    if not email:
        return None
    return User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()


def demo_login_hint() -> dict[str, str] | None:
    """The published demo login, for the login page: only in the demo profile
    (settings.ENLACE_DEMO_LOGIN_HINT) and only while a demo workspace exists."""
    if not settings.ENLACE_DEMO_LOGIN_HINT:
        return None
    if not Workspace.objects.filter(is_demo=True).exists():
        return None
    return {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
