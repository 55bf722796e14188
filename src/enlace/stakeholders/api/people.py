"""The people endpoints: contacts, their organisation and their consent."""

from __future__ import annotations

from django.db.models import QuerySet

from enlace.api.resource import Resource, resource_router
from enlace.core.scoping import Scope
from enlace.stakeholders import selectors, services
from enlace.stakeholders.api.common import changes, model_data, write
from enlace.stakeholders.models import Person
from enlace.stakeholders.schemas import (
    DeleteInput,
    PersonCreate,
    PersonFilters,
    PersonOut,
    PersonPage,
    PersonPatch,
)


def _list(scope: Scope, filters: PersonFilters) -> QuerySet[Person]:
    return selectors.person_list(
        scope=scope,
        q=filters.q,
        organization_id=filters.organization_id,
        discipline=filters.discipline or "",
        country=filters.country,
        tag=filters.tag,
        ordering=filters.ordering,
        deleted=filters.deleted,
    )


def _create(scope: Scope, payload: PersonCreate) -> Person:
    data = model_data(scope, payload.model_dump(exclude={"allow_duplicate"}))
    return write(
        services.person_create, scope=scope, data=data, allow_duplicate=payload.allow_duplicate
    )


PEOPLE: Resource[Person] = Resource(
    app="stakeholders",
    name="person",
    noun="a person",
    plural="people",
    out=PersonOut,
    page=PersonPage,
    filters=PersonFilters,
    create_body=PersonCreate,
    patch_body=PersonPatch,
    list=_list,
    create=_create,
    get=selectors.person_get,
    queryset=selectors.person_queryset,
    patch_data=changes,
    update=lambda scope, person, data, version: write(
        services.person_update, scope=scope, person=person, data=data, expected_version=version
    ),
    delete=lambda scope, person, version: services.person_delete(
        scope=scope, person=person, expected_version=version
    ),
    restore=lambda scope, person: services.person_restore(scope=scope, person=person),
    checks_duplicates=True,
    list_doc=(
        "Paginated and filterable; `?deleted=true` lists the trash instead. People with lived\n"
        "experience are listed to owners and managers only."
    ),
    create_doc=(
        "A name close to an existing person's answers 409 with the matches, unless\n"
        "`allow_duplicate` is true. Consent (`may_*`) needs `consent_date` and `consent_method`."
    ),
    delete_doc=(
        "Owners and managers can restore them. `If-Match` (or a body with `version`)\n"
        "refuses a delete based on an older version."
    ),
)

router = resource_router(PEOPLE, tag="people", delete_body=DeleteInput)
