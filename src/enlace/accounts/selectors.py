"""Reads for accounts: the account a sign-in aimed at."""

from __future__ import annotations

from typing import Any

from enlace.accounts.models import User


def user_pk_for_login(credentials: dict[str, Any]) -> Any:
    """The pk of the account a sign-in aimed at, or None: the address itself stays out of logs."""
    email = str(credentials.get("email") or credentials.get("username") or "").strip()
    if not email:
        return None
    return User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
