"""The workspace's status rules: the thresholds that turn an indicator's progress into on
track, at risk or off track. Owners and managers set them, as they manage the workspace's
members: one setting for everyone, so the whole team reads the same colours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import history_stamp
from enlace.core.signals import workspace_changed
from enlace.results.models import StatusRules

RULE_FIELDS = frozenset({"on_track_from", "at_risk_from"})


def _percent(raw: Any, field: str, errors: dict[str, list[Any]]) -> int | None:
    """A whole percent from 0 to 100 (an int or a string of digits; not a float, not a bool)."""
    if isinstance(raw, bool | float):
        errors.setdefault(field, []).append(_("Give a whole number from 0 to 100."))
        return None
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_("Give a whole number from 0 to 100."))
        return None
    if not 0 <= number <= 100:
        errors.setdefault(field, []).append(_("Give a whole number from 0 to 100."))
        return None
    return number


@transaction.atomic
def status_rules_update(*, scope: Scope, data: Mapping[str, Any]) -> StatusRules:
    """Set the thresholds (percent of what is expected by now): on track from `on_track_from`,
    at risk from `at_risk_from`, off track below. 0 <= at_risk_from <= on_track_from <= 100.
    Owners and managers only (the workspace's administrators)."""
    scope.require(Action.MANAGE_MEMBERS)
    unknown = sorted(set(data) - RULE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("Unknown field.")))
    rules, _created = StatusRules.objects.select_for_update().get_or_create(
        workspace=scope.workspace
    )
    errors: dict[str, list[Any]] = {}
    values = {"on_track_from": rules.on_track_from, "at_risk_from": rules.at_risk_from}
    for name in sorted(RULE_FIELDS & set(data)):
        number = _percent(data[name], name, errors)
        if number is not None:
            values[name] = number
    if not errors and values["at_risk_from"] > values["on_track_from"]:
        errors.setdefault("at_risk_from", []).append(
            _("“At risk from” cannot be above “on track from” (%(on_track)s).")
            % {"on_track": values["on_track_from"]}
        )
    if errors:
        raise ValidationError(errors)
    rules.on_track_from = values["on_track_from"]
    rules.at_risk_from = values["at_risk_from"]
    rules.updated_by = scope.user
    history_stamp(rules, actor=scope.user)
    rules.save()
    # Statuses are cached with the actuals: the new thresholds show at once.
    workspace_changed.send(sender=StatusRules, workspace_id=scope.workspace.pk)
    return rules
