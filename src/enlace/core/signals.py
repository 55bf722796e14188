"""Signals the domains send and others listen to, so that no domain imports its readers.

`workspace_changed` says "something in this workspace's record changed": the results cache
(enlace.results.cache) bumps the workspace's generation, so no figure computed before the
change is served after it. Send it after a write the model signals do not see (bulk_create,
QuerySet.update and QuerySet.delete), with `workspace_id`."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with workspace_id=<the workspace's primary key>.
workspace_changed = Signal()
