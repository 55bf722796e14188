"""Request and response shapes of a training's responses (staff entry of paper tests) and its
certificates."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, model_validator

from enlace.learning.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    Answer,
    Certificate,
    ItemKind,
    Phase,
    Response,
    ResponseSource,
)
from enlace.learning.schemas.common import MAX_ANSWERS, AnswerText, Reason, Whole
from enlace.stakeholders.schemas import Input, PageOut, RecordOut

ANSWER_FIELDS = ("choice", "choices", "value", "text")


class AnswerIn(Input):
    """Exactly one of `choice`, `choices`, `value` or `text`, as the item's kind asks."""

    item_id: uuid.UUID = Field(description="A live item of the phase's assessment.")
    choice: Whole | None = Field(
        None, ge=0, description="`single_choice`, `true_false`: the index chosen, from 0."
    )
    choices: list[Whole] | None = Field(
        None, max_length=50, description="`multiple_choice`: the distinct indices chosen."
    )
    value: Whole | None = Field(
        None, ge=0, le=100, description=f"`likert`: {LIKERT_MIN} to {LIKERT_MAX}."
    )
    text: AnswerText | None = Field(None, description="`open_text`.")

    @model_validator(mode="after")
    def _exactly_one(self) -> AnswerIn:
        if sum(getattr(self, name) is not None for name in ANSWER_FIELDS) != 1:
            raise ValueError(f"Send exactly one of {', '.join(ANSWER_FIELDS)}.")
        return self


class ResponseIn(Input):
    enrollment_id: uuid.UUID = Field(description="An enrolment of this training.")
    phase: Phase
    answers: list[AnswerIn] = Field(max_length=MAX_ANSWERS)
    submitted_at: AwareDatetime | None = Field(None, description="Now when left out.")
    replace: bool = Field(
        False,
        description="Replace the participant's response to this phase (it goes to the trash); "
        "without it, a second response to a phase is refused.",
    )


class ResponseOut(RecordOut):
    enrollment_id: uuid.UUID
    person_id: uuid.UUID
    name: str
    phase: Phase
    instrument_id: uuid.UUID
    source: ResponseSource = Field(description="`link` (the participant) or `staff`.")
    submitted_at: dt.datetime
    points_earned: int
    points_possible: int
    score: float | None = Field(description="Percent of the points possible; null without any.")
    self_efficacy: float | None = Field(
        description="The mean of the Likert answers (1 to 5), apart from the score."
    )

    @staticmethod
    def resolve_person_id(obj: Response) -> uuid.UUID:
        person_id: uuid.UUID = obj.enrollment.person_id
        return person_id

    @staticmethod
    def resolve_name(obj: Response) -> str:
        return obj.enrollment.person.full_name


class ResponsePage(PageOut):
    items: list[ResponseOut]


class ResponseFilters(Schema):
    phase: Phase | None = Field(None, description="Only this phase's responses.")


class AnswerOut(Schema):
    item_id: uuid.UUID
    lineage: uuid.UUID
    position: int
    kind: ItemKind
    choice: int | None
    choices: list[int] | None
    value: int | None
    text: str
    points_earned: int
    correct: bool | None = Field(description="null for items that are not scored.")

    @staticmethod
    def resolve_lineage(obj: Answer) -> uuid.UUID:
        return obj.item.lineage

    @staticmethod
    def resolve_position(obj: Answer) -> int:
        return obj.item.position

    @staticmethod
    def resolve_kind(obj: Answer) -> str:
        return obj.item.kind


class ResponseDetailOut(ResponseOut):
    answers: list[AnswerOut]

    # Prefetched with their items, in the instrument's order, by the selector
    # (response_with_answers).
    @staticmethod
    def resolve_answers(obj: Response) -> Any:
        return obj.answers.all()


class CertificateIssueIn(Input):
    """Either one enrolment's certificate, or every completer's who has none."""

    enrollment_id: uuid.UUID | None = Field(None, description="A completed enrolment.")
    all: bool = Field(False, description="Issue one to every completer without a valid one.")

    @model_validator(mode="after")
    def _one_way(self) -> CertificateIssueIn:
        if (self.enrollment_id is not None) == self.all:
            raise ValueError("Send either enrollment_id or all: true.")
        return self


class CertificateRevokeIn(Input):
    reason: Reason


class CertificatePdfQuery(Schema):
    language: Literal["", "en", "es"] = Field(
        "", description="The certificate's language; the request's when left out."
    )


class CertificateOut(RecordOut):
    code: str = Field(description="The verification code, such as `ENL-7KQ2-M9XD`.")
    verify_path: str = Field(description="The public verification page of this code.")
    enrollment_id: uuid.UUID
    holder_name: str
    name_public: bool = Field(
        description="Whether the verification page shows the name (otherwise the initials)."
    )
    training_title: str
    start_date: dt.date
    end_date: dt.date
    hours: float
    issuer_name: str
    issued_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str

    @staticmethod
    def resolve_verify_path(obj: Certificate) -> str:
        return f"/verify/{obj.code}/"
