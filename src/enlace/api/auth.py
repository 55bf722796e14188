"""Bearer tokens fix the user and workspace of every API request; ETags fix the version read."""

from __future__ import annotations

import logging
import re
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja.security import HttpBearer

from enlace.core.errors import ValidationError
from enlace.core.models import WorkspaceModel
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, scope_for
from enlace.core.services import token_authenticate

security_log = logging.getLogger("enlace.security")

V = TypeVar("V", bound=WorkspaceModel)


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


def write_scope(request: HttpRequest, action: Action) -> Scope:
    """The scope of a write; a role that may not write is refused before any reference is read."""
    scope = request_scope(request)
    scope.require(action)
    return scope


def with_etag(response: HttpResponse, version: Any) -> HttpResponse:
    response["ETag"] = f'"{version}"'
    return response


def tagged(response: HttpResponse, obj: V) -> V:
    """`obj`, whose version the response's ETag now carries."""
    with_etag(response, obj.version)
    return obj


_ETAG = re.compile(r'"([0-9]{1,10})"')


def if_match_version(request: HttpRequest, body_version: int | None = None) -> int | None:
    """The version a write is based on: the body's `version` or the If-Match ETag (or neither)."""
    raw = request.headers.get("If-Match", "").strip()
    header_version = None
    if raw and raw != "*":
        match = _ETAG.fullmatch(raw)
        if match is None:
            raise ValidationError({"If-Match": 'Send the ETag you read, such as "3".'})
        header_version = int(match.group(1))
    if body_version is not None and header_version is not None and body_version != header_version:
        raise ValidationError({"version": "The body's version and the If-Match header disagree."})
    return body_version if body_version is not None else header_version
