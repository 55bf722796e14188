"""Attachments: an upload is checked (extension, size, content sniffed against the extension)
before it is stored under a random name; opening one is for those who may see its engagement."""

from __future__ import annotations

import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404, ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import record_save, record_soft_delete
from enlace.engagements import selectors, services
from enlace.engagements.models import Attachment, AttachmentKind, Engagement
from enlace.engagements.services.common import _check_engagement

# attachment_add reads the limit as services.ATTACHMENT_MAX_BYTES (the package's re-export) at
# call time, so that patching that one name changes the limit.
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# Extension -> the content type we store and serve; the browser's claim is never trusted.
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "csv": "text/csv",
    "txt": "text/plain",
}
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_SNIFF_BYTES = 8192
_TEXT_CONTROLS_ALLOWED = frozenset(b"\t\n\r\f")


def _safe_display_name(name: str, extension: str) -> str:
    """The user's file name, fit for display and a download header: no folders, no control
    characters, at most 255 characters with the extension kept."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = " ".join(base.split()).strip(" .")
    if not base:
        return f"attachment.{extension}"
    if len(base) > 255:
        stem = base[: 255 - len(extension) - 1].rstrip(" .")
        base = f"{stem}.{extension}"
    return base


def _zip_matches(upload: UploadedFile, extension: str) -> bool:
    """An office file is a zip archive; check it holds the parts its extension promises."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return False  # macros: not a document but a program
            if extension in _OOXML_PART:
                return "[Content_Types].xml" in names and any(
                    n.startswith(_OOXML_PART[extension]) for n in names
                )
            info = archive.getinfo("mimetype")
            if info.file_size > 100:
                return False
            return archive.read(info).strip() == ATTACHMENT_TYPES[extension].encode()
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, EOFError):
        return False


def _looks_like_text(head: bytes) -> bool:
    # Any 8-bit encoding is welcome (a CSV saved by Excel is often Windows-1252); control bytes
    # are what mark a binary file posing as text.
    return not any(b < 0x20 and b not in _TEXT_CONTROLS_ALLOWED for b in head)


def _content_matches(upload: UploadedFile, extension: str, head: bytes) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in {"docx", "xlsx", "pptx", "odt", "ods", "odp"}:
        return head.startswith(b"PK\x03\x04") and _zip_matches(upload, extension)
    return _looks_like_text(head)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: what to store it as and under which name."""

    extension: str
    original_name: str
    content_type: str
    size: int

    @property
    def stored_name(self) -> str:
        """A random name: the user's name never reaches the file system."""
        return f"{uuid.uuid4().hex}.{self.extension}"


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """The checks every stored file passes (engagement attachments, opportunity documents):
    an allowed extension, a size within the limit, content that matches the extension."""
    raw_name = str(upload.name or "")
    extension = raw_name.rsplit(".", 1)[-1].lower() if "." in raw_name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("This kind of file is not accepted. Allowed: %(types)s.")
                    % {"types": ", ".join(sorted(ATTACHMENT_TYPES))},
                    code="file_type",
                )
            }
        )
    size = upload.size or 0
    if size > services.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file is larger than %(mib)s MiB.")
                    % {"mib": round(services.ATTACHMENT_MAX_BYTES / (1024 * 1024), 1)},
                    code="file_size",
                )
            }
        )
    if size == 0:
        raise ValidationError({"file": ValidationError(_("The file is empty."), code="empty")})
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    matches = _content_matches(upload, extension, head)
    upload.seek(0)
    if not matches:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file's content is not a .%(ext)s file.") % {"ext": extension},
                    code="file_content",
                )
            }
        )
    return CheckedUpload(
        extension=extension,
        original_name=_safe_display_name(raw_name, extension),
        content_type=ATTACHMENT_TYPES[extension],
        size=size,
    )


@transaction.atomic
def attachment_add(
    *, scope: Scope, engagement: Engagement, kind: str, upload: UploadedFile
) -> Attachment:
    scope.require(Action.CREATE)
    _check_engagement(scope, engagement)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Unknown kind of attachment.")})
    checked = check_upload(upload)
    attachment = Attachment(
        workspace=scope.workspace,
        engagement=engagement,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
    )
    # A random stored name: the user's name never reaches the file system.
    attachment.file.save(checked.stored_name, upload, save=False)
    try:
        return record_save(attachment, actor=scope.user)
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise


def attachment_remove(*, scope: Scope, attachment: Attachment) -> Attachment:
    """Into the trash; the file stays until the record is purged."""
    if attachment.workspace_id != scope.workspace.pk:
        raise Http404
    return record_soft_delete(attachment, scope=scope)


def attachment_open(*, scope: Scope, attachment: Attachment) -> tuple[IO[bytes], str, str]:
    """The stored file, its content type and the name to download it as; only for those who may
    see its engagement (404 otherwise, as for any record out of reach)."""
    scope.require(Action.VIEW)
    if (
        attachment.workspace_id != scope.workspace.pk
        or attachment.deleted_at is not None
        or not selectors.engagement_queryset(scope).filter(pk=attachment.engagement_id).exists()
    ):
        raise Http404
    handle: IO[bytes] = attachment.file.storage.open(attachment.file.name, "rb")
    return handle, attachment.content_type, attachment.original_name
