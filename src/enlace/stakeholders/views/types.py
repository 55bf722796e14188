"""The registry's record types, each wired to its form, selectors and services, and the kinds
of record the workspace trash lists.

The shared pages (create, edit, delete, history, trash) look a type up here by its key, so the
four record types behave alike and no page reaches a model manager directly. Other apps add
their kinds to the trash with `trash_kind_register` (from their AppConfig.ready()), so that this
app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from enlace.core.scoping import Scope
from enlace.stakeholders import selectors, services
from enlace.stakeholders.forms import (
    CoordinationBodyForm,
    OrganizationForm,
    PersonForm,
    RegistryForm,
    RelationshipForm,
)
from enlace.stakeholders.models import CoordinationBody, Organization, Person, Relationship


@dataclass(frozen=True)
class TrashKind:
    """What the trash pages need of a kind of record: its trashed rows, and how to restore one."""

    key: str  # the URL names' prefix: "organization" -> "web:organization_detail"
    model: type[Any]
    trash: Callable[[Scope], QuerySet[Any]]
    restore: Callable[[Scope, Any], Any]
    # Removes a trashed record for good; core.services.record_purge when not given.
    purge: Callable[[Scope, Any], None] | None = field(default=None, kw_only=True)

    @property
    def noun(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)


@dataclass(frozen=True)
class RecordType(TrashKind):
    form_class: type[RegistryForm]
    get: Callable[[Scope, Any], Any]
    create: Callable[[Scope, dict[str, Any], bool], Any]
    update: Callable[[Scope, Any, dict[str, Any], int | None], Any]
    delete: Callable[[Scope, Any, int | None], Any]
    # Existing records whose name is close to the one typed (for "Did you mean…?").
    similar: Callable[[Scope, Mapping[str, Any], Any], list[Any]] | None = None

    def url(self, action: str, scope: Scope, pk: Any = None) -> str:
        args = [scope.workspace.slug] if pk is None else [scope.workspace.slug, pk]
        return reverse(f"web:{self.key}_{action}", args=args)


ORGANIZATION = RecordType(
    key="organization",
    model=Organization,
    form_class=OrganizationForm,
    get=lambda scope, pk: selectors.organization_get(scope=scope, id=pk),
    trash=lambda scope: selectors.organization_queryset(scope, deleted=True),
    create=lambda scope, data, anyway: services.organization_create(
        scope=scope, data=data, allow_duplicate=anyway
    ),
    update=lambda scope, record, data, version: services.organization_update(
        scope=scope, organization=record, data=data, expected_version=version
    ),
    delete=lambda scope, record, version: services.organization_delete(
        scope=scope, organization=record, expected_version=version
    ),
    restore=lambda scope, record: services.organization_restore(scope=scope, organization=record),
    similar=lambda scope, data, exclude: selectors.organization_similar(
        scope=scope,
        name=str(data.get("name", "")),
        acronym=str(data.get("acronym", "")),
        exclude_id=exclude,
    ),
)

PERSON = RecordType(
    key="person",
    model=Person,
    form_class=PersonForm,
    get=lambda scope, pk: selectors.person_get(scope=scope, id=pk),
    trash=lambda scope: selectors.person_queryset(scope, deleted=True),
    create=lambda scope, data, anyway: services.person_create(
        scope=scope, data=data, allow_duplicate=anyway
    ),
    update=lambda scope, record, data, version: services.person_update(
        scope=scope, person=record, data=data, expected_version=version
    ),
    delete=lambda scope, record, version: services.person_delete(
        scope=scope, person=record, expected_version=version
    ),
    restore=lambda scope, record: services.person_restore(scope=scope, person=record),
    similar=lambda scope, data, exclude: selectors.person_similar(
        scope=scope, full_name=str(data.get("full_name", "")), exclude_id=exclude
    ),
)

BODY = RecordType(
    key="body",
    model=CoordinationBody,
    form_class=CoordinationBodyForm,
    get=lambda scope, pk: selectors.coordination_body_get(scope=scope, id=pk),
    trash=lambda scope: selectors.coordination_body_queryset(scope, deleted=True),
    create=lambda scope, data, anyway: services.coordination_body_create(scope=scope, data=data),
    update=lambda scope, record, data, version: services.coordination_body_update(
        scope=scope, body=record, data=data, expected_version=version
    ),
    delete=lambda scope, record, version: services.coordination_body_delete(
        scope=scope, body=record, expected_version=version
    ),
    restore=lambda scope, record: services.coordination_body_restore(scope=scope, body=record),
)

RELATIONSHIP = RecordType(
    key="relationship",
    model=Relationship,
    form_class=RelationshipForm,
    get=lambda scope, pk: selectors.relationship_get(scope=scope, id=pk),
    trash=lambda scope: selectors.relationship_queryset(scope, deleted=True).select_related(
        "from_organization", "to_organization"
    ),
    create=lambda scope, data, anyway: services.relationship_create(scope=scope, data=data),
    update=lambda scope, record, data, version: services.relationship_update(
        scope=scope, relationship=record, data=data, expected_version=version
    ),
    delete=lambda scope, record, version: services.relationship_delete(
        scope=scope, relationship=record, expected_version=version
    ),
    restore=lambda scope, record: services.relationship_restore(scope=scope, relationship=record),
)

RECORD_TYPES: dict[str, RecordType] = {t.key: t for t in (ORGANIZATION, PERSON, BODY, RELATIONSHIP)}


# The trash lists its kinds in this order: the registry's, then those other apps register.
TRASH_KINDS: dict[str, TrashKind] = dict(RECORD_TYPES)


def trash_kind_register(*kinds: TrashKind) -> None:
    for kind in kinds:
        TRASH_KINDS[kind.key] = kind


def trash_kind(key: str) -> TrashKind:
    try:
        return TRASH_KINDS[key]
    except KeyError:
        raise Http404 from None


def record_type(key: str) -> RecordType:
    try:
        return RECORD_TYPES[key]
    except KeyError:
        raise Http404 from None


def record_type_of(record: Any) -> RecordType:
    for t in RECORD_TYPES.values():
        if isinstance(record, t.model):
            return t
    raise LookupError(type(record).__name__)
