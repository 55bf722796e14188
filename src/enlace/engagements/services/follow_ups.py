"""Follow-ups: create, update (done and reopened), delete and restore."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404
from enlace.core.models import Membership
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import lock_for_write, record_restore, record_save, record_soft_delete
from enlace.engagements.models import FollowUp, FollowUpStatus
from enlace.engagements.services.common import (
    _add,
    _apply,
    _check_fields,
    _check_refs,
    _full_clean_errors,
    _raise,
)

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
