"""Request and response shapes of the follow-ups endpoints: next steps, each with an owner."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field

from enlace.engagements.models import FollowUp, FollowUpStatus
from enlace.engagements.schemas.common import FollowUpTitle
from enlace.stakeholders.schemas import Input, ListQuery, Notes, PageOut, RecordOut
from enlace.stakeholders.schemas.common import patch_schema

OWNER = "The owner's user id (`uuid`); they must be an active member of the workspace."


class FollowUpIn(Input):
    title: FollowUpTitle = Field(min_length=1)
    engagement_id: uuid.UUID | None = Field(None, description="The engagement it comes from.")
    owner_id: uuid.UUID | None = Field(None, description=f"{OWNER} You, when left out.")
    counterpart_organization_id: uuid.UUID | None = None
    due_date: dt.date | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN
    done_on: dt.date | None = Field(None, description="Today when it is marked done, unless sent.")
    notes: Notes = ""


FollowUpPatch = patch_schema(FollowUpIn, "FollowUpPatch")


class FollowUpOut(RecordOut):
    title: str
    engagement_id: uuid.UUID | None
    owner_id: uuid.UUID = Field(description=OWNER)
    counterpart_organization_id: uuid.UUID | None
    due_date: dt.date | None
    status: FollowUpStatus
    done_on: dt.date | None
    notes: str

    @staticmethod
    def resolve_owner_id(obj: FollowUp) -> uuid.UUID:
        owner_uuid: uuid.UUID = obj.owner.uuid
        return owner_uuid


class FollowUpPage(PageOut):
    items: list[FollowUpOut]


class FollowUpFilters(ListQuery):
    owner_id: uuid.UUID | None = Field(None, description="The owner's user id (`uuid`).")
    status: FollowUpStatus | None = None
    engagement_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = Field(None, description="The counterpart organisation.")
    mine: bool = Field(
        False, description="Only your own open follow-ups, overdue first, then by due date."
    )
