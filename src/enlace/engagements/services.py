"""Writes to engagements: each one checks the role, validates, runs in one transaction, versions
the rows it changes and records the actor in their history.

The contract the API and the pages code against is docs/engagements-contract.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
import unicodedata
import uuid
import zipfile
from collections.abc import Mapping
from typing import IO, Any, TypeGuard
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404, ValidationError
from enlace.core.fields import name_key
from enlace.core.models import Membership
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import (
    lock_for_write,
    record_purge,
    record_restore,
    record_save,
    record_soft_delete,
    token_hash,
)
from enlace.engagements import selectors
from enlace.engagements.models import (
    MAX_REACH_VALUE,
    PART_MODELS,
    Attachment,
    AttachmentKind,
    AudienceCount,
    AudienceDimension,
    CalendarFeed,
    Engagement,
    EngagementLink,
    FollowUp,
    FollowUpStatus,
    Outcome,
    Participant,
    ReachReading,
    Sex,
)
from enlace.stakeholders.models import Discipline, OrganizationKind

security_log = logging.getLogger("enlace.security")

ENGAGEMENT_FIELDS = frozenset(
    {
        "kind",
        "title",
        "start_date",
        "end_date",
        "start_time",
        "end_time",
        "timezone",
        "mode",
        "country",
        "region",
        "city",
        "venue",
        "parent",
        "host_organization",
        "objectives",
        "summary",
        "notes",
        "tags",
    }
)
TARGET_FIELDS = ("person", "organization", "coordination_body", "member")
PARTICIPANT_FIELDS = frozenset({*TARGET_FIELDS, "role"})
OUTCOME_FIELDS = frozenset({"statement", "organization", "position"})
LINK_FIELDS = frozenset({"kind", "label", "url"})
REACH_FIELDS = frozenset({"metric", "value", "as_of", "source", "note"})
FOLLOW_UP_FIELDS = frozenset(
    {
        "title",
        "engagement",
        "owner",
        "counterpart_organization",
        "due_date",
        "status",
        "done_on",
        "notes",
    }
)
MAX_PARENT_DEPTH = 12

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

AUDIENCE_CATEGORIES: dict[str, frozenset[str]] = {
    AudienceDimension.DISCIPLINE: frozenset(Discipline.values),
    AudienceDimension.SEX: frozenset(Sex.values),
    AudienceDimension.ORGANIZATION_KIND: frozenset(OrganizationKind.values),
}


# Shared checks


def _check_fields(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("Unknown field.")))


def _check_refs(scope: Scope, data: Mapping[str, Any]) -> None:
    """Every referenced row belongs to the asker's workspace and is not in the trash (the
    caller resolved it through a scoped selector; this is defence in depth)."""
    errors = {}
    for name, value in data.items():
        if hasattr(value, "workspace_id") and value.workspace_id != scope.workspace.pk:
            errors[name] = _("Not found.")
        elif getattr(value, "deleted_at", None) is not None:
            errors[name] = _("That record is in the trash.")
    if errors:
        raise ValidationError(errors)


def _check_engagement(scope: Scope, engagement: Engagement) -> None:
    if engagement.workspace_id != scope.workspace.pk:
        raise ValidationError({"engagement": _("Not found.")})
    if engagement.deleted_at is not None:
        raise ValidationError({"engagement": _("That record is in the trash.")})


def _apply(instance: Any, data: Mapping[str, Any]) -> None:
    for name, value in data.items():
        setattr(instance, name, value)


def _full_clean_errors(instance: Any) -> dict[str, list[Any]]:
    """full_clean's errors as a dict, so that they can be merged with the rules below."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        return dict(exc.update_error_dict({}))
    return {}


def _raise(errors: Mapping[str, list[Any]]) -> None:
    if errors:
        raise ValidationError(dict(errors))


def _add(errors: dict[str, list[Any]], field: str, message: Any, code: str = "invalid") -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code))


def _hard_delete(instance: Any, *, scope: Scope) -> None:
    """Remove a part of an engagement; its history keeps the last state and who removed it."""
    locked = lock_for_write(instance, expected_version=None)
    locked._history_user = scope.user
    locked.delete()


def _whole_number(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


# Engagements


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _dates(engagement: Engagement) -> str:
    return _("%(start)s to %(end)s") % {
        "start": engagement.start_date.isoformat(),
        "end": engagement.end_date.isoformat(),
    }


def _engagement_rules(engagement: Engagement, errors: dict[str, list[Any]]) -> None:
    """The rules of one engagement on its own: dates, times, time zone."""
    start, end = engagement.start_date, engagement.end_date
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        _add(errors, "end_date", _("The end date is before the start date."), "end_before_start")
    if engagement.end_time is not None and engagement.start_time is None:
        _add(errors, "end_time", _("Give a start time with the end time."), "end_time_alone")
    elif (
        engagement.start_time is not None
        and engagement.end_time is not None
        and start == end
        and engagement.end_time <= engagement.start_time
    ):
        _add(errors, "end_time", _("The end time is not after the start time."), "end_before_start")
    if engagement.timezone and engagement.timezone not in _time_zones():
        _add(
            errors,
            "timezone",
            _("Unknown time zone: use a name such as America/Santiago."),
            "unknown_timezone",
        )


def _check_parent_chain(engagement: Engagement, errors: dict[str, list[Any]]) -> None:
    """No engagement may become a part of itself, however deep."""
    node = engagement.parent if engagement.parent_id is not None else None
    depth = 0
    while node is not None:
        if node.pk == engagement.pk:
            _add(errors, "parent", _("That would make the engagement a part of itself."), "cycle")
            return
        depth += 1
        if depth > MAX_PARENT_DEPTH:
            _add(errors, "parent", _("Engagements nest too deeply."), "too_deep")
            return
        node = Engagement.all_objects.filter(pk=node.parent_id).first() if node.parent_id else None


def _outside_parent(engagement: Engagement, parent: Engagement) -> list[str]:
    fields = []
    if engagement.start_date < parent.start_date:
        fields.append("start_date")
    if engagement.end_date > parent.end_date:
        fields.append("end_date")
    return fields


def _widen(scope: Scope, parent: Engagement, start: dt.date, end: dt.date) -> None:
    """Stretch `parent` (and, if need be, its own parents) to cover start..end: each a versioned
    write with the actor in its history."""
    locked = lock_for_write(parent, expected_version=None)
    changed = []
    if start < locked.start_date:
        locked.start_date = start
        changed.append("start_date")
    if end > locked.end_date:
        locked.end_date = end
        changed.append("end_date")
    if not changed:
        return
    locked._history_user = scope.user  # type: ignore[attr-defined]
    locked._change_reason = "widened to cover a part"  # type: ignore[attr-defined]
    record_save(locked, actor=scope.user, update_fields=changed)
    if locked.parent_id is not None:
        grandparent = Engagement.all_objects.get(pk=locked.parent_id)
        if _outside_parent(locked, grandparent):
            _widen(scope, grandparent, locked.start_date, locked.end_date)


def _check_children(engagement: Engagement, errors: dict[str, list[Any]]) -> None:
    """A parent must keep covering its parts."""
    span = Engagement.objects.filter(parent=engagement).aggregate(
        first=Min("start_date"), last=Max("end_date")
    )
    if span["first"] is None:
        return
    message = _(
        "Its parts run from %(start)s to %(end)s; move them first or keep dates that cover them."
    ) % {"start": span["first"].isoformat(), "end": span["last"].isoformat()}
    if engagement.start_date > span["first"]:
        _add(errors, "start_date", message, "children_outside")
    if engagement.end_date < span["last"]:
        _add(errors, "end_date", message, "children_outside")


def _validate_and_place(
    scope: Scope, engagement: Engagement, *, widen_parent: bool, is_new: bool
) -> None:
    """Validate `engagement` completely; only then, with widen_parent, stretch its parent."""
    engagement.title = " ".join(str(engagement.title or "").split())
    engagement.title_key = name_key(engagement.title)
    errors = _full_clean_errors(engagement)
    if engagement.title and not engagement.title_key and "title" not in errors:
        _add(errors, "title", _("A title needs at least one letter or digit."))
    _engagement_rules(engagement, errors)
    if not is_new and not {"start_date", "end_date"} & set(errors):
        _check_children(engagement, errors)
    parent = engagement.parent if engagement.parent_id is not None else None
    outside: list[str] = []
    if parent is not None and "parent" not in errors:
        _check_parent_chain(engagement, errors)
        dates_ok = not {"start_date", "end_date"} & set(errors)
        if dates_ok:
            outside = _outside_parent(engagement, parent)
        if outside and not widen_parent:
            message = _(
                "Outside the dates of “%(parent)s” (%(dates)s): choose dates within them, "
                "or widen it."
            ) % {"parent": parent.title, "dates": _dates(parent)}
            for field in outside:
                _add(errors, field, message, "outside_parent")
    _raise(errors)
    if outside and parent is not None:
        _widen(scope, parent, engagement.start_date, engagement.end_date)


@transaction.atomic
def engagement_create(
    *, scope: Scope, data: Mapping[str, Any], widen_parent: bool = False
) -> Engagement:
    scope.require(Action.CREATE)
    _check_fields(data, ENGAGEMENT_FIELDS)
    _check_refs(scope, data)
    engagement = Engagement(workspace=scope.workspace)
    _apply(engagement, data)
    _validate_and_place(scope, engagement, widen_parent=widen_parent, is_new=True)
    return record_save(engagement, actor=scope.user)


@transaction.atomic
def engagement_update(
    *,
    scope: Scope,
    engagement: Engagement,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    widen_parent: bool = False,
) -> Engagement:
    scope.require(Action.CHANGE)
    _check_fields(data, ENGAGEMENT_FIELDS)
    _check_refs(scope, data)
    locked = lock_for_write(engagement, expected_version=expected_version)
    _apply(locked, data)
    _validate_and_place(scope, locked, widen_parent=widen_parent, is_new=False)
    fields = [*data, "title_key"] if "title" in data else list(data)
    return record_save(locked, actor=scope.user, update_fields=fields)


@transaction.atomic
def engagement_delete(
    *, scope: Scope, engagement: Engagement, expected_version: int | None = None
) -> Engagement:
    scope.require(Action.DELETE)
    # A trashed parent would leave its parts pointing at a record nobody can open.
    if Engagement.objects.filter(parent=engagement).exists():
        raise ValidationError(
            _("This engagement has parts; move them or put them in the trash first.")
        )
    return record_soft_delete(engagement, scope=scope, expected_version=expected_version)


def engagement_restore(*, scope: Scope, engagement: Engagement) -> Engagement:
    return record_restore(engagement, scope=scope)


# Participants


def _participant_rules(
    scope: Scope, participant: Participant, errors: dict[str, list[Any]]
) -> None:
    given = [f for f in TARGET_FIELDS if getattr(participant, f"{f}_id") is not None]
    if len(given) != 1:
        message = _(
            "Choose exactly one: a person, an organisation, a coordination body or one of our "
            "representatives."
        )
        for field in given or ["__all__"]:
            _add(errors, field, message, "exactly_one_target")
        return
    field = given[0]
    if field == "member":
        member = participant.member
        if member is None or member.workspace_id != scope.workspace.pk or not member.is_active:
            _add(errors, "member", _("Not an active member of this workspace."), "not_member")
            return
    if (
        field == "person"
        and participant.person is not None
        and participant.person.lived_experience
        and not scope.can(Action.VIEW_LIVED_EXPERIENCE)
    ):
        # Answer as for any row this role cannot see: it is simply not found.
        _add(errors, "person", _("Not found."), "not_found")
        return
    duplicate = Participant.objects.filter(
        engagement_id=participant.engagement_id,
        role=participant.role,
        **{f"{field}_id": getattr(participant, f"{field}_id")},
    ).exclude(pk=participant.pk)
    if duplicate.exists():
        _add(errors, field, _("Already a participant in this role."), "duplicate")


def _lock_engagement(engagement: Engagement) -> None:
    """Serialise writes to one engagement's parts, so that two duplicates cannot both pass."""
    Engagement.all_objects.select_for_update().filter(pk=engagement.pk).first()


@transaction.atomic
def participant_add(
    *, scope: Scope, engagement: Engagement, data: Mapping[str, Any]
) -> Participant:
    scope.require(Action.CREATE)
    _check_fields(data, PARTICIPANT_FIELDS)
    _check_engagement(scope, engagement)
    _check_refs(scope, data)
    _lock_engagement(engagement)
    participant = Participant(workspace=scope.workspace, engagement=engagement)
    _apply(participant, data)
    errors = _full_clean_errors(participant)
    if "__all__" in errors:
        # The database constraint's own message; ours below says which targets clash.
        del errors["__all__"]
    _participant_rules(scope, participant, errors)
    _raise(errors)
    return record_save(participant, actor=scope.user)


@transaction.atomic
def participant_update(
    *,
    scope: Scope,
    participant: Participant,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Participant:
    scope.require(Action.CHANGE)
    _check_fields(data, PARTICIPANT_FIELDS)
    _check_refs(scope, data)
    locked = lock_for_write(participant, expected_version=expected_version)
    if locked.workspace_id != scope.workspace.pk:
        raise Http404
    _lock_engagement(locked.engagement)
    _apply(locked, data)
    errors = _full_clean_errors(locked)
    errors.pop("__all__", None)
    _participant_rules(scope, locked, errors)
    _raise(errors)
    return record_save(locked, actor=scope.user, update_fields=list(data))


@transaction.atomic
def participant_remove(*, scope: Scope, participant: Participant) -> None:
    scope.require(Action.CHANGE)
    if participant.workspace_id != scope.workspace.pk:
        raise Http404
    _hard_delete(participant, scope=scope)


# Outcomes


@transaction.atomic
def outcome_add(*, scope: Scope, engagement: Engagement, data: Mapping[str, Any]) -> Outcome:
    scope.require(Action.CREATE)
    _check_fields(data, OUTCOME_FIELDS)
    _check_engagement(scope, engagement)
    _check_refs(scope, data)
    outcome = Outcome(workspace=scope.workspace, engagement=engagement)
    if "position" not in data:
        last = Outcome.objects.filter(engagement=engagement).aggregate(last=Max("position"))
        outcome.position = 0 if last["last"] is None else last["last"] + 1
    _apply(outcome, data)
    outcome.statement = " ".join(str(outcome.statement or "").split())
    return record_save(outcome, actor=scope.user)


@transaction.atomic
def outcome_update(
    *,
    scope: Scope,
    outcome: Outcome,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Outcome:
    scope.require(Action.CHANGE)
    _check_fields(data, OUTCOME_FIELDS)
    _check_refs(scope, data)
    locked = lock_for_write(outcome, expected_version=expected_version)
    if locked.workspace_id != scope.workspace.pk:
        raise Http404
    _apply(locked, data)
    if "statement" in data:
        locked.statement = " ".join(str(locked.statement or "").split())
    return record_save(locked, actor=scope.user, update_fields=list(data))


@transaction.atomic
def outcome_remove(*, scope: Scope, outcome: Outcome) -> None:
    scope.require(Action.CHANGE)
    if outcome.workspace_id != scope.workspace.pk:
        raise Http404
    _hard_delete(outcome, scope=scope)


# Links


@transaction.atomic
def link_add(*, scope: Scope, engagement: Engagement, data: Mapping[str, Any]) -> EngagementLink:
    scope.require(Action.CREATE)
    _check_fields(data, LINK_FIELDS)
    _check_engagement(scope, engagement)
    link = EngagementLink(workspace=scope.workspace, engagement=engagement)
    _apply(link, data)
    link.url = str(link.url or "").strip()
    link.label = " ".join(str(link.label or "").split())
    errors = _full_clean_errors(link)
    # URLField also accepts ftp; a link is opened by members' browsers, so web addresses only.
    if "url" not in errors and urlsplit(link.url).scheme.lower() not in {"http", "https"}:
        _add(errors, "url", _("Use a web address starting with http:// or https://."), "scheme")
    _raise(errors)
    return record_save(link, actor=scope.user)


@transaction.atomic
def link_remove(*, scope: Scope, link: EngagementLink) -> None:
    scope.require(Action.CHANGE)
    if link.workspace_id != scope.workspace.pk:
        raise Http404
    _hard_delete(link, scope=scope)


# Attachments


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


@transaction.atomic
def attachment_add(
    *, scope: Scope, engagement: Engagement, kind: str, upload: UploadedFile
) -> Attachment:
    scope.require(Action.CREATE)
    _check_engagement(scope, engagement)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Unknown kind of attachment.")})
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
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file is larger than %(mib)s MiB.")
                    % {"mib": round(ATTACHMENT_MAX_BYTES / (1024 * 1024), 1)},
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
    attachment = Attachment(
        workspace=scope.workspace,
        engagement=engagement,
        kind=kind,
        original_name=_safe_display_name(raw_name, extension),
        content_type=ATTACHMENT_TYPES[extension],
        size=size,
    )
    # A random stored name: the user's name never reaches the file system.
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
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


# Audience counts


@transaction.atomic
def audience_set(
    *, scope: Scope, engagement: Engagement, counts: list[Mapping[str, Any]]
) -> list[AudienceCount]:
    """Replace the engagement's counts with `counts`: rows not given are removed, changed ones
    are updated (versioned), new ones added. Nothing is ever inferred."""
    scope.require(Action.CHANGE)
    _check_engagement(scope, engagement)
    errors: dict[str, list[Any]] = {}
    wanted: dict[tuple[str, str], int] = {}
    for number, row in enumerate(counts, start=1):
        unknown = sorted(set(row) - {"dimension", "category", "count"})
        if unknown:
            _add(errors, unknown[0], _("Row %(n)s: unknown field.") % {"n": number})
            continue
        dimension, category, count = row.get("dimension"), row.get("category"), row.get("count")
        if dimension not in AUDIENCE_CATEGORIES:
            _add(errors, "dimension", _("Row %(n)s: unknown dimension.") % {"n": number})
            continue
        if category not in AUDIENCE_CATEGORIES[str(dimension)]:
            _add(
                errors,
                "category",
                _("Row %(n)s: unknown category for this dimension.") % {"n": number},
            )
            continue
        if not _whole_number(count) or not 0 <= count <= MAX_REACH_VALUE:
            _add(
                errors,
                "count",
                _("Row %(n)s: a count is a whole number from 0 to %(max)s.")
                % {"n": number, "max": MAX_REACH_VALUE},
            )
            continue
        key = (str(dimension), str(category))
        if key in wanted:
            _add(errors, "category", _("Row %(n)s: given twice.") % {"n": number}, "duplicate")
            continue
        wanted[key] = count
    _raise(errors)
    _lock_engagement(engagement)
    existing = {
        (c.dimension, c.category): c for c in AudienceCount.objects.filter(engagement=engagement)
    }
    for key, current in existing.items():
        if key not in wanted:
            _hard_delete(current, scope=scope)
        elif current.count != wanted[key]:
            current.count = wanted[key]
            record_save(current, actor=scope.user, update_fields=["count"])
    for (dimension, category), count in wanted.items():
        if (dimension, category) not in existing:
            record_save(
                AudienceCount(
                    workspace=scope.workspace,
                    engagement=engagement,
                    dimension=dimension,
                    category=category,
                    count=count,
                ),
                actor=scope.user,
            )
    return list(AudienceCount.objects.filter(engagement=engagement))


# Reach


@transaction.atomic
def reach_record(*, scope: Scope, engagement: Engagement, data: Mapping[str, Any]) -> ReachReading:
    """One reading of a running figure; the latest reading per metric is the figure."""
    scope.require(Action.CREATE)
    _check_fields(data, REACH_FIELDS)
    _check_engagement(scope, engagement)
    reading = ReachReading(workspace=scope.workspace, engagement=engagement)
    _apply(reading, data)
    errors: dict[str, list[Any]] = {}
    value = data.get("value")
    if not _whole_number(value) or not 0 <= value <= MAX_REACH_VALUE:
        _add(
            errors,
            "value",
            _("A whole number from 0 to %(max)s.") % {"max": MAX_REACH_VALUE},
            "out_of_range",
        )
    full = _full_clean_errors(reading)
    full.pop("value", None)
    errors.update(full)
    as_of = reading.as_of
    if "as_of" not in errors and isinstance(as_of, dt.date):
        if as_of > timezone.localdate():
            _add(errors, "as_of", _("A reading cannot be dated in the future."), "future")
        elif as_of < engagement.start_date:
            _add(
                errors,
                "as_of",
                _("A reading cannot be dated before the engagement began (%(start)s).")
                % {"start": engagement.start_date.isoformat()},
                "before_start",
            )
    _raise(errors)
    return record_save(reading, actor=scope.user)


@transaction.atomic
def reach_remove(*, scope: Scope, reading: ReachReading) -> None:
    scope.require(Action.DELETE)
    if reading.workspace_id != scope.workspace.pk:
        raise Http404
    _hard_delete(reading, scope=scope)


# Follow-ups


def _follow_up_rules(
    scope: Scope, follow_up: FollowUp, data: Mapping[str, Any], errors: dict[str, list[Any]]
) -> None:
    if "owner" in data and not errors.get("owner"):
        owner = data["owner"]
        if not Membership.objects.filter(
            workspace=scope.workspace, user=owner, is_active=True
        ).exists():
            _add(errors, "owner", _("Not an active member of this workspace."), "not_member")
    today = timezone.localdate()
    if follow_up.status == FollowUpStatus.DONE:
        if follow_up.done_on is None:
            follow_up.done_on = today
        elif isinstance(follow_up.done_on, dt.date) and follow_up.done_on > today:
            _add(errors, "done_on", _("A follow-up cannot be done in the future."), "future")
    elif follow_up.status == FollowUpStatus.OPEN:
        follow_up.done_on = None  # reopened: it is not done any more


@transaction.atomic
def follow_up_create(*, scope: Scope, data: Mapping[str, Any]) -> FollowUp:
    scope.require(Action.CREATE)
    _check_fields(data, FOLLOW_UP_FIELDS)
    _check_refs(scope, data)
    data = {"owner": scope.user, **data}
    follow_up = FollowUp(workspace=scope.workspace)
    _apply(follow_up, data)
    follow_up.title = " ".join(str(follow_up.title or "").split())
    errors: dict[str, list[Any]] = {}
    _follow_up_rules(scope, follow_up, data, errors)
    for name, messages in _full_clean_errors(follow_up).items():
        errors.setdefault(name, []).extend(messages)
    _raise(errors)
    return record_save(follow_up, actor=scope.user)


@transaction.atomic
def follow_up_update(
    *,
    scope: Scope,
    follow_up: FollowUp,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> FollowUp:
    scope.require(Action.CHANGE)
    _check_fields(data, FOLLOW_UP_FIELDS)
    _check_refs(scope, data)
    locked = lock_for_write(follow_up, expected_version=expected_version)
    if locked.workspace_id != scope.workspace.pk:
        raise Http404
    was = (locked.status, locked.done_on)
    _apply(locked, data)
    if "title" in data:
        locked.title = " ".join(str(locked.title or "").split())
    errors: dict[str, list[Any]] = {}
    _follow_up_rules(scope, locked, data, errors)
    for name, messages in _full_clean_errors(locked).items():
        errors.setdefault(name, []).extend(messages)
    _raise(errors)
    fields = set(data)
    if (locked.status, locked.done_on) != was:
        fields.add("done_on")
    return record_save(locked, actor=scope.user, update_fields=sorted(fields))


def follow_up_delete(
    *, scope: Scope, follow_up: FollowUp, expected_version: int | None = None
) -> FollowUp:
    return record_soft_delete(follow_up, scope=scope, expected_version=expected_version)


def follow_up_restore(*, scope: Scope, follow_up: FollowUp) -> FollowUp:
    return record_restore(follow_up, scope=scope)


# Calendar feeds

CALENDAR_FEED_PREFIX = "cal_"  # a public marker, not a secret


@transaction.atomic
def calendar_feed_rotate(*, scope: Scope) -> tuple[CalendarFeed, str]:
    """A new secret address for the member's calendar feed. The previous one, if any, stops
    working at once: its hash is replaced in the same row. The secret is returned once and only
    its hash is kept."""
    scope.require(Action.ISSUE_OWN_TOKEN)
    secret = CALENDAR_FEED_PREFIX + secrets.token_urlsafe(32)
    values = {"key_hash": token_hash(secret), "prefix": secret[:12]}
    feed = CalendarFeed.objects.select_for_update().filter(membership=scope.membership).first()
    if feed is None:
        feed = CalendarFeed.objects.create(membership=scope.membership, **values)
        security_log.info("calendar feed created user=%s", scope.user.pk)
    else:
        feed.key_hash = values["key_hash"]
        feed.prefix = values["prefix"]
        feed.rotated_at = timezone.now()
        feed.save(update_fields=["key_hash", "prefix", "rotated_at"])
        security_log.info("calendar feed rotated user=%s", scope.user.pk)
    return feed, secret


@transaction.atomic
def calendar_feed_revoke(*, scope: Scope) -> bool:
    """Remove the member's calendar feed; its address answers 404 from now on. True when there
    was one."""
    scope.require(Action.ISSUE_OWN_TOKEN)
    deleted, _counts = CalendarFeed.objects.filter(membership=scope.membership).delete()
    if deleted:
        security_log.info("calendar feed revoked user=%s", scope.user.pk)
    return bool(deleted)


@transaction.atomic
def engagement_purge(*, scope: Scope, engagement: Engagement) -> None:
    """Purge a trashed engagement with its parts, the parts' history with its own, and its
    attachments' files once the purge is committed."""
    files = [
        name
        for name in Attachment.all_objects.filter(engagement=engagement).values_list(
            "file", flat=True
        )
        if name
    ]
    pk = engagement.pk  # delete() clears it
    record_purge(engagement, scope=scope)
    for model in PART_MODELS:
        history: Any = model.history  # type: ignore[attr-defined]
        history.filter(workspace_id=scope.workspace.pk, engagement_id=pk).delete()
    storage = Attachment._meta.get_field("file").storage

    def remove_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
