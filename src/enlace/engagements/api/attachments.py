"""An engagement's attachments: files kept outside the web root and served to members only.

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
from enlace.engagements import selectors, services
from enlace.engagements.api.common import operation_id, write
from enlace.engagements.models import Attachment, AttachmentKind
from enlace.engagements.schemas import AttachmentOut

router = Router(tags=["engagements"])

_DOWNLOAD = {
    "200": {
        "description": "OK",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _attachment(scope: Scope, id: uuid.UUID, attachment_id: uuid.UUID) -> Attachment:
    engagement = selectors.engagement_get(scope=scope, id=id)
    return get_in_scope(scope.filter(engagement.attachments.all()), attachment_id)


def _only_known_parts(request: HttpRequest) -> None:
    # A form is as strict as a JSON body: an unknown part is refused, not ignored.
    unknown = sorted((set(request.POST) - {"kind"}) | (set(request.FILES) - {"file"}))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Unknown field."))


@router.post(
    "/{id}/attachments",
    response={201: AttachmentOut, **ADD_PROBLEMS},
    summary="Attach a file",
    operation_id=operation_id("attachment_add"),
)
def attachment_add(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    kind: Form[AttachmentKind],
    file: File[UploadedFile],
) -> Status[Attachment]:
    """Multipart: `kind` and `file`. PDF, office documents (docx, xlsx, pptx, odt, ods, odp),
    images (jpg, png, webp), csv and txt, up to 20 MiB; the content must match the extension."""
    scope = write_scope(request, Action.CHANGE)
    _only_known_parts(request)
    engagement = selectors.engagement_get(scope=scope, id=id)
    attachment = write(
        services.attachment_add, scope=scope, engagement=engagement, kind=kind, upload=file
    )
    return Status(201, tagged(response, attachment))


@router.get(
    "/{id}/attachments",
    response={200: list[AttachmentOut], **READ_PROBLEMS},
    summary="List an engagement's attachments",
    operation_id=operation_id("attachment_list"),
)
def attachment_list(request: HttpRequest, id: uuid.UUID) -> list[Attachment]:
    scope = request_scope(request)
    check_query_params(request, ())
    engagement = selectors.engagement_get(scope=scope, id=id)
    return list(scope.filter(engagement.attachments.all()))


@router.get(
    "/{id}/attachments/{attachment_id}/download",
    response=READ_PROBLEMS,
    summary="Download an attachment",
    operation_id=operation_id("attachment_download"),
    openapi_extra={"responses": _DOWNLOAD},
)
def attachment_download(
    request: HttpRequest, id: uuid.UUID, attachment_id: uuid.UUID
) -> FileResponse:
    """The file, as an attachment to save (`Content-Disposition: attachment`)."""
    scope = request_scope(request)
    check_query_params(request, ())
    attachment = _attachment(scope, id, attachment_id)
    handle, content_type, name = services.attachment_open(scope=scope, attachment=attachment)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    # Never sniffed into something the browser would run, whatever the bytes say.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@router.delete(
    "/{id}/attachments/{attachment_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove an attachment",
    operation_id=operation_id("attachment_remove"),
)
def attachment_remove(
    request: HttpRequest, id: uuid.UUID, attachment_id: uuid.UUID
) -> Status[None]:
    """It goes to the trash with its history; the file is kept until it is purged."""
    scope = write_scope(request, Action.CHANGE)
    services.attachment_remove(scope=scope, attachment=_attachment(scope, id, attachment_id))
    return Status(204, None)
