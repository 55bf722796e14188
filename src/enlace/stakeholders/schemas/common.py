"""What every registry schema is made of: checked text and field types, and the base shapes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django_countries import countries
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, ValidationInfo, create_model, field_validator
from pydantic.fields import FieldInfo

from enlace.api.pagination import PageMeta
from enlace.core.fields import TAG_MAX

NOTES_MAX = 20000  # TextField's max_length is not enforced by Django: it is enforced here.
LIST_MAX = 50
LEAVE_OUT = "Leave out to keep the current value."


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

# Each ordering mirrors its selector's table of orderings (a test holds them together).
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


def unset() -> Any:
    """The default of a PATCH field: absent, and not validated (see PatchInput)."""
    return Field(None, description=LEAVE_OUT)


class Input(Schema):
    """A request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class PatchInput(Input):
    """A PATCH body changes only the fields it sends.

    Fields that cannot be empty are declared without `None` and default to `None` unvalidated, so
    that leaving one out keeps it while sending `null` for it is a type error.
    """

    version: Version | None = None


def patch_schema(body: type[Input], name: str) -> type[PatchInput]:
    """The PATCH body of a resource: the fields of its create body, each of them optional.

    Derived rather than written out so that the two bodies cannot drift apart. A field keeps its
    type, limits and validators; only its default (`None`, unvalidated) and description change.
    """
    fields: dict[str, Any] = {}
    for field_name, info in body.model_fields.items():
        field = FieldInfo(
            default=None, description=LEAVE_OUT, json_schema_extra=info.json_schema_extra
        )
        field.metadata = list(info.metadata)
        fields[field_name] = (info.annotation, field)
    return create_model(name, __base__=PatchInput, __module__=body.__module__, **fields)


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


# A page of any resource: the pagination module's meta, plus the resource's `items`.
PageOut = PageMeta


def country_code(obj: Any) -> str:
    """A record's country as the API sends it: the ISO code, or "" for none."""
    return str(obj.country.code or "")
