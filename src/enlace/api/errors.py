"""Every API error in one documented shape: RFC 9457 problem+json, with per-field messages."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from enlace.core.errors import (
    DuplicateSuspected,
    Http404,
    PermissionDenied,
    ValidationError,
    VersionConflict,
)
from enlace.core.middleware import problem

security_log = logging.getLogger("enlace.security")
log = logging.getLogger("enlace.api")

_LOCATIONS = {"body", "query", "path", "header", "cookie", "form"}


class Problem(Schema):
    """An RFC 9457 problem document (`application/problem+json`)."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] | None = Field(
        None, description="422: the messages for each field (`__all__`: the request as a whole)."
    )
    current_version: int | None = Field(
        None, description="409 on a stale write: the version stored now."
    )
    changed_fields: list[str] | None = Field(
        None, description="409 on a stale write: the fields changed since the version you sent."
    )
    matches: list[dict[str, str]] | None = Field(
        None, description="409 on a likely duplicate: `id` and `name` of the similar records."
    )


# Status texts as RFC 9110 names them. Python's http.HTTPStatus changed some phrases in 3.13
# ("Unprocessable Entity" became "Unprocessable Content"); the API contract must not depend on
# which Python serves it.
STATUS_TEXT = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def problems(*statuses: int) -> dict[frozenset[int], type[Problem]]:
    """`response=` entries that document the problems an endpoint can answer."""
    return {frozenset(statuses): Problem}


# What each kind of endpoint can answer, so that every resource documents them alike.
LIST_PROBLEMS = problems(401, 403, 422)
READ_PROBLEMS = problems(401, 404, 422)
CREATE_PROBLEMS = problems(400, 401, 403, 413, 422)
CREATE_OR_DUPLICATE_PROBLEMS = problems(400, 401, 403, 409, 413, 422)
ADD_PROBLEMS = problems(400, 401, 403, 404, 413, 422)
REMOVE_PROBLEMS = problems(401, 403, 404, 422)
WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 413, 422)
DELETE_PROBLEMS = problems(400, 401, 403, 404, 409, 413, 422)
RESTORE_PROBLEMS = problems(401, 403, 404, 422)


def _field_errors_from_ninja(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", [])]
        # ninja reports ["body", "payload", "field", ...]; keep the field path
        while loc and (loc[0] in _LOCATIONS or loc[0] in {"payload", "filters", "data"}):
            loc = loc[1:]
        field = ".".join(loc) or "__all__"
        message = str(err.get("msg", "Invalid value."))
        if err.get("type") == "extra_forbidden":
            message = "Unknown field."
        if err.get("type") == "json_invalid":
            field, message = "__all__", "The body is not valid JSON."
        result.setdefault(field, []).append(message)
    return result


def field_errors_from_django(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("__all__" if k == "__all__" else k): [str(m) for e in v for m in e.messages]
            for k, v in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


def install(api: NinjaAPI) -> None:
    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(
            422,
            "Unprocessable Content",
            "The request has invalid fields.",
            errors=_field_errors_from_ninja(list(exc.errors)),
        )

    def domain_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(
            422,
            "Unprocessable Content",
            "The request has invalid fields.",
            errors=field_errors_from_django(exc),
        )

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(404, "Not Found", "No such record in this workspace.")

    def denied(request: HttpRequest, exc: Any) -> HttpResponse:
        scope = getattr(request, "scope", None)
        security_log.warning(
            "api denied method=%s path=%s user=%s ip=%s",
            request.method,
            request.path,
            getattr(getattr(scope, "user", None), "pk", None),
            request.META.get("REMOTE_ADDR"),
        )
        return problem(403, "Forbidden", "Your role does not allow this.")

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        security_log.warning(
            "api unauthenticated method=%s path=%s ip=%s",
            request.method,
            request.path,
            request.META.get("REMOTE_ADDR"),
        )
        response = problem(401, "Unauthorized", "Send 'Authorization: Bearer <token>'.")
        response["WWW-Authenticate"] = "Bearer"
        return response

    def conflict(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(
            409,
            "Conflict",
            "This record was changed by someone else since you read it.",
            current_version=exc.current_version,
            changed_fields=exc.changed_fields,
        )

    def duplicate(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(
            409,
            "Possible duplicate",
            "A record with a similar name exists; send allow_duplicate=true to create anyway.",
            matches=[{"id": str(m.pk), "name": str(m)} for m in exc.matches],
        )

    def too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem(413, STATUS_TEXT[413], "The request body is too large.")

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        # ninja raises HttpError(400, "Cannot parse request body") for malformed JSON.
        status = int(exc.status_code)
        title = STATUS_TEXT.get(status, "Error")
        return problem(status, title, str(exc))

    def unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        log.exception("unexpected API error on %s %s", request.method, request.path)
        return problem(500, "Internal Server Error", "Something went wrong on our side.")

    api.add_exception_handler(Exception, unexpected)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(NinjaValidationError, validation)
    api.add_exception_handler(ValidationError, domain_validation)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(VersionConflict, conflict)
    api.add_exception_handler(DuplicateSuspected, duplicate)
    api.add_exception_handler(RequestDataTooBig, too_big)
