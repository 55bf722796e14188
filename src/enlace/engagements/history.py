"""The history of engagements and follow-ups: each change with who, when and each field's before
and after, an engagement's parts' changes merged into its own, and their removal on purge.

Reads cost a fixed number of queries: one per historical table, then one per kind of record the
changes mention (to name them), whatever the number of changes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from enlace.core.models import Membership
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements.models import (
    PART_MODELS,
    Engagement,
    FollowUp,
    Participant,
)
from enlace.stakeholders.models import CoordinationBody, Organization, Person

# The parts whose changes show on their engagement's history, in the order of its page.
_NOT_SHOWN = {"id", "workspace", "version", "created_at", "updated_at", "deleted_at"}
LIMIT = 200

# (model, id) -> the name to show for it.
Names = dict[tuple[type[models.Model], Any], str]


def _shown_fields(model: type[models.Model]) -> list[str]:
    """The fields a person edits: not the bookkeeping ones nor derived keys (`title_key`), nor
    a part's engagement (the page it shows on)."""
    hidden = _NOT_SHOWN | ({"engagement"} if model in PART_MODELS else set())
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.editable and f.name not in hidden and not f.name.endswith("_key")
    ]


def _changes(model: type[models.Model], new: Any, old: Any) -> list[dict[str, Any]]:
    if old is None:
        return []
    delta = new.diff_against(old, included_fields=_shown_fields(model))
    return [{"field": c.field, "old": c.old, "new": c.new} for c in delta.changes]


def _event(row: Any) -> str:
    reason = row.history_change_reason or ""
    if row.history_type == "+":
        return "added"
    if row.history_type == "-" or reason == "deleted":
        return "removed"
    if reason == "restored":
        return "restored"
    return "changed"


def _rows(model: type[models.Model], scope: Scope, **filters: Any) -> list[Any]:
    """Historical rows newest first, with the users who made them (one query)."""
    history: Any = model.history  # type: ignore[attr-defined]
    return list(
        history.filter(workspace_id=scope.workspace.pk, **filters)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:LIMIT]
    )


def _entries(model: type[models.Model], rows: list[Any]) -> list[dict[str, Any]]:
    """Each row as an entry, its changes found against the same record's previous row."""
    older: dict[Any, Any] = {}
    result = []
    for row in reversed(rows):  # oldest first, so that each row meets its predecessor
        result.append(
            {
                "at": row.history_date,
                "user": row.history_user,
                "type": row.history_type,
                "reason": row.history_change_reason or "",
                "version": row.version,
                "model": model,
                "changes": _changes(model, row, older.get(row.id)),
                "row": row,
                "event": _event(row),
            }
        )
        older[row.id] = row
    result.reverse()
    return result


def _references(entries: list[dict[str, Any]]) -> dict[type[models.Model], set[Any]]:
    refs: dict[type[models.Model], set[Any]] = defaultdict(set)
    shown = {model: set(_shown_fields(model)) for model in {e["model"] for e in entries}}
    for entry in entries:
        model = entry["model"]
        row = entry["row"]
        for field in model._meta.concrete_fields:
            if field.is_relation and field.name in shown[model]:
                value = getattr(row, field.attname, None)
                if value is not None:
                    refs[field.related_model].add(value)
        for change in entry["changes"]:
            field = model._meta.get_field(change["field"])
            if field.is_relation:
                refs[field.related_model].update(v for v in (change["old"], change["new"]) if v)
    return refs


def _names(scope: Scope, refs: dict[type[models.Model], set[Any]]) -> tuple[Names, set[Any]]:
    """Names of the records the entries mention, live or in the trash (one query per kind),
    and the ids of the people with lived experience among them."""
    names: Names = {}
    lived: set[Any] = set()
    for model, ids in refs.items():
        if model is Membership:
            memberships = Membership.objects.filter(workspace=scope.workspace, pk__in=ids)
            for m in memberships.select_related("user"):
                names[(model, m.pk)] = str(m.user)
        elif model is get_user_model():
            for user in get_user_model().objects.filter(pk__in=ids):
                names[(model, user.pk)] = str(user)
        elif model is Person:
            people = Person.all_objects.filter(workspace=scope.workspace, pk__in=ids)
            for person in people.only("id", "full_name", "lived_experience"):
                names[(model, person.pk)] = str(person)
                if person.lived_experience:
                    lived.add(person.pk)
        elif model in {Organization, CoordinationBody, Engagement, FollowUp}:
            manager: Any = model.all_objects  # type: ignore[attr-defined]
            for record in manager.filter(workspace=scope.workspace, pk__in=ids):
                names[(model, record.pk)] = str(record)
    return names, lived


def _mentions_hidden_person(entry: dict[str, Any], lived: set[Any]) -> bool:
    if entry["model"] is not Participant:
        return False
    if entry["row"].person_id in lived:
        return True
    return any(c["field"] == "person" and {c["old"], c["new"]} & lived for c in entry["changes"])


def engagement_history(*, scope: Scope, engagement: Engagement) -> dict[str, Any]:
    """The engagement's changes and its parts', newest first, and the names they mention.

    A participant who is a person with lived experience is left out for roles that may not see
    such people, rather than shown unnamed: like the engagement page, the history must not say
    that a survivor took part.
    """
    scope.require(Action.VIEW_HISTORY)
    entries = _entries(Engagement, _rows(Engagement, scope, id=engagement.pk))
    for model in PART_MODELS:
        entries += _entries(model, _rows(model, scope, engagement_id=engagement.pk))
    names, lived = _names(scope, _references(entries))
    if not scope.can(Action.VIEW_LIVED_EXPERIENCE):
        entries = [e for e in entries if not _mentions_hidden_person(e, lived)]
    entries.sort(key=lambda e: (e["at"], e["row"].history_id), reverse=True)
    return {"entries": entries[:LIMIT], "names": names}


def follow_up_history(*, scope: Scope, follow_up: FollowUp) -> dict[str, Any]:
    """The follow-up's changes, newest first, and the names they mention."""
    scope.require(Action.VIEW_HISTORY)
    entries = _entries(FollowUp, _rows(FollowUp, scope, id=follow_up.pk))
    names, _lived = _names(scope, _references(entries))
    return {"entries": entries, "names": names}
