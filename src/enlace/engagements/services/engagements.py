"""Engagements themselves: create, update, delete, restore and purge, with the rules on dates,
times, time zones and the parent chain (including widening a parent to cover a part)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any
from zoneinfo import available_timezones

from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.core.fields import name_key
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import (
    history_stamp,
    lock_for_write,
    record_purge,
    record_restore,
    record_save,
    record_soft_delete,
)
from enlace.engagements.models import PART_MODELS, Attachment, Engagement
from enlace.engagements.services.common import (
    _add,
    _apply,
    _check_fields,
    _check_refs,
    _full_clean_errors,
    _raise,
)

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
MAX_PARENT_DEPTH = 12


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
    history_stamp(locked, actor=scope.user, reason="widened to cover a part")
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
