"""Certificates: a training's list and issuing (one completer's, or every completer's) under its
engagement's path; revoking and the PDF under /certificates."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from enlace.api.auth import request_scope, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from enlace.api.pagination import check_query_params
from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.learning.api.common import (
    model_data,
    operation_id,
    training_read,
    training_write,
    write,
)
from enlace.learning.models import Certificate
from enlace.learning.schemas import (
    CertificateIssueIn,
    CertificateOut,
    CertificatePdfQuery,
    CertificateRevokeIn,
)
from enlace.learning.selectors import responses as selectors
from enlace.learning.services import certificates as services

# Under /engagements/{id}: a training's certificates.
router = Router(tags=["trainings"])
# Under /certificates: one certificate.
certificate_router = Router(tags=["certificates"])

# `Query[X]` built at run time: mypy knows it only as an annotation.
_query: Any = Query

_PDF = {
    "200": {
        "description": "OK",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/{id}/certificates",
    response={200: list[CertificateOut], **READ_PROBLEMS},
    summary="List a training's certificates",
    operation_id=operation_id("certificate_list"),
)
def certificate_list(request: HttpRequest, id: uuid.UUID) -> Any:
    """Valid and revoked, of the participants you may see, by holder."""
    scope = request_scope(request)
    check_query_params(request, ())
    _, training = training_read(scope, id)
    if training is None:
        return []
    return selectors.certificate_list(scope=scope, training=training)


@router.post(
    "/{id}/certificates",
    response={201: list[CertificateOut], **ADD_PROBLEMS},
    summary="Issue certificates",
    operation_id=operation_id("certificate_issue"),
)
def certificate_issue(
    request: HttpRequest, id: uuid.UUID, payload: CertificateIssueIn
) -> Status[list[Certificate]]:
    """`{"enrollment_id": ...}` issues that completer's certificate (refused unless the
    enrolment is completed and has no valid one); `{"all": true}` issues one to every completer
    without a valid one. The answer lists the certificates issued."""
    scope = write_scope(request, Action.CHANGE)
    with transaction.atomic():
        training = training_write(scope, id)
        if payload.all:
            issued = write(services.certificates_issue_all, scope=scope, training=training)
        else:
            data = model_data(scope, {"enrollment_id": payload.enrollment_id})
            enrollment = data["enrollment"]
            if enrollment.training_id != training.pk:
                raise ValidationError({"enrollment_id": "Not enrolled in this training."})
            issued = [write(services.certificate_issue, scope=scope, enrollment=enrollment)]
    return Status(201, issued)


@certificate_router.get(
    "/{id}",
    response={200: CertificateOut, **READ_PROBLEMS},
    summary="Read a certificate",
    operation_id=operation_id("certificate_read"),
)
def certificate_read(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> Certificate:
    """What it shows, as issued, and whether it was revoked."""
    scope = request_scope(request)
    check_query_params(request, ())
    return tagged(response, selectors.certificate_get(scope=scope, id=id))


@certificate_router.post(
    "/{id}/revoke",
    response={200: CertificateOut, **WRITE_PROBLEMS},
    summary="Revoke a certificate",
    operation_id=operation_id("certificate_revoke"),
)
def certificate_revoke(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: CertificateRevokeIn
) -> Certificate:
    """With a reason (3 to 300 characters). The public verification page says it was revoked,
    and when; a new certificate may then be issued."""
    scope = write_scope(request, Action.CHANGE)
    certificate = selectors.certificate_get(scope=scope, id=id)
    revoked = write(
        services.certificate_revoke, scope=scope, certificate=certificate, reason=payload.reason
    )
    return tagged(response, revoked)


@certificate_router.get(
    "/{id}/pdf",
    response=READ_PROBLEMS,
    summary="Download a certificate as PDF",
    operation_id=operation_id("certificate_pdf"),
    openapi_extra={"responses": _PDF},
)
def certificate_pdf(
    request: HttpRequest, id: uuid.UUID, query: _query[CertificatePdfQuery]
) -> HttpResponse:
    """The printable certificate, with its verification code and address."""
    scope = request_scope(request)
    check_query_params(request, ("language",))
    certificate = selectors.certificate_get(scope=scope, id=id)
    pdf = services.certificate_pdf(certificate, language=query.language or None)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
