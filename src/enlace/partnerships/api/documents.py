"""An opportunity's documents (drafts, the submitted version): files kept outside the web root
and served to members only, with the same rules as engagement attachments.

Uploads are multipart (`kind` and `file`); downloads always save to disk (never rendered by the
browser), under the name the file was uploaded with.
"""

from __future__ import annotations

import uuid

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import File, Form, Router, Status, UploadedFile

from enlace.api.auth import request_scope, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, READ_PROBLEMS, REMOVE_PROBLEMS
from enlace.api.pagination import check_query_params
from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.partnerships.api.common import operation_id, write
from enlace.partnerships.models import DocumentKind, OpportunityDocument
from enlace.partnerships.schemas import DocumentOut
from enlace.partnerships.selectors import opportunities as selectors
from enlace.partnerships.services import documents as services

router = Router(tags=["opportunities"])

_DOWNLOAD = {
    "200": {
        "description": "OK",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _document(scope: Scope, id: uuid.UUID, document_id: uuid.UUID) -> OpportunityDocument:
    opportunity = selectors.opportunity_get(scope=scope, id=id)
    return get_in_scope(scope.filter(opportunity.documents.all()), document_id)


def _only_known_parts(request: HttpRequest) -> None:
    # A form is as strict as a JSON body: an unknown part is refused, not ignored.
    unknown = sorted((set(request.POST) - {"kind"}) | (set(request.FILES) - {"file"}))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field."))


@router.post(
    "/{id}/documents",
    response={201: DocumentOut, **ADD_PROBLEMS},
    summary="Attach a document",
    operation_id=operation_id("document_add"),
)
def document_add(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    kind: Form[DocumentKind],
    file: File[UploadedFile],
) -> Status[OpportunityDocument]:
    """Multipart: `kind` (`draft`, `submitted` or `other`) and `file`. The types and size limit
    of engagement attachments; the content must match the extension."""
    scope = write_scope(request, Action.CREATE)
    _only_known_parts(request)
    opportunity = selectors.opportunity_get(scope=scope, id=id)
    document = write(
        services.document_add, scope=scope, opportunity=opportunity, kind=kind, upload=file
    )
    return Status(201, tagged(response, document))


@router.get(
    "/{id}/documents",
    response={200: list[DocumentOut], **READ_PROBLEMS},
    summary="List an opportunity's documents",
    operation_id=operation_id("document_list"),
)
def document_list(request: HttpRequest, id: uuid.UUID) -> list[OpportunityDocument]:
    scope = request_scope(request)
    check_query_params(request, ())
    opportunity = selectors.opportunity_get(scope=scope, id=id)
    return list(scope.filter(opportunity.documents.all()))


@router.get(
    "/{id}/documents/{document_id}/download",
    response=READ_PROBLEMS,
    summary="Download a document",
    operation_id=operation_id("document_download"),
    openapi_extra={"responses": _DOWNLOAD},
)
def document_download(request: HttpRequest, id: uuid.UUID, document_id: uuid.UUID) -> FileResponse:
    """The file, as an attachment to save (`Content-Disposition: attachment`)."""
    scope = request_scope(request)
    check_query_params(request, ())
    document = _document(scope, id, document_id)
    handle, content_type, name = services.document_open(scope=scope, document=document)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    # Never sniffed into something the browser would run, whatever the bytes say.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@router.delete(
    "/{id}/documents/{document_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove a document",
    operation_id=operation_id("document_remove"),
)
def document_remove(request: HttpRequest, id: uuid.UUID, document_id: uuid.UUID) -> Status[None]:
    """It goes to the trash with its history; the file is kept until it is purged."""
    scope = write_scope(request, Action.DELETE)
    write(services.document_remove, scope=scope, document=_document(scope, id, document_id))
    return Status(204, None)
