"""Request and response shapes of the curricula endpoints, with their ordered modules."""

from __future__ import annotations

import uuid
from typing import Any

from ninja import Field, Schema

from enlace.learning.models import Curriculum, Module
from enlace.learning.schemas.common import (
    Edition,
    Language,
    Minutes,
    Notes,
    Objectives,
    Position,
    Title,
)
from enlace.stakeholders.schemas import LIST_MAX, Input, ListQuery, PageOut, PatchInput, RecordOut
from enlace.stakeholders.schemas.common import patch_schema

EDITION = (
    "The curriculum's own version label, such as `2.1`. (`version` is the record's concurrency "
    "counter, as on every record of this API.)"
)


class ModuleIn(Input):
    title: Title = Field(min_length=1)
    objectives: Objectives = Field("", description="The learning objectives, one per line.")
    duration_minutes: Minutes = 60
    position: Position = None


_ModuleFields: type[PatchInput] = patch_schema(ModuleIn, "ModulePatchFields")


class ModulePatch(_ModuleFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change."""


class ModuleOut(Schema):
    id: uuid.UUID
    position: int
    title: str
    objectives: str
    objective_list: list[str] = Field(description="`objectives`, one entry a line.")
    duration_minutes: int
    version: int

    @staticmethod
    def resolve_objective_list(obj: Module) -> list[str]:
        return obj.objective_list


class ModuleOrderIn(Input):
    order: list[uuid.UUID] = Field(
        max_length=LIST_MAX * 4, description="Every live module's `id`, in the new order."
    )


class CurriculumIn(Input):
    title: Title = Field(min_length=1)
    language: Language = "es"
    edition: Edition = Field("1.0", description=EDITION)
    description: Notes = ""


class CurriculumCreate(CurriculumIn):
    modules: list[ModuleIn] = Field(
        default_factory=list,
        max_length=LIST_MAX,
        description=(
            "Its modules, in order; afterwards they change under `/curricula/{id}/modules`."
        ),
    )


CurriculumPatch = patch_schema(CurriculumIn, "CurriculumPatch")


class CurriculumOut(RecordOut):
    title: str
    language: str
    edition: str = Field(description=EDITION)
    description: str
    modules: list[ModuleOut] = Field(description="The live modules, in order.")
    duration_minutes: int = Field(description="The sum of its modules' minutes.")

    # Read for a whole page at once (enlace.learning.api.curricula): never a query per row.
    @staticmethod
    def resolve_modules(obj: Curriculum) -> Any:
        return obj.live_modules  # type: ignore[attr-defined]

    @staticmethod
    def resolve_duration_minutes(obj: Curriculum) -> int:
        return sum(m.duration_minutes for m in obj.live_modules)  # type: ignore[attr-defined]


class CurriculumPage(PageOut):
    items: list[CurriculumOut]


class CurriculumFilters(ListQuery):
    pass
