"""Reach: readings of a running figure of an engagement (the latest per metric is the figure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import Http404
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import record_save
from enlace.engagements.models import MAX_REACH_VALUE, Engagement, ReachReading
from enlace.engagements.services.common import (
    _add,
    _apply,
    _check_engagement,
    _check_fields,
    _full_clean_errors,
    _hard_delete,
    _raise,
    _whole_number,
)

REACH_FIELDS = frozenset({"metric", "value", "as_of", "source", "note"})


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
