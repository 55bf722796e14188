"""The follow-ups endpoints: next steps from engagements, each owned by a member."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from enlace.api.resource import Resource, resource_router
from enlace.core.errors import Http404
from enlace.core.scoping import Scope
from enlace.engagements import selectors, services
from enlace.engagements.api.common import REFERENCES, changes, model_data, write
from enlace.engagements.models import FollowUp
from enlace.engagements.schemas import (
    FollowUpFilters,
    FollowUpIn,
    FollowUpOut,
    FollowUpPage,
    FollowUpPatch,
)
from enlace.stakeholders.schemas import DeleteInput, PatchInput


def _list(scope: Scope, filters: FollowUpFilters) -> QuerySet[FollowUp] | Sequence[FollowUp]:
    if filters.mine:
        return selectors.my_follow_ups(scope=scope)
    owner_pk = None
    if filters.owner_id is not None:
        _, resolve, _ = REFERENCES["owner_id"]
        try:
            owner_pk = resolve(scope, filters.owner_id).pk
        except Http404:
            return selectors.follow_up_queryset(scope).none()
    return selectors.follow_up_list(
        scope=scope,
        owner_id=owner_pk,
        status=filters.status or "",
        engagement_id=filters.engagement_id,
        organization_id=filters.organization_id,
        deleted=filters.deleted,
    )


def _create(scope: Scope, payload: FollowUpIn) -> FollowUp:
    # Without an owner, the service makes it the caller's.
    data = model_data(
        scope, payload.model_dump(exclude={"owner_id"} if payload.owner_id is None else set())
    )
    return write(services.follow_up_create, scope=scope, data=data)


def _update(
    scope: Scope, follow_up: FollowUp, payload: PatchInput, version: int | None
) -> FollowUp:
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    return write(
        services.follow_up_update,
        scope=scope,
        follow_up=follow_up,
        data=changes(scope, values),
        expected_version=version,
    )


def _delete(scope: Scope, follow_up: FollowUp, version: int | None) -> None:
    services.follow_up_delete(scope=scope, follow_up=follow_up, expected_version=version)


def _restore(scope: Scope, follow_up: FollowUp) -> FollowUp:
    return services.follow_up_restore(scope=scope, follow_up=follow_up)


FOLLOW_UPS: Resource[FollowUp] = Resource(
    app="engagements",
    name="follow_up",
    noun="a follow-up",
    plural="follow-ups",
    out=FollowUpOut,
    page=FollowUpPage,
    filters=FollowUpFilters,
    create_body=FollowUpIn,
    patch_body=FollowUpPatch,
    list=_list,
    create=_create,
    update=_update,
    delete=_delete,
    restore=_restore,
    get=selectors.follow_up_get,
    queryset=selectors.follow_up_queryset,
    list_doc=(
        "Paginated and filterable; `?deleted=true` lists the trash instead, and `?mine=true`\n"
        "your own open follow-ups, overdue first."
    ),
    create_doc="Owned by an active member of the workspace (`owner_id`: the user's `uuid`).",
    update_doc=(
        "Only the fields sent change; marking it done sets `done_on` to today unless sent, and\n"
        "reopening clears it. With `version` (or `If-Match`), a stale write answers 409."
    ),
)

router = resource_router(FOLLOW_UPS, tag="follow-ups", delete_body=DeleteInput)
