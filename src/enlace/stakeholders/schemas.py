"""Request and response shapes of the registry API: the models' field names, types and limits."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.db import models
from django_countries import countries
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, ValidationInfo, field_validator

from enlace.core.fields import TAG_MAX
from enlace.stakeholders.models import (
    BodyKind,
    BodyMembership,
    BodyRole,
    BodyScope,
    ConsentMethod,
    CoordinationBody,
    Discipline,
    Organization,
    OrganizationKind,
    RelationshipKind,
    RelationshipStatus,
)

NOTES_MAX = 20000  # TextField's max_length is not enforced by Django: it is enforced here.
LIST_MAX = 50


def _text(value: str) -> str:
    # PostgreSQL refuses NUL and lone surrogates with an error, not a validation message.
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("Text must be valid Unicode.") from exc
    return value


def _country(value: str) -> str:
    code = value.strip().upper()
    if code and (len(code) != 2 or not countries.name(code)):
        raise ValueError("Unknown country: use an ISO 3166-1 alpha-2 code such as 'CL'.")
    return code


Name = Annotated[str, Field(max_length=200), AfterValidator(_text)]
Acronym = Annotated[str, Field(max_length=30), AfterValidator(_text)]
Place = Annotated[str, Field(max_length=120), AfterValidator(_text)]
Website = Annotated[str, Field(max_length=300), AfterValidator(_text)]
Email = Annotated[str, Field(max_length=254), AfterValidator(_text)]
Phone = Annotated[str, Field(max_length=40), AfterValidator(_text)]
Notes = Annotated[str, Field(max_length=NOTES_MAX), AfterValidator(_text)]
Tag = Annotated[str, Field(max_length=TAG_MAX), AfterValidator(_text)]
Tags = Annotated[list[Tag], Field(max_length=LIST_MAX)]
SearchText = Annotated[str, Field(max_length=200), AfterValidator(_text)]
Country = Annotated[
    str,
    Field(max_length=2, description="ISO 3166-1 alpha-2 code, e.g. `CL`; empty for none."),
    AfterValidator(_country),
]
Version = Annotated[
    int,
    Field(
        ge=1,
        le=2**31 - 1,
        description=(
            "The `version` you read. If the record changed since, the write is refused with 409 "
            "and the changed fields. The `If-Match` header (the read's ETag) does the same."
        ),
    ),
]


def _unset() -> Any:
    """The default of a PATCH field: absent, and not validated (see PatchInput)."""
    return Field(None, description="Leave out to keep the current value.")


OrganizationOrdering = Literal[
    "name", "-name", "country", "-country", "kind", "-kind", "updated", "-updated"
]
PersonOrdering = Literal["name", "-name", "organization", "-organization", "updated", "-updated"]
BodyOrdering = OrganizationOrdering
RelationshipOrdering = Literal[
    "created",
    "-created",
    "since",
    "-since",
    "kind",
    "-kind",
    "status",
    "-status",
    "updated",
    "-updated",
]


class Input(Schema):
    """A request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class PatchInput(Input):
    """A PATCH body changes only the fields it sends.

    Fields that cannot be empty are declared without `None` and default to `None` unvalidated, so
    that leaving one out keeps it while sending `null` for it is a type error.
    """

    version: Version | None = None


class DeleteInput(Input):
    """An optional DELETE body: the version the delete is based on."""

    version: Version | None = None


class ListQuery(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(50, ge=1, description="Rows per page (at most 200).")
    q: SearchText = Field("", description="Search: case and accents are ignored.")
    deleted: bool = Field(
        False, description="List the trash instead (owners and managers; others get 403)."
    )

    model_config = ConfigDict(use_enum_values=True)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_means_absent(cls, value: Any, info: ValidationInfo) -> Any:
        # `?kind=` from a form means "any kind", not "the kind named ''".
        if value == "" and info.field_name is not None:
            return cls.model_fields[info.field_name].default
        return value


class RecordOut(Schema):
    id: uuid.UUID
    version: int = Field(description="Send it back (or the ETag as If-Match) when you write.")
    created_at: dt.datetime
    updated_at: dt.datetime
    deleted_at: dt.datetime | None = Field(description="When it went to the trash, if it did.")


class PageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    next: int | None
    previous: int | None


# Organisations


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


class OrganizationPatch(PatchInput):
    name: Name = _unset()
    acronym: Acronym = _unset()
    kind: OrganizationKind = _unset()
    country: Country = _unset()
    region: Place = _unset()
    city: Place = _unset()
    parent_id: uuid.UUID | None = _unset()
    website: Website = _unset()
    tags: Tags = _unset()
    notes: Notes = _unset()


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

    @staticmethod
    def resolve_country(obj: Organization) -> str:
        return str(obj.country.code or "")


class OrganizationPage(PageOut):
    items: list[OrganizationOut]


class OrganizationFilters(ListQuery):
    country: Country = ""
    kind: OrganizationKind | None = None
    tag: Tag = ""
    parent_id: uuid.UUID | None = Field(None, description="Units of this organisation.")
    ordering: OrganizationOrdering = "name"


# People


def _blank_or(choices: type[models.TextChoices]) -> Callable[[str], str]:
    allowed = ["", *choices.values]

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"Input should be one of: {', '.join(map(repr, allowed))}.")
        return value

    return check


# One type, not a union with "", so that a wrong value gets one message under the field's name.
DisciplineValue = Annotated[
    str,
    AfterValidator(_blank_or(Discipline)),
    Field(json_schema_extra={"enum": ["", *Discipline.values]}),
]
ConsentMethodValue = Annotated[
    str,
    AfterValidator(_blank_or(ConsentMethod)),
    Field(json_schema_extra={"enum": ["", *ConsentMethod.values]}),
]


class PersonIn(Input):
    full_name: Name
    position: Name = ""
    organization_id: uuid.UUID | None = None
    discipline: DisciplineValue = ""
    email: Email = ""
    phone: Phone = ""
    languages: Tags = Field(default_factory=list)
    may_contact: bool = False
    may_name_publicly: bool = False
    may_photograph: bool = False
    consent_date: dt.date | None = Field(None, description="Required with any `may_*` consent.")
    consent_method: ConsentMethodValue = Field("", description="Required with any consent.")
    lived_experience: bool = Field(
        False, description="Owners and managers only; such people are invisible to other roles."
    )
    tags: Tags = Field(default_factory=list)
    notes: Notes = ""


class PersonCreate(PersonIn):
    allow_duplicate: bool = Field(
        False, description="Create even if the name closely matches an existing person."
    )


class PersonPatch(PatchInput):
    full_name: Name = _unset()
    position: Name = _unset()
    organization_id: uuid.UUID | None = _unset()
    discipline: DisciplineValue = _unset()
    email: Email = _unset()
    phone: Phone = _unset()
    languages: Tags = _unset()
    may_contact: bool = _unset()
    may_name_publicly: bool = _unset()
    may_photograph: bool = _unset()
    consent_date: dt.date | None = _unset()
    consent_method: ConsentMethodValue = _unset()
    lived_experience: bool = _unset()
    tags: Tags = _unset()
    notes: Notes = _unset()


class PersonOut(RecordOut):
    full_name: str
    position: str
    organization_id: uuid.UUID | None
    discipline: DisciplineValue
    email: str
    phone: str
    languages: list[str]
    may_contact: bool
    may_name_publicly: bool
    may_photograph: bool
    consent_date: dt.date | None
    consent_method: ConsentMethodValue
    lived_experience: bool
    tags: list[str]
    notes: str


class PersonPage(PageOut):
    items: list[PersonOut]


class PersonFilters(ListQuery):
    organization_id: uuid.UUID | None = None
    discipline: Discipline | None = None
    country: Country = Field("", description="The country of the person's organisation.")
    tag: Tag = ""
    ordering: PersonOrdering = "name"


# Coordination bodies


class MemberIn(Input):
    organization_id: uuid.UUID
    role: BodyRole
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class MemberPatch(PatchInput):
    role: BodyRole = _unset()
    start_date: dt.date | None = _unset()
    end_date: dt.date | None = _unset()


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


class CoordinationBodyPatch(PatchInput):
    name: Name = _unset()
    acronym: Acronym = _unset()
    kind: BodyKind = _unset()
    scope: BodyScope = _unset()
    country: Country = _unset()
    chair_organization_id: uuid.UUID | None = _unset()
    tags: Tags = _unset()
    notes: Notes = _unset()


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

    @staticmethod
    def resolve_country(obj: CoordinationBody) -> str:
        return str(obj.country.code or "")

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


# Relationships


class RelationshipIn(Input):
    from_organization_id: uuid.UUID
    to_organization_id: uuid.UUID
    kind: RelationshipKind
    status: RelationshipStatus = RelationshipStatus.ACTIVE
    since: dt.date | None = None
    notes: Notes = ""


class RelationshipPatch(PatchInput):
    from_organization_id: uuid.UUID = _unset()
    to_organization_id: uuid.UUID = _unset()
    kind: RelationshipKind = _unset()
    status: RelationshipStatus = _unset()
    since: dt.date | None = _unset()
    notes: Notes = _unset()


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
