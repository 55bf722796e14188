"""A record's history as people read it: field labels, choice names, organisation names."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from enlace.core.scoping import Scope
from enlace.stakeholders import selectors
from enlace.stakeholders.models import Organization

EMPTY = "—"


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    """The model field called `name`, or whose column is `name` (`parent_id`)."""
    for field in model._meta.concrete_fields:
        if name in {field.name, field.attname}:
            return field
    return None


def field_label(model: type[models.Model], name: str) -> str:
    field = _field(model, name)
    return str(field.verbose_name) if field is not None else name


def organization_names(scope: Scope, ids: set[Any]) -> dict[Any, str]:
    """Names of the organisations a history mentions, live or in the trash, in one query."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    orgs = selectors.organization_queryset(scope) | selectors.organization_queryset(
        scope, deleted=True
    )
    return {org.pk: str(org) for org in orgs.filter(pk__in=ids)}


def display(
    model: type[models.Model], name: str, value: Any, names: dict[Any, str] | None = None
) -> str:
    """One stored value as text: a choice's label, Yes/No, a list, an organisation's name."""
    field = _field(model, name)
    if value is None or value == "" or value == []:
        return EMPTY
    if field is not None and field.is_relation:
        if field.related_model is Organization:
            return (names or {}).get(value, _("(not available)"))
        return str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if field is not None and field.choices:
        code = getattr(value, "code", value)
        return str(dict(field.flatchoices).get(code, code))
    return str(formats.localize(value))


def _is_reference(model: type[models.Model], name: str) -> bool:
    field = _field(model, name)
    return field is not None and field.is_relation


def present(scope: Scope, model: type[models.Model], entries: list[dict[str, Any]]) -> list[Any]:
    """selectors.record_history entries with readable labels and values."""
    ref_ids: set[Any] = set()
    for entry in entries:
        for change in entry["changes"]:
            if _is_reference(model, change["field"]):
                ref_ids.update({change["old"], change["new"]})
    names = organization_names(scope, ref_ids)
    kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Removed")}
    reasons = {"deleted": _("Moved to the trash"), "restored": _("Restored from the trash")}
    rows = []
    for entry in entries:
        user = entry["user"]
        rows.append(
            {
                "at": entry["at"],
                "user": (getattr(user, "full_name", "") or getattr(user, "email", ""))
                if user is not None
                else _("System"),
                "action": reasons.get(entry["reason"]) or kinds.get(entry["type"], entry["type"]),
                "version": entry["version"],
                "changes": [
                    {
                        "label": field_label(model, change["field"]),
                        "old": display(model, change["field"], change["old"], names),
                        "new": display(model, change["field"], change["new"], names),
                    }
                    for change in entry["changes"]
                ],
            }
        )
    return rows


def field_names(model: type[models.Model], names: list[str]) -> list[str]:
    """Model field names for a list that may hold column names (`parent_id` -> `parent`)."""
    fields = [_field(model, name) for name in names]
    return [field.name for field in fields if field is not None]


def current_values(scope: Scope, record: Any, names: list[str]) -> dict[str, str]:
    """The stored values of the named fields, as text."""
    model = type(record)
    raw = {name: _value(record, name) for name in names}
    refs = {value for name, value in raw.items() if _is_reference(model, name)}
    orgs = organization_names(scope, refs)
    return {name: display(model, name, value, orgs) for name, value in raw.items()}


def values_at(scope: Scope, record: Any, version: int, names: list[str]) -> dict[str, Any]:
    """The named fields' values at an earlier `version`, rewound from the current ones through
    the history's changes (newest first)."""
    values = {name: _value(record, name) for name in names}
    for entry in selectors.record_history(scope=scope, record=record):
        if entry["version"] is None or entry["version"] <= version:
            break
        for change in entry["changes"]:
            if change["field"] in values:
                values[change["field"]] = change["old"]
    return values


def _value(record: Any, name: str) -> Any:
    field = _field(type(record), name)
    return None if field is None else field.value_from_object(record)
