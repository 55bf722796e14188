"""Request and response shapes of an engagement's participants, reach readings and attachments."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema
from pydantic import model_validator

from enlace.engagements.models import (
    MAX_REACH_VALUE,
    AttachmentKind,
    Participant,
    ParticipantRole,
    ReachMetric,
    ReachSource,
)
from enlace.engagements.schemas.common import Note
from enlace.stakeholders.schemas import Input, PageOut

TARGETS = ("person_id", "organization_id", "coordination_body_id", "member_id")


class ParticipantIn(Input):
    """Exactly one of the four: a person, an organisation, a coordination body, or one of us."""

    person_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    coordination_body_id: uuid.UUID | None = None
    member_id: uuid.UUID | None = Field(
        None, description="One of our representatives: a membership of this workspace."
    )
    role: ParticipantRole

    @model_validator(mode="after")
    def _exactly_one_target(self) -> ParticipantIn:
        if sum(getattr(self, name) is not None for name in TARGETS) != 1:
            raise ValueError(f"Send exactly one of {', '.join(TARGETS)}.")
        return self


class ParticipantOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID | None
    organization_id: uuid.UUID | None
    coordination_body_id: uuid.UUID | None
    member_id: uuid.UUID | None
    name: str = Field(description="The person's, organisation's, body's or member's name.")
    role: ParticipantRole
    version: int

    @staticmethod
    def resolve_name(obj: Participant) -> str:
        if obj.member_id is not None:
            user = obj.member.user  # type: ignore[union-attr]
            return str(getattr(user, "full_name", "") or user)
        return str(obj.target)


class ParticipantPage(PageOut):
    items: list[ParticipantOut]


class ReachIn(Input):
    metric: ReachMetric
    value: int = Field(ge=0, le=MAX_REACH_VALUE)
    as_of: dt.date = Field(description="Not in the future, nor before the engagement starts.")
    source: ReachSource = ReachSource.MANUAL
    note: Note = ""


class ReachOut(Schema):
    id: uuid.UUID
    metric: ReachMetric
    value: int
    as_of: dt.date
    source: ReachSource
    note: str
    created_at: dt.datetime


class AttachmentOut(Schema):
    id: uuid.UUID
    kind: AttachmentKind
    original_name: str = Field(description="The uploaded file's name, for display.")
    content_type: str
    size: int = Field(description="Bytes.")
    created_at: dt.datetime
    version: int
