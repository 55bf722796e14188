"""Computed figures kept in Django's cache until the workspace's record changes.

Each workspace has a *generation*, a number in the cache. Every figure is stored under a key
that holds the generation it was computed at; any change to the workspace's record bumps the
generation, so the next read misses and computes afresh: a save shows on the dashboard at once,
and nothing ever has to find and delete old entries (they expire on their own).

The generation is bumped:
- by every model save and delete of a row with a `workspace_id` (post_save / post_delete,
  connected in ResultsConfig.ready(): one cache increment);
- by `enlace.core.signals.workspace_changed`, which the services send after the writes model
  signals do not see (bulk_create, QuerySet.update, QuerySet.delete) and from the record
  services (save, soft delete, restore, purge);
- once more when the transaction commits: a read that ran between the write and the commit saw
  the old rows but the new generation, and would otherwise keep a stale value under it.

The key also holds the reader's role and organisation: owners see people with lived
experience that editors do not, and a partner only its organisation's records, so two members
see different numbers and never share an entry.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from enlace.core.scoping import Scope
from enlace.core.signals import workspace_changed

T = TypeVar("T")

TIMEOUT = 60 * 60  # seconds; a changed record never waits for it (the generation moves on)
PREFIX = "results"


def _generation_key(workspace_id: Any) -> str:
    return f"{PREFIX}:generation:{workspace_id}"


def generation(workspace_id: Any) -> int:
    """The workspace's current generation. A missing one (never set, or evicted) starts at the
    clock in nanoseconds, above any number it could have reached before: an entry computed
    under an evicted generation can never be read again."""
    key = _generation_key(workspace_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return int(value) if value is not None else time.time_ns()


def bump(workspace_id: Any) -> None:
    """Move the workspace to a new generation: every figure cached before is out of date."""
    if workspace_id is None:
        return
    key = _generation_key(workspace_id)
    try:
        cache.incr(key)
    except ValueError:  # missing: any new value is newer than all before it
        cache.add(key, time.time_ns(), timeout=None)


def changed(workspace_id: Any) -> None:
    """Bump now, and again when the current transaction commits (see the module's docstring)."""
    if workspace_id is None:
        return
    bump(workspace_id)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: bump(workspace_id))


def entry_key(scope: Scope, name: str, arguments: Any) -> str:
    """The key of a figure for the workspace's current generation, the reader's visibility and
    `arguments` (any value with a stable repr: dates, ids, strings)."""
    membership = scope.membership
    visibility = (scope.role, getattr(membership, "organization_id", None))
    digest = hashlib.sha256(repr((name, visibility, arguments)).encode()).hexdigest()[:32]
    return f"{PREFIX}:{scope.workspace.pk}:{generation(scope.workspace.pk)}:{digest}"


def lookup(key: str) -> Any:
    """The figure kept under `key` (entry_key), or None."""
    return cache.get(key)


def store(key: str, value: Any) -> None:
    cache.set(key, value, TIMEOUT)


def cached(scope: Scope, name: str, arguments: Any, compute: Callable[[], T]) -> T:
    """`compute()` once per workspace generation, reader's visibility and `arguments`."""
    key = entry_key(scope, name, arguments)
    found = lookup(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = compute()
    store(key, value)
    return value


# Receivers


def on_workspace_changed(sender: Any, workspace_id: Any = None, **kwargs: Any) -> None:
    changed(workspace_id)


def on_row_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: no figures are read while fixtures load
        return
    if kwargs.get("created") and sender._meta.label == "results.StatusRules":
        # Created with the defaults on first read (status.rules_for), in the middle of a
        # computation: the defaults judge as the absent row did, nothing changed.
        return
    changed(getattr(instance, "workspace_id", None))


FACT_MODELS = ("results.ParticipationFact", "results.EnrollmentFact")


def tracked_models() -> list[type[Any]]:
    """Every model whose rows belong to a workspace, except the history's copies (saved with
    each change of the row they copy, which already bumps)."""
    found = []
    for model in apps.get_models():
        if hasattr(model, "instance_type"):  # a simple-history model
            continue
        if model._meta.label in FACT_MODELS:  # derived from rows that bump already
            continue
        if any(f.attname == "workspace_id" for f in model._meta.concrete_fields):
            found.append(model)
    return found


def connect() -> None:
    """Connect the receivers (ResultsConfig.ready()); idempotent (dispatch_uid)."""
    workspace_changed.connect(on_workspace_changed, dispatch_uid="results-cache-workspace")
    for model in tracked_models():
        label = model._meta.label
        post_save.connect(on_row_changed, sender=model, dispatch_uid=f"results-cache-s-{label}")
        post_delete.connect(on_row_changed, sender=model, dispatch_uid=f"results-cache-d-{label}")
