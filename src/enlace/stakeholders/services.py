"""Writes to the registry: each one checks the role, validates, versions and keeps history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enlace.core.errors import DuplicateSuspected, ValidationError
from enlace.core.fields import name_key
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import (
    history_stamp,
    lock_for_write,
    record_restore,
    record_save,
    record_soft_delete,
)
from enlace.stakeholders import selectors
from enlace.stakeholders.models import (
    BodyMembership,
    CoordinationBody,
    Organization,
    Person,
    Relationship,
)

ORGANIZATION_FIELDS = frozenset(
    {"name", "acronym", "kind", "country", "region", "city", "parent", "website", "tags", "notes"}
)
PERSON_FIELDS = frozenset(
    {
        "full_name",
        "position",
        "organization",
        "discipline",
        "sex",
        "email",
        "phone",
        "languages",
        "may_contact",
        "may_name_publicly",
        "may_photograph",
        "consent_date",
        "consent_method",
        "lived_experience",
        "tags",
        "notes",
    }
)
BODY_FIELDS = frozenset(
    {"name", "acronym", "kind", "scope", "country", "chair_organization", "tags", "notes"}
)
BODY_MEMBERSHIP_FIELDS = frozenset({"organization", "role", "start_date", "end_date"})
RELATIONSHIP_FIELDS = frozenset(
    {"from_organization", "to_organization", "kind", "status", "since", "notes"}
)


def _check_fields(data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("Unknown field.")))


def _check_refs(scope: Scope, data: Mapping[str, Any]) -> None:
    """Every referenced row belongs to the asker's workspace (defence in depth)."""
    errors = {}
    for name, value in data.items():
        if hasattr(value, "workspace_id") and value.workspace_id != scope.workspace.pk:
            errors[name] = _("Not found.")
        if getattr(value, "deleted_at", None) is not None:
            errors[name] = _("That record is in the trash.")
    if errors:
        raise ValidationError(errors)


def _apply(instance: Any, data: Mapping[str, Any]) -> None:
    for name, value in data.items():
        setattr(instance, name, value)


def _create(
    scope: Scope, model: type[Any], allowed: frozenset[str], data: Mapping[str, Any]
) -> Any:
    scope.require(Action.CREATE)
    _check_fields(data, allowed)
    _check_refs(scope, data)
    instance = model(workspace=scope.workspace)
    _apply(instance, data)
    return record_save(instance, actor=scope.user)


def _update(
    scope: Scope,
    instance: Any,
    allowed: frozenset[str],
    data: Mapping[str, Any],
    expected_version: int | None,
) -> Any:
    scope.require(Action.CHANGE)
    _check_fields(data, allowed)
    _check_refs(scope, data)
    locked = lock_for_write(instance, expected_version=expected_version)
    _apply(locked, data)
    # Derived keys are recomputed by clean(); save them with the fields that feed them.
    fields = [*data, *(f for f in ("name_key", "acronym_key") if hasattr(locked, f))]
    return record_save(locked, actor=scope.user, update_fields=fields)


# Organisations


@transaction.atomic
def organization_create(
    *, scope: Scope, data: Mapping[str, Any], allow_duplicate: bool = False
) -> Organization:
    scope.require(Action.CREATE)  # before the duplicate check, which reveals names
    if not allow_duplicate:
        matches = selectors.organization_similar(
            scope=scope, name=str(data.get("name", "")), acronym=str(data.get("acronym", ""))
        )
        if matches:
            raise DuplicateSuspected(matches)
    org: Organization = _create(scope, Organization, ORGANIZATION_FIELDS, data)
    return org


@transaction.atomic
def organization_update(
    *,
    scope: Scope,
    organization: Organization,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Organization:
    org: Organization = _update(scope, organization, ORGANIZATION_FIELDS, data, expected_version)
    return org


def organization_delete(
    *, scope: Scope, organization: Organization, expected_version: int | None = None
) -> Organization:
    return record_soft_delete(organization, scope=scope, expected_version=expected_version)


def organization_restore(*, scope: Scope, organization: Organization) -> Organization:
    return record_restore(organization, scope=scope)


# People


@transaction.atomic
def person_create(
    *, scope: Scope, data: Mapping[str, Any], allow_duplicate: bool = False
) -> Person:
    scope.require(Action.CREATE)  # before the duplicate check, which reveals names
    if data.get("lived_experience"):
        scope.require(Action.VIEW_LIVED_EXPERIENCE)
    if not allow_duplicate:
        matches = [
            p
            for p in selectors.person_similar(scope=scope, full_name=str(data.get("full_name", "")))
            if p.organization_id == getattr(data.get("organization"), "pk", None)
            or p.name_key == name_key(str(data.get("full_name", "")))
        ]
        if matches:
            raise DuplicateSuspected(matches)
    person: Person = _create(scope, Person, PERSON_FIELDS, data)
    return person


@transaction.atomic
def person_update(
    *,
    scope: Scope,
    person: Person,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Person:
    if "lived_experience" in data and bool(data["lived_experience"]) != person.lived_experience:
        scope.require(Action.VIEW_LIVED_EXPERIENCE)
    updated: Person = _update(scope, person, PERSON_FIELDS, data, expected_version)
    return updated


def person_delete(*, scope: Scope, person: Person, expected_version: int | None = None) -> Person:
    return record_soft_delete(person, scope=scope, expected_version=expected_version)


def person_restore(*, scope: Scope, person: Person) -> Person:
    return record_restore(person, scope=scope)


# Coordination bodies


@transaction.atomic
def coordination_body_create(
    *,
    scope: Scope,
    data: Mapping[str, Any],
    members: list[Mapping[str, Any]] | None = None,
) -> CoordinationBody:
    body: CoordinationBody = _create(scope, CoordinationBody, BODY_FIELDS, data)
    for member in members or []:
        body_membership_add(scope=scope, body=body, data=member)
    return body


@transaction.atomic
def coordination_body_update(
    *,
    scope: Scope,
    body: CoordinationBody,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> CoordinationBody:
    updated: CoordinationBody = _update(scope, body, BODY_FIELDS, data, expected_version)
    return updated


def coordination_body_delete(
    *, scope: Scope, body: CoordinationBody, expected_version: int | None = None
) -> CoordinationBody:
    return record_soft_delete(body, scope=scope, expected_version=expected_version)


def coordination_body_restore(*, scope: Scope, body: CoordinationBody) -> CoordinationBody:
    return record_restore(body, scope=scope)


@transaction.atomic
def body_membership_add(
    *, scope: Scope, body: CoordinationBody, data: Mapping[str, Any]
) -> BodyMembership:
    if body.workspace_id != scope.workspace.pk:
        raise ValidationError({"body": _("Not found.")})
    organization = data.get("organization")
    if (
        organization is not None
        and BodyMembership.objects.filter(body=body, organization=organization).exists()
    ):
        raise ValidationError({"organization": _("This organisation is already a member.")})
    membership: BodyMembership = _create(
        scope, BodyMembership, BODY_MEMBERSHIP_FIELDS | {"body"}, {**data, "body": body}
    )
    return membership


@transaction.atomic
def body_membership_update(
    *,
    scope: Scope,
    membership: BodyMembership,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> BodyMembership:
    updated: BodyMembership = _update(
        scope, membership, BODY_MEMBERSHIP_FIELDS - {"organization"}, data, expected_version
    )
    return updated


@transaction.atomic
def body_membership_remove(*, scope: Scope, membership: BodyMembership) -> None:
    scope.require(Action.CHANGE)
    locked = lock_for_write(membership, expected_version=None)
    history_stamp(locked, actor=scope.user)
    locked.delete()


# Relationships


@transaction.atomic
def relationship_create(*, scope: Scope, data: Mapping[str, Any]) -> Relationship:
    rel: Relationship = _create(scope, Relationship, RELATIONSHIP_FIELDS, data)
    return rel


@transaction.atomic
def relationship_update(
    *,
    scope: Scope,
    relationship: Relationship,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Relationship:
    updated: Relationship = _update(
        scope, relationship, RELATIONSHIP_FIELDS, data, expected_version
    )
    return updated


def relationship_delete(
    *, scope: Scope, relationship: Relationship, expected_version: int | None = None
) -> Relationship:
    return record_soft_delete(relationship, scope=scope, expected_version=expected_version)


def relationship_restore(*, scope: Scope, relationship: Relationship) -> Relationship:
    return record_restore(relationship, scope=scope)
