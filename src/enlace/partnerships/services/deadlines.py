"""Deadlines of an opportunity: named dates (kind, label, date) marked done with `done_on`.
Removing one deletes the row; its history keeps the last state and who removed it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import lock_for_write, record_save
from enlace.engagements.services.common import (
    _add,
    _apply,
    _check_fields,
    _full_clean_errors,
    _hard_delete,
    _raise,
)
from enlace.partnerships.models import Deadline, Opportunity
from enlace.partnerships.services.common import check_opportunity, lock_opportunity

DEADLINE_FIELDS = frozenset({"kind", "label", "date", "done_on"})


def _validate(deadline: Deadline) -> None:
    deadline.label = " ".join(str(deadline.label or "").split())
    errors = _full_clean_errors(deadline)
    if deadline.label == "" and "label" not in errors:
        _add(errors, "label", _("Give the deadline a name."), "required")
    _raise(errors)


@transaction.atomic
def deadline_add(*, scope: Scope, opportunity: Opportunity, data: Mapping[str, Any]) -> Deadline:
    scope.require(Action.CREATE)
    _check_fields(data, DEADLINE_FIELDS)
    check_opportunity(scope, opportunity)
    lock_opportunity(opportunity)
    deadline = Deadline(workspace=scope.workspace, opportunity=opportunity)
    _apply(deadline, data)
    _validate(deadline)
    return record_save(deadline, actor=scope.user)


@transaction.atomic
def deadline_update(
    *,
    scope: Scope,
    deadline: Deadline,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Deadline:
    scope.require(Action.CHANGE)
    _check_fields(data, DEADLINE_FIELDS)
    if deadline.workspace_id != scope.workspace.pk:
        raise Http404
    check_opportunity(scope, deadline.opportunity)
    locked = lock_for_write(deadline, expected_version=expected_version)
    _apply(locked, data)
    _validate(locked)
    return record_save(locked, actor=scope.user, update_fields=list(data))


@transaction.atomic
def deadline_remove(*, scope: Scope, deadline: Deadline) -> None:
    scope.require(Action.DELETE)
    if deadline.workspace_id != scope.workspace.pk:
        raise Http404
    check_opportunity(scope, deadline.opportunity)
    _hard_delete(deadline, scope=scope)
