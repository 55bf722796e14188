"""The organisations endpoints: the registry's institutions and their units."""

from __future__ import annotations

from django.db.models import QuerySet

from enlace.api.resource import Resource, resource_router
from enlace.core.scoping import Scope
from enlace.stakeholders import selectors, services
from enlace.stakeholders.api.common import changes, model_data, write
from enlace.stakeholders.models import Organization
from enlace.stakeholders.schemas import (
    DeleteInput,
    OrganizationCreate,
    OrganizationFilters,
    OrganizationOut,
    OrganizationPage,
    OrganizationPatch,
)


def _list(scope: Scope, filters: OrganizationFilters) -> QuerySet[Organization]:
    return selectors.organization_list(
        scope=scope,
        q=filters.q,
        country=filters.country,
        kind=filters.kind or "",
        tag=filters.tag,
        parent_id=filters.parent_id,
        ordering=filters.ordering,
        deleted=filters.deleted,
    )


def _create(scope: Scope, payload: OrganizationCreate) -> Organization:
    data = model_data(scope, payload.model_dump(exclude={"allow_duplicate"}))
    return write(
        services.organization_create,
        scope=scope,
        data=data,
        allow_duplicate=payload.allow_duplicate,
    )


ORGANIZATIONS: Resource[Organization] = Resource(
    app="stakeholders",
    name="organization",
    noun="an organisation",
    plural="organisations",
    out=OrganizationOut,
    page=OrganizationPage,
    filters=OrganizationFilters,
    create_body=OrganizationCreate,
    patch_body=OrganizationPatch,
    list=_list,
    create=_create,
    get=selectors.organization_get,
    queryset=selectors.organization_queryset,
    patch_data=changes,
    update=lambda scope, organization, data, version: write(
        services.organization_update,
        scope=scope,
        organization=organization,
        data=data,
        expected_version=version,
    ),
    delete=lambda scope, organization, version: services.organization_delete(
        scope=scope, organization=organization, expected_version=version
    ),
    restore=lambda scope, organization: services.organization_restore(
        scope=scope, organization=organization
    ),
    checks_duplicates=True,
    create_doc=(
        "A name close to an existing organisation's answers 409 with the matches, unless\n"
        "`allow_duplicate` is true."
    ),
)

router = resource_router(ORGANIZATIONS, tag="organizations", delete_body=DeleteInput)
