"""Request and response shapes of a training's settings, sessions and instruments (its pre-test,
post-test and follow-up)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from ninja import Field, Schema
from pydantic import AwareDatetime

from enlace.learning.models import (
    DEFAULT_MIN_ATTENDANCE,
    Phase,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.schemas.common import Minutes, Position, Title
from enlace.stakeholders.schemas import Input, PatchInput
from enlace.stakeholders.schemas.common import patch_schema, unset

COMPLETION = (
    "Completion is computed, never typed: an enrolled participant completes when the sessions "
    "attended (present or late) are at least `min_attendance_percent` of the live sessions and, "
    "with `require_post_test` and a post-test attached, a post-test response exists."
)


class TrainingPatch(PatchInput):
    curriculum_id: uuid.UUID | None = unset()
    min_attendance_percent: Annotated[int, Field(ge=0, le=100)] = unset()
    require_post_test: bool = unset()


class TrainingOut(Schema):
    id: uuid.UUID | None = Field(description="null until the first write creates the training.")
    engagement_id: uuid.UUID
    curriculum_id: uuid.UUID | None
    min_attendance_percent: int = Field(DEFAULT_MIN_ATTENDANCE, description=COMPLETION)
    require_post_test: bool
    version: int | None = Field(description="null until the first write creates the training.")


class SessionIn(Input):
    date: dt.date = Field(description="Within the engagement's dates.")
    title: Title = Field("", description="The modules' titles when left blank.")
    module_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=50,
        description="The modules it covers: of the training's curriculum or any live module.",
    )
    facilitator_id: uuid.UUID | None = Field(None, description="A person of the registry.")
    duration_minutes: Minutes | None = Field(
        None, description="The sum of its modules' minutes when left out (0 without modules)."
    )
    position: Position = None


_SessionFields: type[PatchInput] = patch_schema(SessionIn, "SessionPatchFields")


class SessionPatch(_SessionFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change; `module_ids`, when sent, replaces the modules."""


class SessionOut(Schema):
    id: uuid.UUID
    position: int
    date: dt.date
    title: str
    module_ids: list[uuid.UUID]
    facilitator_id: uuid.UUID | None
    duration_minutes: int
    version: int

    # The modules and the facilitator are prefetched by the selector (session_list): no query
    # per session. A facilitator the asker may not see reads as None there, and so here.
    @staticmethod
    def resolve_module_ids(obj: TrainingSession) -> list[uuid.UUID]:
        return [m.pk for m in obj.modules.all()]

    @staticmethod
    def resolve_facilitator_id(obj: TrainingSession) -> uuid.UUID | None:
        facilitator = obj.facilitator
        return None if facilitator is None else facilitator.pk


class InstrumentIn(Input):
    assessment_id: uuid.UUID
    phase: Phase = Field(description="One live instrument a phase.")
    closes_at: AwareDatetime | None = Field(
        None,
        description="Personal links stop accepting answers then; staff may still enter paper "
        "tests. With a time zone offset.",
    )


class InstrumentPatch(PatchInput):
    closes_at: AwareDatetime | None = unset()


class InstrumentOut(Schema):
    id: uuid.UUID
    phase: Phase
    assessment_id: uuid.UUID
    assessment_title: str
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None = Field(description="When staff closed it, if they did.")
    open: bool = Field(description="Not closed by staff and `closes_at` not passed.")
    version: int

    @staticmethod
    def resolve_assessment_title(obj: TrainingInstrument) -> str:
        return obj.assessment.title

    @staticmethod
    def resolve_open(obj: TrainingInstrument) -> bool:
        return obj.is_open()
