"""Ids in a request body as rows: the one way every app's API turns `<field>_id` values into the
records its services take, each looked up through the asker's scope."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from enlace.core.errors import Http404, ValidationError
from enlace.core.scoping import Scope

Resolver = Callable[[Scope, Any], Any]
# body field -> (service field, how to find the row in the scope, the message when it is not found)
References = Mapping[str, tuple[str, Resolver, Any]]


def resolve_references(
    scope: Scope,
    values: Mapping[str, Any],
    references: References,
    *,
    prefix: str = "",
    distinct: bool = False,
) -> dict[str, Any]:
    """Body values as service data: every field named in `references` (an id, or a list of ids)
    becomes the row(s) it names in the scope, so that an id of another workspace, of the trash or
    of nothing is refused alike (422, on `prefix` + the field). `distinct` drops repeated ids of
    a list. Other values pass through unchanged."""
    data: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for name, value in values.items():
        reference = references.get(name)
        if reference is None:
            data[name] = value
            continue
        target, resolve, message = reference
        if value is None:
            data[target] = None
            continue
        try:
            if isinstance(value, list):
                ids = dict.fromkeys(value) if distinct else value
                data[target] = [resolve(scope, one) for one in ids]
            else:
                data[target] = resolve(scope, value)
        except Http404:
            errors[f"{prefix}{name}"] = message
    if errors:
        raise ValidationError(errors)
    return data
