"""Writes shared by every domain: versioned updates, soft delete, restore, purge, tokens."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError, VersionConflict
from enlace.core.models import ApiToken, Membership, Workspace, WorkspaceModel
from enlace.core.permissions import Action, Role
from enlace.core.scoping import Scope
from enlace.core.signals import workspace_changed

security_log = logging.getLogger("enlace.security")
W = TypeVar("W", bound=WorkspaceModel)

TOKEN_PREFIX = "enl_"  # noqa: S105 - a public prefix, not a secret


def history_stamp(instance: Any, *, actor: Any, reason: str | None = None) -> None:
    """Tell simple-history who makes the next save of `instance`, and why."""
    # simple-history reads these two attributes off the instance being saved.
    setattr(instance, "_history_user", actor)  # noqa: B010 - a private attribute by contract
    if reason is not None:
        setattr(instance, "_change_reason", reason)  # noqa: B010


def _changed_since(instance: WorkspaceModel, version: int) -> list[str]:
    """Field names that differ between the stored row and its state at `version`."""
    history = getattr(instance, "history", None)
    if history is None:
        return []
    old = history.filter(version=version).order_by("-history_date").first()
    if old is None:
        return []
    names = [
        f.attname
        for f in instance._meta.concrete_fields
        if f.name not in {"version", "updated_at", "created_at"}
    ]
    return [n for n in names if getattr(old, n, None) != getattr(instance, n)]


def lock_for_write(instance: W, *, expected_version: int | None) -> W:
    """Re-read `instance` under a row lock and refuse a write based on an older version."""
    model = type(instance)
    locked: W = model.all_objects.select_for_update().get(pk=instance.pk)
    if expected_version is not None and locked.version != expected_version:
        raise VersionConflict(
            current_version=locked.version,
            changed_fields=_changed_since(locked, expected_version),
        )
    return locked


def record_save(instance: W, *, actor: Any, update_fields: Iterable[str] | None = None) -> W:
    """Validate, bump the version, save with the actor in the history."""
    instance.full_clean()
    history_stamp(instance, actor=actor)
    if instance._state.adding:
        instance.save()
    else:
        instance.version += 1
        fields = None if update_fields is None else [*update_fields, "version", "updated_at"]
        instance.save(update_fields=fields)
    workspace_changed.send(sender=type(instance), workspace_id=instance.workspace_id)
    return instance


@transaction.atomic
def record_update(
    instance: W,
    *,
    scope: Scope,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> W:
    scope.require(Action.CHANGE)
    locked = lock_for_write(instance, expected_version=expected_version)
    for name, value in changes.items():
        setattr(locked, name, value)
    return record_save(locked, actor=scope.user, update_fields=list(changes))


@transaction.atomic
def record_soft_delete(instance: W, *, scope: Scope, expected_version: int | None = None) -> W:
    scope.require(Action.DELETE)
    locked = lock_for_write(instance, expected_version=expected_version)
    if locked.deleted_at is None:
        locked.deleted_at = timezone.now()
        history_stamp(locked, actor=scope.user, reason="deleted")
        locked.version += 1
        locked.save(update_fields=["deleted_at", "version", "updated_at"])
        workspace_changed.send(sender=type(locked), workspace_id=locked.workspace_id)
    return locked


@transaction.atomic
def record_restore(instance: W, *, scope: Scope) -> W:
    scope.require(Action.RESTORE)
    locked = lock_for_write(instance, expected_version=None)
    if locked.deleted_at is not None:
        locked.deleted_at = None
        history_stamp(locked, actor=scope.user, reason="restored")
        locked.version += 1
        locked.save(update_fields=["deleted_at", "version", "updated_at"])
        workspace_changed.send(sender=type(locked), workspace_id=locked.workspace_id)
    return locked


@transaction.atomic
def record_purge(instance: WorkspaceModel, *, scope: Scope) -> None:
    """Remove a trashed record for good (and its history): owners only, always logged."""
    scope.require(Action.PURGE)
    if instance.deleted_at is None:
        raise ValidationError(_("Only a record in the trash can be purged."))
    model = type(instance)
    pk = instance.pk
    history = getattr(model, "history", None)
    try:
        instance.delete()
    except models.ProtectedError as exc:
        raise ValidationError(
            _("Other records still point to this one; purge or change them first.")
        ) from exc
    if history is not None:
        history.filter(id=pk).delete()
    # The cascade may have removed rows without a signal (fast deletes).
    workspace_changed.send(sender=model, workspace_id=scope.workspace.pk)
    security_log.warning(
        "purge model=%s id=%s user=%s workspace=%s",
        model._meta.label,
        pk,
        scope.user.pk,
        scope.workspace.pk,
    )


@transaction.atomic
def workspace_create(*, slug: str, name: str, owner: Any, is_demo: bool = False) -> Workspace:
    workspace = Workspace(slug=slug, name=name, is_demo=is_demo, require_mfa_for_admins=not is_demo)
    workspace.full_clean()
    workspace.save()
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    return workspace


@transaction.atomic
def membership_set(
    *, workspace: Workspace, user: Any, role: str, organization: Any = None
) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    if role == Role.PARTNER and organization is None:
        raise ValidationError({"organization": _("A partner is linked to one organisation.")})
    membership, _created = Membership.objects.update_or_create(
        workspace=workspace,
        user=user,
        defaults={"role": role, "organization": organization, "is_active": True},
    )
    return membership


@transaction.atomic
def member_set(*, scope: Scope, user: Any, role: str, organization: Any = None) -> Membership:
    """Add a member or change a role, as asked by `scope` (membership_set is the bootstrap path
    for the command line and tests). Only an owner grants, changes or removes the owner role."""
    scope.require(Action.MANAGE_MEMBERS)
    current = Membership.objects.filter(workspace=scope.workspace, user=user).first()
    if role == Role.OWNER or (current is not None and current.role == Role.OWNER):
        scope.require(Action.MANAGE_WORKSPACE)
    if organization is not None and organization.workspace_id != scope.workspace.pk:
        raise ValidationError({"organization": _("Not found.")})
    membership = membership_set(
        workspace=scope.workspace, user=user, role=role, organization=organization
    )
    security_log.info(
        "member set user=%s role=%s workspace=%s by=%s",
        user.pk,
        role,
        scope.workspace.pk,
        scope.user.pk,
    )
    return membership


WORKSPACE_FIELDS = frozenset({"name", "require_mfa_for_admins"})


@transaction.atomic
def workspace_update(*, scope: Scope, data: Mapping[str, Any]) -> Workspace:
    """Change the workspace's own settings: owners only, and logged."""
    scope.require(Action.MANAGE_WORKSPACE)
    unknown = sorted(set(data) - WORKSPACE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("Unknown field.")))
    workspace = Workspace.objects.select_for_update().get(pk=scope.workspace.pk)
    for name, value in data.items():
        setattr(workspace, name, value)
    workspace.full_clean()
    history_stamp(workspace, actor=scope.user)
    workspace.save(update_fields=list(data))
    security_log.info(
        "workspace settings changed fields=%s workspace=%s by=%s",
        ",".join(sorted(data)),
        workspace.pk,
        scope.user.pk,
    )
    scope.workspace = workspace
    return workspace


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_issue(*, workspace: Workspace, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """A new token; the key is returned once and only its hash is kept."""
    if not Membership.objects.filter(workspace=workspace, user=user, is_active=True).exists():
        raise ValidationError(_("The user is not a member of this workspace."))
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        workspace=workspace, user=user, name=name, prefix=key[:12], key_hash=token_hash(key)
    )
    security_log.info("token issued id=%s user=%s workspace=%s", token.pk, user.pk, workspace.pk)
    return token, key


def token_issue_own(*, scope: Scope, name: str = "") -> tuple[ApiToken, str]:
    """A member's own token for the workspace of `scope` (every role may, per PERMISSIONS)."""
    scope.require(Action.ISSUE_OWN_TOKEN)
    return token_issue(workspace=scope.workspace, user=scope.user, name=name)


def token_authenticate(key: str) -> ApiToken | None:
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("workspace", "user")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
