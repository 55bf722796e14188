"""Request and response shapes of a training's enrolments and its attendance grid."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from enlace.learning.models import (
    MAX_YEARS_IN_FIELD,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    ExperienceLevel,
)
from enlace.learning.schemas.common import MAX_MARKS
from enlace.stakeholders.schemas import Input, PageOut, PatchInput, RecordOut
from enlace.stakeholders.schemas.common import patch_schema

STATUS = (
    "`invited`, `enrolled` or `withdrawn`. `completed` is never sent: it is computed from "
    "attendance and the post-test (see the training's `min_attendance_percent`)."
)


class EnrollmentFields(Input):
    status: EnrollmentStatus = Field(EnrollmentStatus.ENROLLED, description=STATUS)
    experience_level: ExperienceLevel = Field(
        ExperienceLevel.NONE, description="Experience at intake."
    )
    years_in_field: int | None = Field(None, ge=0, le=MAX_YEARS_IN_FIELD)
    enrolled_on: dt.date | None = Field(None, description="Today when left out.")


class EnrollmentIn(EnrollmentFields):
    person_id: uuid.UUID = Field(description="A person of the registry, enrolled once.")


_EnrollmentFields: type[PatchInput] = patch_schema(EnrollmentFields, "EnrollmentPatchFields")


class EnrollmentPatch(_EnrollmentFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change; the person of an enrolment does not."""


class EnrollmentFilters(Schema):
    deleted: bool = Field(
        False, description="List the trash instead (owners and managers; others get 403)."
    )


class EnrollmentOut(RecordOut):
    person_id: uuid.UUID
    name: str = Field(description="The person's name.")
    organization_id: uuid.UUID | None = Field(description="The person's organisation.")
    status: EnrollmentStatus
    experience_level: ExperienceLevel
    years_in_field: int | None
    enrolled_on: dt.date

    @staticmethod
    def resolve_name(obj: Enrollment) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_organization_id(obj: Enrollment) -> uuid.UUID | None:
        organization_id: uuid.UUID | None = obj.person.organization_id
        return organization_id


class EnrollmentPage(PageOut):
    items: list[EnrollmentOut]


class MarkIn(Input):
    session_id: uuid.UUID
    enrollment_id: uuid.UUID
    status: AttendanceStatus | None = Field(description="`null` clears the mark.")


class AttendanceIn(Input):
    marks: list[MarkIn] = Field(max_length=MAX_MARKS)


class AttendanceSessionOut(Schema):
    id: uuid.UUID
    position: int
    date: dt.date
    title: str


class AttendanceRowOut(Schema):
    enrollment_id: uuid.UUID
    person_id: uuid.UUID
    name: str
    status: EnrollmentStatus
    marks: dict[str, AttendanceStatus] = Field(description="session id -> mark.")
    attended: int = Field(description="Sessions attended (present or late).")
    percent: float | None = Field(description="Attended over live sessions; null without any.")


class AttendanceGridOut(Schema):
    sessions: list[AttendanceSessionOut]
    rows: list[AttendanceRowOut]


class AttendanceSetOut(AttendanceGridOut):
    changed: int = Field(description="How many marks the request changed.")
