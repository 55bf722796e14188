"""Request guards: API body size, and no caching of pages that carry personal data."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

API_PREFIX = "/api/"


def problem(status: int, title: str, detail: str = "", **extra: object) -> HttpResponse:
    """An RFC 9457 problem document."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")


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
            if length > settings.ENLACE_MAX_API_BODY:
                return problem(
                    413,
                    "Payload Too Large",
                    f"Request bodies are limited to {settings.ENLACE_MAX_API_BODY} bytes.",
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
