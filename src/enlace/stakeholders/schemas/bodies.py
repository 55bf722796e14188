"""Request and response shapes of the coordination bodies endpoints and their members."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema
from pydantic import field_validator

from enlace.stakeholders.models import (
    BodyKind,
    BodyMembership,
    BodyRole,
    BodyScope,
    CoordinationBody,
)
from enlace.stakeholders.schemas.common import (
    Acronym,
    BodyOrdering,
    Country,
    Input,
    ListQuery,
    Name,
    Notes,
    PageOut,
    PatchInput,
    RecordOut,
    Tag,
    Tags,
    country_code,
    patch_schema,
    unset,
)


class MemberIn(Input):
    organization_id: uuid.UUID
    role: BodyRole
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class MemberPatch(PatchInput):
    # Not derived from MemberIn: a membership cannot move to another organisation.
    role: BodyRole = unset()
    start_date: dt.date | None = unset()
    end_date: dt.date | None = unset()


class MemberOut(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    organization_name: str
    role: BodyRole
    start_date: dt.date | None
    end_date: dt.date | None
    version: int

    @staticmethod
    def resolve_organization_name(obj: BodyMembership) -> str:
        return obj.organization.name


class CoordinationBodyIn(Input):
    name: Name
    acronym: Acronym = ""
    kind: BodyKind
    scope: BodyScope
    country: Country = Field("", description="Required for a local or national body.")
    chair_organization_id: uuid.UUID | None = None
    tags: Tags = Field(default_factory=list)
    notes: Notes = ""


class CoordinationBodyCreate(CoordinationBodyIn):
    members: list[MemberIn] = Field(
        default_factory=list,
        max_length=200,
        description=(
            "Member organisations, set on create. Afterwards, change them one by one under "
            "`/coordination-bodies/{id}/members`."
        ),
    )

    @field_validator("members")
    @classmethod
    def _each_organization_once(cls, members: list[MemberIn]) -> list[MemberIn]:
        ids = [m.organization_id for m in members]
        if len(ids) != len(set(ids)):
            raise ValueError("An organisation is listed more than once.")
        return members


CoordinationBodyPatch = patch_schema(CoordinationBodyIn, "CoordinationBodyPatch")


class CoordinationBodyOut(RecordOut):
    name: str
    acronym: str
    kind: BodyKind
    scope: BodyScope
    country: str
    chair_organization_id: uuid.UUID | None
    tags: list[str]
    notes: str
    members: list[MemberOut]

    resolve_country = staticmethod(country_code)

    @staticmethod
    def resolve_members(obj: CoordinationBody) -> list[BodyMembership]:
        # Always prefetched (selectors.coordination_body_with_members): never a query per row.
        members: list[BodyMembership] = obj.live_members  # type: ignore[attr-defined]
        return members


class CoordinationBodyPage(PageOut):
    items: list[CoordinationBodyOut]


class CoordinationBodyFilters(ListQuery):
    country: Country = ""
    kind: BodyKind | None = None
    scope: BodyScope | None = None
    tag: Tag = ""
    organization_id: uuid.UUID | None = Field(None, description="Bodies this one is a member of.")
    ordering: BodyOrdering = "name"
