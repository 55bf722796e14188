"""`demo_login` for the login page (account/login.html), given from here so that accounts
knows nothing of the demo."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from enlace.demo.selectors import demo_login_hint


def demo_login(request: HttpRequest) -> dict[str, Any]:
    # Lazy: only a template that reads `demo_login` pays for the query, once per render.
    if not settings.ENLACE_DEMO_LOGIN_HINT:
        return {}
    return {"demo_login": SimpleLazyObject(demo_login_hint)}
