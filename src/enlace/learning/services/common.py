"""Checks and small helpers shared by the learning services: the engagements' field, reference
and error helpers, plus ownership, positions, text clean-up, whole numbers in a range, and the
create and update of a titled record (a curriculum, an assessment)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db.models import Max, QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404
from enlace.core.fields import name_key
from enlace.core.models import WorkspaceModel
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import lock_for_write, record_save
from enlace.engagements.services.common import (
    _add,
    _apply,
    _check_fields,
    _check_refs,
    _full_clean_errors,
    _raise,
    _whole_number,
)
from enlace.learning.models import Training
from enlace.stakeholders.selectors import partner_organization_ids

W = TypeVar("W", bound=WorkspaceModel)
Rules = Callable[[Any, Mapping[str, Any]], dict[str, list[Any]]]
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")

__all__ = [
    "_add",
    "_apply",
    "_check_fields",
    "_check_refs",
    "_full_clean_errors",
    "_in_scope",
    "_lock_training",
    "_merge",
    "_next_position",
    "_person_hidden",
    "_raise",
    "_single_line",
    "_titled_create",
    "_titled_rules",
    "_titled_update",
    "_whole_in_range",
    "_whole_number",
]


def _in_scope(scope: Scope, instance: Any) -> None:
    """A record of another workspace is simply not found."""
    if instance.workspace_id != scope.workspace.pk:
        raise Http404


def _lock_training(training: Training) -> None:
    """Serialise the writes that change a training's parts and its completion figures."""
    Training.all_objects.select_for_update().filter(pk=training.pk).first()


def _next_position(queryset: QuerySet[Any]) -> int:
    """One past the last position in `queryset` (1 for the first)."""
    last = queryset.aggregate(last=Max("position"))["last"]
    return 1 if last is None else int(last) + 1


def _single_line(value: Any) -> str:
    return " ".join(str(value or "").split())


def _whole_in_range(
    errors: dict[str, list[Any]],
    data: Mapping[str, Any],
    field: str,
    low: int,
    high: int,
    *,
    allow_none: bool = False,
) -> None:
    """`data[field]`, when given, is a whole number from low to high (or None if allowed)."""
    if field not in data or field in errors:
        return
    value = data[field]
    if value is None and allow_none:
        return
    if not _whole_number(value) or not low <= value <= high:
        _add(
            errors,
            field,
            _("A whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            "out_of_range",
        )


def _merge(errors: dict[str, list[Any]], more: Mapping[str, list[Any]]) -> None:
    for name, messages in more.items():
        if name not in errors:
            errors.setdefault(name, []).extend(messages)


def _person_hidden(scope: Scope, person: Any) -> bool:
    """Whether this role may not see `person` (lived experience, or outside a partner's
    organisation): such a person is answered as not found, never named."""
    if person is None:
        return False
    if person.lived_experience and not scope.can(Action.VIEW_LIVED_EXPERIENCE):
        return True
    return scope.is_partner and person.organization_id not in partner_organization_ids(scope)


# Titled records: a curriculum, an assessment


def _titled_rules(record: Any, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A title on one line with at least one letter or digit (its `title_key` kept in step), a
    language code, then the model's own checks."""
    errors: dict[str, list[Any]] = {}
    if "title" in data:
        record.title = _single_line(record.title)
    if "language" in data:
        record.language = str(record.language or "").strip()
        if not _LANGUAGE.fullmatch(record.language):
            _add(
                errors,
                "language",
                _("Use a language code such as es, en, fr or pt-BR."),
                "invalid",
            )
    record.title_key = name_key(record.title)
    _merge(errors, _full_clean_errors(record))
    if record.title and not record.title_key and "title" not in errors:
        _add(errors, "title", _("A title needs at least one letter or digit."))
    return errors


def _titled_create(
    scope: Scope, record: W, data: Mapping[str, Any], fields: frozenset[str], rules: Rules
) -> W:
    """Save the new `record` with `data` (only `fields`), once `rules` find nothing wrong."""
    scope.require(Action.CREATE)
    _check_fields(data, fields)
    _check_refs(scope, data)
    _apply(record, data)
    _raise(rules(record, data))
    return record_save(record, actor=scope.user)


def _titled_update(
    scope: Scope,
    record: W,
    data: Mapping[str, Any],
    fields: frozenset[str],
    rules: Rules,
    expected_version: int | None,
) -> W:
    """Change `record` by `data` (only `fields`) under a lock, once `rules` find nothing wrong;
    a write based on an older version than `expected_version` is refused."""
    scope.require(Action.CHANGE)
    _check_fields(data, fields)
    _in_scope(scope, record)
    _check_refs(scope, data)
    locked = lock_for_write(record, expected_version=expected_version)
    _apply(locked, data)
    _raise(rules(locked, data))
    saved = [*data, "title_key"] if "title" in data else list(data)
    return record_save(locked, actor=scope.user, update_fields=saved)
