"""Request and response shapes of the people endpoints, consent included."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Annotated

from django.db import models
from ninja import Field
from pydantic import AfterValidator

from enlace.stakeholders.models import ConsentMethod, Discipline, Sex
from enlace.stakeholders.schemas.common import (
    Country,
    Email,
    Input,
    ListQuery,
    Name,
    Notes,
    PageOut,
    PersonOrdering,
    Phone,
    RecordOut,
    Tag,
    Tags,
    patch_schema,
)


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
SexValue = Annotated[
    str,
    AfterValidator(_blank_or(Sex)),
    Field(json_schema_extra={"enum": ["", *Sex.values]}),
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
    sex: SexValue = ""
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


PersonPatch = patch_schema(PersonIn, "PersonPatch")


class PersonOut(RecordOut):
    full_name: str
    position: str
    organization_id: uuid.UUID | None
    discipline: DisciplineValue
    sex: SexValue
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
