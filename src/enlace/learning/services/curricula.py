"""Curricula and their ordered modules: create, update, reorder, delete (guarded while in use)
and restore."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import (
    lock_for_write,
    record_restore,
    record_save,
    record_soft_delete,
)
from enlace.learning.models import Curriculum, Item, Module, SessionModule, Training
from enlace.learning.services.common import (
    _apply,
    _check_fields,
    _full_clean_errors,
    _in_scope,
    _merge,
    _next_position,
    _raise,
    _single_line,
    _titled_create,
    _titled_rules,
    _titled_update,
    _whole_in_range,
)

CURRICULUM_FIELDS = frozenset({"title", "language", "edition", "description"})
MODULE_FIELDS = frozenset({"title", "objectives", "duration_minutes", "position"})
MAX_MODULE_MINUTES = 100 * 60
MAX_POSITION = 10_000


def _curriculum_rules(curriculum: Curriculum, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    if "edition" in data:
        curriculum.edition = _single_line(curriculum.edition)
    return _titled_rules(curriculum, data)


@transaction.atomic
def curriculum_create(*, scope: Scope, data: Mapping[str, Any]) -> Curriculum:
    curriculum = Curriculum(workspace=scope.workspace)
    return _titled_create(scope, curriculum, data, CURRICULUM_FIELDS, _curriculum_rules)


@transaction.atomic
def curriculum_update(
    *,
    scope: Scope,
    curriculum: Curriculum,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Curriculum:
    return _titled_update(
        scope, curriculum, data, CURRICULUM_FIELDS, _curriculum_rules, expected_version
    )


@transaction.atomic
def curriculum_delete(
    *, scope: Scope, curriculum: Curriculum, expected_version: int | None = None
) -> Curriculum:
    """To the trash, unless a training still follows it."""
    scope.require(Action.DELETE)
    _in_scope(scope, curriculum)
    count = Training.objects.filter(
        curriculum=curriculum, engagement__deleted_at__isnull=True
    ).count()
    if count:
        raise ValidationError(
            ngettext_lazy(
                "A training follows this curriculum; choose another curriculum for it first.",
                "%(count)s trainings follow this curriculum; choose another curriculum for them "
                "first.",
                "count",
            )
            % {"count": count},
            code="in_use",
        )
    return record_soft_delete(curriculum, scope=scope, expected_version=expected_version)


def curriculum_restore(*, scope: Scope, curriculum: Curriculum) -> Curriculum:
    _in_scope(scope, curriculum)
    return record_restore(curriculum, scope=scope)


# Modules


def _module_rules(module: Module, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    errors: dict[str, list[Any]] = {}
    _whole_in_range(errors, data, "duration_minutes", 1, MAX_MODULE_MINUTES)
    _whole_in_range(errors, data, "position", 0, MAX_POSITION)
    if errors:
        return errors
    _apply(module, data)
    if "title" in data:
        module.title = _single_line(module.title)
    if "objectives" in data:
        # One objective per line: blank lines and stray spaces go.
        lines = (" ".join(line.split()) for line in str(module.objectives or "").splitlines())
        module.objectives = "\n".join(line for line in lines if line)
    _merge(errors, _full_clean_errors(module))
    return errors


@transaction.atomic
def module_add(*, scope: Scope, curriculum: Curriculum, data: Mapping[str, Any]) -> Module:
    """A module at the end of the curriculum (or at `position`)."""
    scope.require(Action.CREATE)
    _check_fields(data, MODULE_FIELDS)
    _in_scope(scope, curriculum)
    locked = lock_for_write(curriculum, expected_version=None)
    if locked.deleted_at is not None:
        raise ValidationError(
            {"curriculum": [ValidationError(_("That record is in the trash."), "deleted")]}
        )
    module = Module(workspace=scope.workspace, curriculum=locked)
    errors = _module_rules(module, data)
    _raise(errors)
    if "position" not in data:
        module.position = _next_position(Module.objects.filter(curriculum=locked))
    return record_save(module, actor=scope.user)


@transaction.atomic
def module_update(
    *,
    scope: Scope,
    module: Module,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Module:
    scope.require(Action.CHANGE)
    _check_fields(data, MODULE_FIELDS)
    _in_scope(scope, module)
    locked = lock_for_write(module, expected_version=expected_version)
    _raise(_module_rules(locked, data))
    return record_save(locked, actor=scope.user, update_fields=list(data))


def module_usage(module: Module) -> tuple[int, int]:
    """(live sessions, current questions) that use `module`."""
    sessions = SessionModule.objects.filter(
        module=module,
        session__deleted_at__isnull=True,
        session__training__deleted_at__isnull=True,
    ).count()
    items = Item.objects.filter(
        module=module, retired_at__isnull=True, assessment__deleted_at__isnull=True
    ).count()
    return sessions, items


@transaction.atomic
def module_remove(*, scope: Scope, module: Module) -> Module:
    """To the trash, unless sessions or questions use it: then refused (code "in_use"), saying
    how many, so that nothing that depends on it is lost."""
    scope.require(Action.DELETE)
    _in_scope(scope, module)
    sessions, items = module_usage(module)
    if sessions or items:
        uses = []
        if sessions:
            uses.append(
                ngettext_lazy("%(count)s session", "%(count)s sessions", "count")
                % {"count": sessions}
            )
        if items:
            uses.append(
                ngettext_lazy("%(count)s question", "%(count)s questions", "count")
                % {"count": items}
            )
        raise ValidationError(
            _("This module is used by %(uses)s; take it off them before removing it.")
            % {"uses": _(" and ").join(str(u) for u in uses)},
            code="in_use",
        )
    return record_soft_delete(module, scope=scope)


@transaction.atomic
def module_reorder(
    *, scope: Scope, curriculum: Curriculum, order: Sequence[uuid.UUID | str]
) -> list[Module]:
    """Put the curriculum's modules in `order` (every live module's id, once each); positions
    become 1, 2, 3... Only the modules that move are written."""
    scope.require(Action.CHANGE)
    _in_scope(scope, curriculum)
    lock_for_write(curriculum, expected_version=None)
    modules = {m.pk: m for m in Module.objects.filter(curriculum=curriculum)}
    try:
        wanted = [m if isinstance(m, uuid.UUID) else uuid.UUID(str(m)) for m in order]
    except (TypeError, ValueError, AttributeError):
        wanted = []
    if len(wanted) != len(set(wanted)) or set(wanted) != set(modules):
        raise ValidationError(
            {
                "order": [
                    ValidationError(
                        _("Give every module of this curriculum, once each."), "invalid"
                    )
                ]
            }
        )
    result = []
    for position, pk in enumerate(wanted, start=1):
        module = modules[pk]
        if module.position != position:
            locked = lock_for_write(module, expected_version=None)
            locked.position = position
            module = record_save(locked, actor=scope.user, update_fields=["position"])
        result.append(module)
    return result
