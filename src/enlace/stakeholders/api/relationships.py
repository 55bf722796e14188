"""The relationships endpoints: typed links (partner, funder, MoU...) between organisations."""

from __future__ import annotations

from django.db.models import QuerySet

from enlace.api.resource import Resource, resource_router
from enlace.core.scoping import Scope
from enlace.stakeholders import selectors, services
from enlace.stakeholders.api.common import changes, model_data, write
from enlace.stakeholders.models import Relationship
from enlace.stakeholders.schemas import (
    DeleteInput,
    RelationshipFilters,
    RelationshipIn,
    RelationshipOut,
    RelationshipPage,
    RelationshipPatch,
)


def _list(scope: Scope, filters: RelationshipFilters) -> QuerySet[Relationship]:
    return selectors.relationship_list(
        scope=scope,
        q=filters.q,
        organization_id=filters.organization_id,
        kind=filters.kind or "",
        status=filters.status or "",
        ordering=filters.ordering,
        deleted=filters.deleted,
    )


def _create(scope: Scope, payload: RelationshipIn) -> Relationship:
    return write(
        services.relationship_create, scope=scope, data=model_data(scope, payload.model_dump())
    )


RELATIONSHIPS: Resource[Relationship] = Resource(
    app="stakeholders",
    name="relationship",
    noun="a relationship",
    plural="relationships",
    out=RelationshipOut,
    page=RelationshipPage,
    filters=RelationshipFilters,
    create_body=RelationshipIn,
    patch_body=RelationshipPatch,
    list=_list,
    create=_create,
    get=selectors.relationship_get,
    queryset=selectors.relationship_queryset,
    patch_data=changes,
    update=lambda scope, relationship, data, version: write(
        services.relationship_update,
        scope=scope,
        relationship=relationship,
        data=data,
        expected_version=version,
    ),
    delete=lambda scope, relationship, version: services.relationship_delete(
        scope=scope, relationship=relationship, expected_version=version
    ),
    restore=lambda scope, relationship: services.relationship_restore(
        scope=scope, relationship=relationship
    ),
    create_doc="Between two different organisations of the workspace.",
)

router = resource_router(RELATIONSHIPS, tag="relationships", delete_body=DeleteInput)
