"""Bearer tokens: the token fixes the user and the workspace of every API request."""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.security import HttpBearer

from enlace.core.scoping import Scope, scope_for
from enlace.core.services import token_authenticate

security_log = logging.getLogger("enlace.security")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Scope | None:
        api_token = token_authenticate(token)
        if api_token is None:
            return None
        try:
            scope = scope_for(api_token.user, api_token.workspace)
        except Exception:  # the membership was removed: the token no longer opens anything
            return None
        request.scope = scope  # type: ignore[attr-defined]
        request.user = api_token.user
        return scope


def request_scope(request: HttpRequest) -> Scope:
    scope: Scope = request.auth  # type: ignore[attr-defined]
    return scope


def with_etag(response: HttpResponse, version: Any) -> HttpResponse:
    response["ETag"] = f'"{version}"'
    return response
