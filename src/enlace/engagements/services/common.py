"""Checks and small helpers shared by the engagement services: unknown fields, references out of
the workspace, error collection, removing a part with its history, locking an engagement."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeGuard

from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.core.scoping import Scope
from enlace.core.services import lock_for_write
from enlace.engagements.models import Engagement


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


def _lock_engagement(engagement: Engagement) -> None:
    """Serialise writes to one engagement's parts, so that two duplicates cannot both pass."""
    Engagement.all_objects.select_for_update().filter(pk=engagement.pk).first()
