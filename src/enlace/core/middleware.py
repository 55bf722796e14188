"""Request guards: API body size, no caching of personal pages, the user's language, and the
security log of denied requests."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from enlace.core.logs import redact_secrets

API_PREFIX = "/api/"
# Attachment uploads may be larger than other API bodies: up to the attachment limit (20 MiB,
# enlace.engagements.services.ATTACHMENT_MAX_BYTES, a test holds them together) plus room for
# the multipart envelope. Core knows no app, so the path and the size are spelled out here.
# Endpoints that take a file: engagement attachments and opportunity documents.
UPLOAD_PATH = re.compile(r"/api/v1/(engagements/[^/]+/attachments|opportunities/[^/]+/documents)/?")
UPLOAD_MAX_BODY = 20 * 1024 * 1024 + 64 * 1024
security_log = logging.getLogger("enlace.security")


def client_ip(request: HttpRequest) -> str:
    """The client's address as the login rate limit sees it (ALLAUTH_TRUSTED_PROXY_COUNT)."""
    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return "unknown"


def loggable_path(request: HttpRequest) -> str:
    return redact_secrets(request.path)


def problem(status: int, title: str, detail: str = "", **extra: object) -> HttpResponse:
    """An RFC 9457 problem document."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")


def body_limit(request: HttpRequest) -> int:
    """The largest body an API request may send: an attachment upload's, or any other's."""
    if request.method == "POST" and UPLOAD_PATH.fullmatch(request.path):
        return UPLOAD_MAX_BODY
    limit: int = settings.ENLACE_MAX_API_BODY
    return limit


class BodySizeLimitMiddleware:
    """API bodies over the limit answer 413 before anything reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return problem(400, "Bad Request", "Content-Length is not a number.")
            limit = body_limit(request)
            if length > limit:
                return problem(
                    413, "Content Too Large", f"Request bodies are limited to {limit} bytes."
                )
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages and API answers for signed-in users are never stored by browsers or proxies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        if authenticated or request.path.startswith(API_PREFIX):
            add_never_cache_headers(response)
        if getattr(request, "htmx", False) is not False:
            patch_vary_headers(response, ["HX-Request"])
        return response


class UserLanguageMiddleware:
    """A signed-in user's profile language wins over the browser's Accept-Language.

    A language cookie wins over both: it is the latest explicit choice, made on this browser
    (the profile page sets it too, the language menu sets only it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        chosen_here = settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        if language and not chosen_here and language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class SecurityLogMiddleware:
    """Every refused page request (403, CSRF failures included, and 429) is logged with who and
    from where; the API logs its own refusals with the same fields (enlace.api.errors)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in {403, 429} and not request.path.startswith(API_PREFIX):
            user = getattr(request, "user", None)
            security_log.warning(
                "denied status=%s method=%s path=%s user=%s ip=%s",
                response.status_code,
                request.method,
                loggable_path(request),
                user.pk if user is not None and user.is_authenticated else None,
                client_ip(request),
            )
        return response
