"""API routers for the registry: organizations, people, coordination bodies, relationships.

Each endpoint parses, resolves ids through the scoped selectors, calls one service and lets the
schema serialise. The services own permissions, validation and versions; an endpoint only refuses
a role early, before it reads anything on the caller's behalf.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Body, Query, Router, Status

from enlace.api.auth import if_match_version, request_scope, with_etag
from enlace.api.errors import problems
from enlace.api.pagination import check_query_params, paginate
from enlace.core.errors import Http404, ValidationError
from enlace.core.models import WorkspaceModel
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.stakeholders import selectors, services
from enlace.stakeholders.models import (
    BodyMembership,
    CoordinationBody,
    Organization,
    Person,
    Relationship,
)
from enlace.stakeholders.schemas import (
    CoordinationBodyCreate,
    CoordinationBodyFilters,
    CoordinationBodyOut,
    CoordinationBodyPage,
    CoordinationBodyPatch,
    DeleteInput,
    ListQuery,
    MemberIn,
    MemberOut,
    MemberPatch,
    OrganizationCreate,
    OrganizationFilters,
    OrganizationOut,
    OrganizationPage,
    OrganizationPatch,
    PatchInput,
    PersonCreate,
    PersonFilters,
    PersonOut,
    PersonPage,
    PersonPatch,
    RelationshipFilters,
    RelationshipIn,
    RelationshipOut,
    RelationshipPage,
    RelationshipPatch,
)

LIST_PROBLEMS = problems(401, 403, 422)
READ_PROBLEMS = problems(401, 404, 422)
CREATE_PROBLEMS = problems(400, 401, 403, 413, 422)
CREATE_OR_DUPLICATE_PROBLEMS = problems(400, 401, 403, 409, 413, 422)
ADD_PROBLEMS = problems(400, 401, 403, 404, 413, 422)
REMOVE_PROBLEMS = problems(401, 403, 404, 422)
WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 413, 422)
DELETE_PROBLEMS = problems(400, 401, 403, 404, 409, 413, 422)
RESTORE_PROBLEMS = problems(401, 403, 404, 422)

P = ParamSpec("P")
R = TypeVar("R")
V = TypeVar("V", bound=WorkspaceModel)

# The API names a reference `<field>_id` and sends an id; the models hold the row.
ORGANIZATION_REFS = {
    "parent_id": "parent",
    "organization_id": "organization",
    "chair_organization_id": "chair_organization",
    "from_organization_id": "from_organization",
    "to_organization_id": "to_organization",
}
API_FIELD_NAMES = {model: api for api, model in ORGANIZATION_REFS.items()}


def _model_data(scope: Scope, values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Body values as service data: organisation ids become organisations in the asker's scope.

    An id outside the scope (another workspace, the trash, beyond a partner's subtree) is
    reported exactly like an id that does not exist, so nothing leaks.
    """
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        target = ORGANIZATION_REFS.get(name)
        if target is None:
            data[name] = value
        elif value is None:
            data[target] = None
        else:
            try:
                data[target] = selectors.organization_get(scope=scope, id=value)
            except Http404:
                errors[f"{prefix}{name}"] = "Unknown organisation."
    if errors:
        raise ValidationError(errors)
    return data


def _changes(scope: Scope, payload: PatchInput) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    if not values:
        raise ValidationError("Send at least one field to change.")
    return _model_data(scope, values)


def _write(service: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a service; its field errors are renamed as the API names them (`parent_id`)."""
    try:
        return service(*args, **kwargs)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {API_FIELD_NAMES.get(k, k): v for k, v in exc.error_dict.items()}
        ) from exc


def _list_scope(request: HttpRequest, filters: ListQuery) -> Scope:
    scope = request_scope(request)
    check_query_params(request, type(filters).model_fields)
    if filters.deleted:
        scope.require(Action.VIEW_TRASH)
    return scope


def _same(obj: Any) -> Any:
    """Rows go to the page as they are: the response schema serialises them."""
    return obj


def _tagged(response: HttpResponse, obj: V) -> V:
    with_etag(response, obj.version)
    return obj


def _delete_version(request: HttpRequest, payload: DeleteInput | None) -> int | None:
    return if_match_version(request, payload.version if payload is not None else None)


def _writer(request: HttpRequest, action: Action) -> Scope:
    """The scope of a write; a role that may not write is refused before any reference is read."""
    scope = request_scope(request)
    scope.require(action)
    return scope


# Organisations

organizations = Router(tags=["organizations"])


@organizations.get(
    "", response={200: OrganizationPage, **LIST_PROBLEMS}, summary="List organisations"
)
def organization_list(request: HttpRequest, filters: Query[OrganizationFilters]) -> dict[str, Any]:
    """Paginated and filterable; `?deleted=true` lists the trash instead."""
    scope = _list_scope(request, filters)
    queryset = selectors.organization_list(
        scope=scope,
        q=filters.q,
        country=filters.country,
        kind=filters.kind or "",
        tag=filters.tag,
        parent_id=filters.parent_id,
        ordering=filters.ordering,
        deleted=filters.deleted,
    )
    return paginate(request, queryset, _same)


@organizations.post(
    "",
    response={201: OrganizationOut, **CREATE_OR_DUPLICATE_PROBLEMS},
    summary="Create an organisation",
)
def organization_create(
    request: HttpRequest, response: HttpResponse, payload: OrganizationCreate
) -> Status[Organization]:
    """A name close to an existing organisation's answers 409 with the matches, unless
    `allow_duplicate` is true."""
    scope = _writer(request, Action.CREATE)
    data = _model_data(scope, payload.model_dump(exclude={"allow_duplicate"}))
    organization = _write(
        services.organization_create,
        scope=scope,
        data=data,
        allow_duplicate=payload.allow_duplicate,
    )
    return Status(201, _tagged(response, organization))


@organizations.get(
    "/{id}", response={200: OrganizationOut, **READ_PROBLEMS}, summary="Read an organisation"
)
def organization_read(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> Organization:
    """The `ETag` header carries the version, for `If-Match` on the next write."""
    return _tagged(response, selectors.organization_get(scope=request_scope(request), id=id))


@organizations.patch(
    "/{id}", response={200: OrganizationOut, **WRITE_PROBLEMS}, summary="Change an organisation"
)
def organization_update(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: OrganizationPatch
) -> Organization:
    """Only the fields sent change. With `version` (or `If-Match`), a write based on an older
    version is refused with 409 and the fields changed since."""
    scope = _writer(request, Action.CHANGE)
    organization = selectors.organization_get(scope=scope, id=id)
    updated = _write(
        services.organization_update,
        scope=scope,
        organization=organization,
        data=_changes(scope, payload),
        expected_version=if_match_version(request, payload.version),
    )
    return _tagged(response, updated)


@organizations.delete(
    "/{id}", response={204: None, **DELETE_PROBLEMS}, summary="Move an organisation to the trash"
)
def organization_delete(
    request: HttpRequest, id: uuid.UUID, payload: Body[DeleteInput | None] = None
) -> Status[None]:
    """Owners and managers can restore it. `If-Match` (or a body with `version`)
    refuses a delete based on an older version."""
    scope = _writer(request, Action.DELETE)
    organization = selectors.organization_get(scope=scope, id=id)
    services.organization_delete(
        scope=scope, organization=organization, expected_version=_delete_version(request, payload)
    )
    return Status(204, None)


@organizations.post(
    "/{id}/restore",
    response={200: OrganizationOut, **RESTORE_PROBLEMS},
    summary="Restore an organisation from the trash",
)
def organization_restore(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID
) -> Organization:
    """Owners and managers only."""
    scope = _writer(request, Action.RESTORE)
    organization = get_in_scope(selectors.organization_queryset(scope, deleted=True), id)
    return _tagged(response, services.organization_restore(scope=scope, organization=organization))


# People

people = Router(tags=["people"])


@people.get("", response={200: PersonPage, **LIST_PROBLEMS}, summary="List people")
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, Any]:
    """Paginated and filterable; `?deleted=true` lists the trash instead. People with lived
    experience are listed to owners and managers only."""
    scope = _list_scope(request, filters)
    queryset = selectors.person_list(
        scope=scope,
        q=filters.q,
        organization_id=filters.organization_id,
        discipline=filters.discipline or "",
        country=filters.country,
        tag=filters.tag,
        ordering=filters.ordering,
        deleted=filters.deleted,
    )
    return paginate(request, queryset, _same)


@people.post(
    "", response={201: PersonOut, **CREATE_OR_DUPLICATE_PROBLEMS}, summary="Create a person"
)
def person_create(
    request: HttpRequest, response: HttpResponse, payload: PersonCreate
) -> Status[Person]:
    """A name close to an existing person's answers 409 with the matches, unless
    `allow_duplicate` is true. Consent (`may_*`) needs `consent_date` and `consent_method`."""
    scope = _writer(request, Action.CREATE)
    data = _model_data(scope, payload.model_dump(exclude={"allow_duplicate"}))
    person = _write(
        services.person_create, scope=scope, data=data, allow_duplicate=payload.allow_duplicate
    )
    return Status(201, _tagged(response, person))


@people.get("/{id}", response={200: PersonOut, **READ_PROBLEMS}, summary="Read a person")
def person_read(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> Person:
    """The `ETag` header carries the version, for `If-Match` on the next write."""
    return _tagged(response, selectors.person_get(scope=request_scope(request), id=id))


@people.patch("/{id}", response={200: PersonOut, **WRITE_PROBLEMS}, summary="Change a person")
def person_update(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: PersonPatch
) -> Person:
    """Only the fields sent change. With `version` (or `If-Match`), a write based on an older
    version is refused with 409 and the fields changed since."""
    scope = _writer(request, Action.CHANGE)
    person = selectors.person_get(scope=scope, id=id)
    updated = _write(
        services.person_update,
        scope=scope,
        person=person,
        data=_changes(scope, payload),
        expected_version=if_match_version(request, payload.version),
    )
    return _tagged(response, updated)


@people.delete(
    "/{id}", response={204: None, **DELETE_PROBLEMS}, summary="Move a person to the trash"
)
def person_delete(
    request: HttpRequest, id: uuid.UUID, payload: Body[DeleteInput | None] = None
) -> Status[None]:
    """Owners and managers can restore them. `If-Match` (or a body with `version`)
    refuses a delete based on an older version."""
    scope = _writer(request, Action.DELETE)
    person = selectors.person_get(scope=scope, id=id)
    services.person_delete(
        scope=scope, person=person, expected_version=_delete_version(request, payload)
    )
    return Status(204, None)


@people.post(
    "/{id}/restore",
    response={200: PersonOut, **RESTORE_PROBLEMS},
    summary="Restore a person from the trash",
)
def person_restore(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> Person:
    """Owners and managers only."""
    scope = _writer(request, Action.RESTORE)
    person = get_in_scope(selectors.person_queryset(scope, deleted=True), id)
    return _tagged(response, services.person_restore(scope=scope, person=person))


# Coordination bodies

bodies = Router(tags=["coordination bodies"])


def _body(scope: Scope, id: Any) -> CoordinationBody:
    queryset = selectors.coordination_body_with_members(selectors.coordination_body_queryset(scope))
    return get_in_scope(queryset, id)


def _member(scope: Scope, body_id: uuid.UUID, member_id: uuid.UUID) -> BodyMembership:
    body = selectors.coordination_body_get(scope=scope, id=body_id)
    return get_in_scope(selectors.body_membership_list(scope=scope, body=body), member_id)


@bodies.get(
    "", response={200: CoordinationBodyPage, **LIST_PROBLEMS}, summary="List coordination bodies"
)
def coordination_body_list(
    request: HttpRequest, filters: Query[CoordinationBodyFilters]
) -> dict[str, Any]:
    """Paginated and filterable, with their members; `?deleted=true` lists the trash instead."""
    scope = _list_scope(request, filters)
    queryset = selectors.coordination_body_list(
        scope=scope,
        q=filters.q,
        country=filters.country,
        kind=filters.kind or "",
        body_scope=filters.scope or "",
        tag=filters.tag,
        organization_id=filters.organization_id,
        ordering=filters.ordering,
        deleted=filters.deleted,
    )
    return paginate(request, selectors.coordination_body_with_members(queryset), _same)


@bodies.post(
    "", response={201: CoordinationBodyOut, **CREATE_PROBLEMS}, summary="Create a coordination body"
)
def coordination_body_create(
    request: HttpRequest, response: HttpResponse, payload: CoordinationBodyCreate
) -> Status[CoordinationBody]:
    """`members` sets the member organisations at once; afterwards they change one by one under
    `/coordination-bodies/{id}/members`."""
    scope = _writer(request, Action.CREATE)
    data = _model_data(scope, payload.model_dump(exclude={"members"}))
    members: list[Mapping[str, Any]] = [
        _model_data(scope, member.model_dump(), prefix=f"members.{i}.")
        for i, member in enumerate(payload.members)
    ]
    body = _write(services.coordination_body_create, scope=scope, data=data, members=members)
    return Status(201, _tagged(response, _body(scope, body.pk)))


@bodies.get(
    "/{id}",
    response={200: CoordinationBodyOut, **READ_PROBLEMS},
    summary="Read a coordination body",
)
def coordination_body_read(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID
) -> CoordinationBody:
    """With its members. The `ETag` header carries the version, for `If-Match` on the next
    write."""
    return _tagged(response, _body(request_scope(request), id))


@bodies.patch(
    "/{id}",
    response={200: CoordinationBodyOut, **WRITE_PROBLEMS},
    summary="Change a coordination body",
)
def coordination_body_update(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: CoordinationBodyPatch
) -> CoordinationBody:
    """Only the fields sent change; members change under `/coordination-bodies/{id}/members`.
    With `version` (or `If-Match`), a write based on an older version is refused with 409."""
    scope = _writer(request, Action.CHANGE)
    body = selectors.coordination_body_get(scope=scope, id=id)
    _write(
        services.coordination_body_update,
        scope=scope,
        body=body,
        data=_changes(scope, payload),
        expected_version=if_match_version(request, payload.version),
    )
    return _tagged(response, _body(scope, id))


@bodies.delete(
    "/{id}",
    response={204: None, **DELETE_PROBLEMS},
    summary="Move a coordination body to the trash",
)
def coordination_body_delete(
    request: HttpRequest, id: uuid.UUID, payload: Body[DeleteInput | None] = None
) -> Status[None]:
    """Owners and managers can restore it. `If-Match` (or a body with `version`)
    refuses a delete based on an older version."""
    scope = _writer(request, Action.DELETE)
    body = selectors.coordination_body_get(scope=scope, id=id)
    services.coordination_body_delete(
        scope=scope, body=body, expected_version=_delete_version(request, payload)
    )
    return Status(204, None)


@bodies.post(
    "/{id}/restore",
    response={200: CoordinationBodyOut, **RESTORE_PROBLEMS},
    summary="Restore a coordination body from the trash",
)
def coordination_body_restore(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID
) -> CoordinationBody:
    """Owners and managers only."""
    scope = _writer(request, Action.RESTORE)
    body = get_in_scope(selectors.coordination_body_queryset(scope, deleted=True), id)
    services.coordination_body_restore(scope=scope, body=body)
    return _tagged(response, _body(scope, id))


@bodies.post(
    "/{id}/members",
    response={201: MemberOut, **ADD_PROBLEMS},
    summary="Add a member organisation",
)
def body_member_add(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: MemberIn
) -> Status[BodyMembership]:
    """An organisation is a member once; change its role or dates with PATCH."""
    scope = _writer(request, Action.CHANGE)
    body = selectors.coordination_body_get(scope=scope, id=id)
    member = _write(
        services.body_membership_add,
        scope=scope,
        body=body,
        data=_model_data(scope, payload.model_dump()),
    )
    return Status(201, _tagged(response, member))


@bodies.patch(
    "/{id}/members/{member_id}",
    response={200: MemberOut, **WRITE_PROBLEMS},
    summary="Change a member's role or dates",
)
def body_member_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    member_id: uuid.UUID,
    payload: MemberPatch,
) -> BodyMembership:
    """`member_id` is the member's `id` in the body's `members`. With `version` (or `If-Match`),
    a write based on an older version is refused with 409."""
    scope = _writer(request, Action.CHANGE)
    member = _member(scope, id, member_id)
    updated = _write(
        services.body_membership_update,
        scope=scope,
        membership=member,
        data=_changes(scope, payload),
        expected_version=if_match_version(request, payload.version),
    )
    return _tagged(response, updated)


@bodies.delete(
    "/{id}/members/{member_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove a member organisation",
)
def body_member_remove(request: HttpRequest, id: uuid.UUID, member_id: uuid.UUID) -> Status[None]:
    """The membership is removed; its history is kept."""
    scope = _writer(request, Action.CHANGE)
    services.body_membership_remove(scope=scope, membership=_member(scope, id, member_id))
    return Status(204, None)


# Relationships

relationships = Router(tags=["relationships"])


@relationships.get(
    "", response={200: RelationshipPage, **LIST_PROBLEMS}, summary="List relationships"
)
def relationship_list(request: HttpRequest, filters: Query[RelationshipFilters]) -> dict[str, Any]:
    """Paginated and filterable; `?deleted=true` lists the trash instead."""
    scope = _list_scope(request, filters)
    queryset = selectors.relationship_list(
        scope=scope,
        q=filters.q,
        organization_id=filters.organization_id,
        kind=filters.kind or "",
        status=filters.status or "",
        ordering=filters.ordering,
        deleted=filters.deleted,
    )
    return paginate(request, queryset, _same)


@relationships.post(
    "", response={201: RelationshipOut, **CREATE_PROBLEMS}, summary="Create a relationship"
)
def relationship_create(
    request: HttpRequest, response: HttpResponse, payload: RelationshipIn
) -> Status[Relationship]:
    """Between two different organisations of the workspace."""
    scope = _writer(request, Action.CREATE)
    data = _model_data(scope, payload.model_dump())
    relationship = _write(services.relationship_create, scope=scope, data=data)
    return Status(201, _tagged(response, relationship))


@relationships.get(
    "/{id}", response={200: RelationshipOut, **READ_PROBLEMS}, summary="Read a relationship"
)
def relationship_read(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> Relationship:
    """The `ETag` header carries the version, for `If-Match` on the next write."""
    return _tagged(response, selectors.relationship_get(scope=request_scope(request), id=id))


@relationships.patch(
    "/{id}", response={200: RelationshipOut, **WRITE_PROBLEMS}, summary="Change a relationship"
)
def relationship_update(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: RelationshipPatch
) -> Relationship:
    """Only the fields sent change. With `version` (or `If-Match`), a write based on an older
    version is refused with 409 and the fields changed since."""
    scope = _writer(request, Action.CHANGE)
    relationship = selectors.relationship_get(scope=scope, id=id)
    updated = _write(
        services.relationship_update,
        scope=scope,
        relationship=relationship,
        data=_changes(scope, payload),
        expected_version=if_match_version(request, payload.version),
    )
    return _tagged(response, updated)


@relationships.delete(
    "/{id}", response={204: None, **DELETE_PROBLEMS}, summary="Move a relationship to the trash"
)
def relationship_delete(
    request: HttpRequest, id: uuid.UUID, payload: Body[DeleteInput | None] = None
) -> Status[None]:
    """Owners and managers can restore it. `If-Match` (or a body with `version`)
    refuses a delete based on an older version."""
    scope = _writer(request, Action.DELETE)
    relationship = selectors.relationship_get(scope=scope, id=id)
    services.relationship_delete(
        scope=scope, relationship=relationship, expected_version=_delete_version(request, payload)
    )
    return Status(204, None)


@relationships.post(
    "/{id}/restore",
    response={200: RelationshipOut, **RESTORE_PROBLEMS},
    summary="Restore a relationship from the trash",
)
def relationship_restore(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID
) -> Relationship:
    """Owners and managers only."""
    scope = _writer(request, Action.RESTORE)
    relationship = get_in_scope(selectors.relationship_queryset(scope, deleted=True), id)
    return _tagged(response, services.relationship_restore(scope=scope, relationship=relationship))


routers: dict[str, Router] = {
    "/organizations": organizations,
    "/people": people,
    "/coordination-bodies": bodies,
    "/relationships": relationships,
}
