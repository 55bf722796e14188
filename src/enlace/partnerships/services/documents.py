"""Documents of an opportunity (drafts, the submitted version): the same checks as engagement
attachments (allowed types, size limit, content sniffed, a random stored name), opened only by
those who may see the opportunity."""

from __future__ import annotations

from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404, ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import record_save, record_soft_delete
from enlace.engagements.services.attachments import check_upload
from enlace.partnerships.models import DocumentKind, Opportunity, OpportunityDocument
from enlace.partnerships.services.common import check_opportunity


@transaction.atomic
def document_add(
    *, scope: Scope, opportunity: Opportunity, kind: str, upload: UploadedFile
) -> OpportunityDocument:
    scope.require(Action.CREATE)
    check_opportunity(scope, opportunity)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    checked = check_upload(upload)
    document = OpportunityDocument(
        workspace=scope.workspace,
        opportunity=opportunity,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
    )
    document.file.save(checked.stored_name, upload, save=False)
    try:
        return record_save(document, actor=scope.user)
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise


def document_remove(*, scope: Scope, document: OpportunityDocument) -> OpportunityDocument:
    """Into the trash; the file stays until the record is purged."""
    if document.workspace_id != scope.workspace.pk:
        raise Http404
    return record_soft_delete(document, scope=scope)


def document_open(*, scope: Scope, document: OpportunityDocument) -> tuple[IO[bytes], str, str]:
    """The stored file, its content type and the name to download it as (serve it with
    Content-Disposition: attachment); 404 for anyone who may not see its opportunity."""
    from enlace.partnerships.selectors.opportunities import opportunity_queryset

    scope.require(Action.VIEW)
    if (
        document.workspace_id != scope.workspace.pk
        or document.deleted_at is not None
        or not opportunity_queryset(scope).filter(pk=document.opportunity_id).exists()
    ):
        raise Http404
    handle: IO[bytes] = document.file.storage.open(document.file.name, "rb")
    return handle, document.content_type, document.original_name
