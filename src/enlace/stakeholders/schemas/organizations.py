"""Request and response shapes of the organisations endpoints."""

from __future__ import annotations

import uuid

from ninja import Field

from enlace.stakeholders.models import OrganizationKind
from enlace.stakeholders.schemas.common import (
    Acronym,
    Country,
    Input,
    ListQuery,
    Name,
    Notes,
    OrganizationOrdering,
    PageOut,
    Place,
    RecordOut,
    Tag,
    Tags,
    Website,
    country_code,
    patch_schema,
)


class OrganizationIn(Input):
    name: Name
    acronym: Acronym = ""
    kind: OrganizationKind
    country: Country = ""
    region: Place = ""
    city: Place = ""
    parent_id: uuid.UUID | None = Field(None, description="The organisation this one is part of.")
    website: Website = ""
    tags: Tags = Field(default_factory=list)
    notes: Notes = ""


class OrganizationCreate(OrganizationIn):
    allow_duplicate: bool = Field(
        False, description="Create even if the name closely matches an existing organisation."
    )


OrganizationPatch = patch_schema(OrganizationIn, "OrganizationPatch")


class OrganizationOut(RecordOut):
    name: str
    acronym: str
    kind: OrganizationKind
    country: str
    region: str
    city: str
    parent_id: uuid.UUID | None
    website: str
    tags: list[str]
    notes: str

    resolve_country = staticmethod(country_code)


class OrganizationPage(PageOut):
    items: list[OrganizationOut]


class OrganizationFilters(ListQuery):
    country: Country = ""
    kind: OrganizationKind | None = None
    tag: Tag = ""
    parent_id: uuid.UUID | None = Field(None, description="Units of this organisation.")
    ordering: OrganizationOrdering = "name"
