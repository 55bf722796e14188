"""The coordination bodies endpoints, with the member organisations of each body."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Status

from enlace.api.auth import if_match_version, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, REMOVE_PROBLEMS, WRITE_PROBLEMS
from enlace.api.resource import Resource, resource_router
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.stakeholders import selectors, services
from enlace.stakeholders.api.common import changes, model_data, operation_id, write
from enlace.stakeholders.models import BodyMembership, CoordinationBody
from enlace.stakeholders.schemas import (
    CoordinationBodyCreate,
    CoordinationBodyFilters,
    CoordinationBodyOut,
    CoordinationBodyPage,
    CoordinationBodyPatch,
    DeleteInput,
    MemberIn,
    MemberOut,
    MemberPatch,
)


def _list(scope: Scope, filters: CoordinationBodyFilters) -> QuerySet[CoordinationBody]:
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
    return selectors.coordination_body_with_members(queryset)


def _create(scope: Scope, payload: CoordinationBodyCreate) -> CoordinationBody:
    data = model_data(scope, payload.model_dump(exclude={"members"}))
    members: list[Mapping[str, Any]] = [
        model_data(scope, member.model_dump(), prefix=f"members.{i}.")
        for i, member in enumerate(payload.members)
    ]
    return write(services.coordination_body_create, scope=scope, data=data, members=members)


def _with_members(*, scope: Scope, id: Any) -> CoordinationBody:
    queryset = selectors.coordination_body_with_members(selectors.coordination_body_queryset(scope))
    return get_in_scope(queryset, id)


BODIES: Resource[CoordinationBody] = Resource(
    app="stakeholders",
    name="coordination_body",
    noun="a coordination body",
    plural="coordination bodies",
    out=CoordinationBodyOut,
    page=CoordinationBodyPage,
    filters=CoordinationBodyFilters,
    create_body=CoordinationBodyCreate,
    patch_body=CoordinationBodyPatch,
    list=_list,
    create=_create,
    get=selectors.coordination_body_get,
    queryset=selectors.coordination_body_queryset,
    patch_data=changes,
    update=lambda scope, body, data, version: write(
        services.coordination_body_update,
        scope=scope,
        body=body,
        data=data,
        expected_version=version,
    ),
    delete=lambda scope, body, version: services.coordination_body_delete(
        scope=scope, body=body, expected_version=version
    ),
    restore=lambda scope, body: services.coordination_body_restore(scope=scope, body=body),
    detail=_with_members,
    list_doc=(
        "Paginated and filterable, with their members; `?deleted=true` lists the trash instead."
    ),
    create_doc=(
        "`members` sets the member organisations at once; afterwards they change one by one under\n"
        "`/coordination-bodies/{id}/members`."
    ),
    read_doc=(
        "With its members. The `ETag` header carries the version, for `If-Match` on the next\n"
        "write."
    ),
    update_doc=(
        "Only the fields sent change; members change under `/coordination-bodies/{id}/members`.\n"
        "With `version` (or `If-Match`), a write based on an older version is refused with 409."
    ),
)

router = resource_router(BODIES, tag="coordination bodies", delete_body=DeleteInput)


def _member(scope: Scope, body_id: uuid.UUID, member_id: uuid.UUID) -> BodyMembership:
    body = selectors.coordination_body_get(scope=scope, id=body_id)
    return get_in_scope(selectors.body_membership_list(scope=scope, body=body), member_id)


@router.post(
    "/{id}/members",
    response={201: MemberOut, **ADD_PROBLEMS},
    summary="Add a member organisation",
    operation_id=operation_id("body_member_add"),
)
def body_member_add(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: MemberIn
) -> Status[BodyMembership]:
    """An organisation is a member once; change its role or dates with PATCH."""
    scope = write_scope(request, Action.CHANGE)
    body = selectors.coordination_body_get(scope=scope, id=id)
    member = write(
        services.body_membership_add,
        scope=scope,
        body=body,
        data=model_data(scope, payload.model_dump()),
    )
    return Status(201, tagged(response, member))


@router.patch(
    "/{id}/members/{member_id}",
    response={200: MemberOut, **WRITE_PROBLEMS},
    summary="Change a member's role or dates",
    operation_id=operation_id("body_member_update"),
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
    scope = write_scope(request, Action.CHANGE)
    member = _member(scope, id, member_id)
    updated = write(
        services.body_membership_update,
        scope=scope,
        membership=member,
        data=changes(scope, payload),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@router.delete(
    "/{id}/members/{member_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove a member organisation",
    operation_id=operation_id("body_member_remove"),
)
def body_member_remove(request: HttpRequest, id: uuid.UUID, member_id: uuid.UUID) -> Status[None]:
    """The membership is removed; its history is kept."""
    scope = write_scope(request, Action.CHANGE)
    services.body_membership_remove(scope=scope, membership=_member(scope, id, member_id))
    return Status(204, None)
