"""Reads for the demo: the published demo login, offered on the login page."""

from __future__ import annotations

from django.conf import settings

from enlace.core.models import Workspace
from enlace.demo.loader import DEMO_EMAIL, DEMO_PASSWORD


def demo_login_hint() -> dict[str, str] | None:
    """The published demo login: only in the demo profile (settings.ENLACE_DEMO_LOGIN_HINT) and
    only while a demo workspace exists."""
    if not settings.ENLACE_DEMO_LOGIN_HINT:
        return None
    if not Workspace.objects.filter(is_demo=True).exists():
        return None
    return {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
