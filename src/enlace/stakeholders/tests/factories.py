"""Factories for the registry: rows built through the services, as users make them."""

from __future__ import annotations

from typing import Any

from enlace.core.scoping import Scope
from enlace.stakeholders import services
from enlace.stakeholders.models import CoordinationBody, Organization, Person, Relationship

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def organization(scope: Scope, **data: Any) -> Organization:
    data.setdefault("name", f"Organisation {_next()}")
    data.setdefault("kind", "ngo")
    return services.organization_create(scope=scope, data=data, allow_duplicate=True)


def person(scope: Scope, **data: Any) -> Person:
    data.setdefault("full_name", f"Person Number {_next()}")
    return services.person_create(scope=scope, data=data, allow_duplicate=True)


def coordination_body(scope: Scope, body_scope: str = "national", **data: Any) -> CoordinationBody:
    """`body_scope` is the body's own scope field (local, national, regional, global)."""
    data.setdefault("name", f"Roundtable {_next()}")
    data.setdefault("kind", "roundtable")
    data["scope"] = body_scope
    data.setdefault("country", "CL")
    return services.coordination_body_create(scope=scope, data=data)


def relationship(scope: Scope, **data: Any) -> Relationship:
    data.setdefault("from_organization", organization(scope))
    data.setdefault("to_organization", organization(scope))
    data.setdefault("kind", "partner")
    return services.relationship_create(scope=scope, data=data)
