"""Request and response shapes of the relationships endpoints: links between organisations."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field

from enlace.stakeholders.models import RelationshipKind, RelationshipStatus
from enlace.stakeholders.schemas.common import (
    Input,
    ListQuery,
    Notes,
    PageOut,
    RecordOut,
    RelationshipOrdering,
    patch_schema,
)


class RelationshipIn(Input):
    from_organization_id: uuid.UUID
    to_organization_id: uuid.UUID
    kind: RelationshipKind
    status: RelationshipStatus = RelationshipStatus.ACTIVE
    since: dt.date | None = None
    notes: Notes = ""


RelationshipPatch = patch_schema(RelationshipIn, "RelationshipPatch")


class RelationshipOut(RecordOut):
    from_organization_id: uuid.UUID
    to_organization_id: uuid.UUID
    kind: RelationshipKind
    status: RelationshipStatus
    since: dt.date | None
    notes: str


class RelationshipPage(PageOut):
    items: list[RelationshipOut]


class RelationshipFilters(ListQuery):
    organization_id: uuid.UUID | None = Field(None, description="Either end is this organisation.")
    kind: RelationshipKind | None = None
    status: RelationshipStatus | None = None
    ordering: RelationshipOrdering = "-created"
