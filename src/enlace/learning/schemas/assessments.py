"""Request and response shapes of the assessments endpoints: instruments and their versioned
items."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import PlainValidator, WithJsonSchema

from enlace.learning.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    MAX_CHOICES,
    MAX_ITEM_POINTS,
    Assessment,
    ItemKind,
)
from enlace.learning.schemas.common import Choice, Language, Notes, Position, Prompt, Title
from enlace.stakeholders.schemas import LIST_MAX, Input, ListQuery, PageOut, PatchInput, RecordOut
from enlace.stakeholders.schemas.common import patch_schema

KINDS = (
    "`single_choice`, `multiple_choice` and `true_false` are scored; `likert` (self-efficacy, "
    f"{LIKERT_MIN} to {LIKERT_MAX}) and `open_text` are not."
)
CHOICES = (
    f"2 to {MAX_CHOICES} non-blank choices for `single_choice` and `multiple_choice`; "
    '`true_false` always has `["true", "false"]` (send them or leave them out); none for '
    "`likert` and `open_text`."
)
ANSWER = (
    "The answer key, counting choices from 0: the index of the right choice (`single_choice`, "
    "`true_false`: 0 is true), or the sorted indices of all the right ones (`multiple_choice`, "
    "scored all or nothing); `null` for `likert` and `open_text`."
)
POINTS = (
    f"1 to {MAX_ITEM_POINTS} for scored kinds (1 when left out); 0 for `likert` and `open_text`."
)
REVISION = (
    "An item that has answers is never changed in place: a change retires it and adds the next "
    "revision, with the same `lineage`, so that old answers keep their meaning."
)


def _answer_key(value: Any) -> int | list[int] | None:
    # One type rather than a union, so that a wrong key gets one message under `answer`.
    def whole(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    if value is None or whole(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, list) and len(value) <= MAX_CHOICES and all(whole(v) for v in value):
        return value
    raise ValueError("Send the index of the right choice, or a list of the right indices.")


AnswerKey = Annotated[
    int | list[int] | None,
    PlainValidator(_answer_key),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer"},
                {"type": "array", "items": {"type": "integer"}, "maxItems": MAX_CHOICES},
                {"type": "null"},
            ]
        }
    ),
]


class ItemIn(Input):
    kind: ItemKind = Field(description=KINDS)
    prompt: Prompt
    choices: list[Choice] = Field(default_factory=list, max_length=MAX_CHOICES, description=CHOICES)
    answer: AnswerKey = Field(None, description=ANSWER)
    points: int | None = Field(None, ge=0, le=MAX_ITEM_POINTS, description=POINTS)
    module_id: uuid.UUID | None = Field(None, description="The curriculum module it tests.")
    position: Position = None


_ItemFields: type[PatchInput] = patch_schema(ItemIn, "ItemPatchFields")


class ItemPatch(_ItemFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change; an item with answers changes into its next revision."""


class ItemOut(Schema):
    id: uuid.UUID
    lineage: uuid.UUID = Field(description="The same for every revision of this item.")
    revision: int = Field(description=REVISION)
    position: int
    kind: ItemKind
    prompt: str
    choices: list[str]
    answer: int | list[int] | None = Field(description=ANSWER)
    points: int
    module_id: uuid.UUID | None
    version: int


class AssessmentIn(Input):
    title: Title = Field(min_length=1)
    language: Language = "es"
    description: Notes = ""
    curriculum_id: uuid.UUID | None = Field(None, description="The curriculum it assesses.")


class AssessmentCreate(AssessmentIn):
    items: list[ItemIn] = Field(
        default_factory=list,
        max_length=LIST_MAX * 2,
        description="Its items, in order; afterwards they change under `/assessments/{id}/items`.",
    )


AssessmentPatch = patch_schema(AssessmentIn, "AssessmentPatch")


class AssessmentOut(RecordOut):
    title: str
    language: str
    description: str
    curriculum_id: uuid.UUID | None
    items: list[ItemOut] = Field(
        description="The live items (neither removed nor retired by a newer revision), in order."
    )
    points_possible: int = Field(description="The sum of the live scored items' points.")

    # Read for a whole page at once (enlace.learning.api.assessments): never a query per row.
    @staticmethod
    def resolve_items(obj: Assessment) -> Any:
        return obj.live_items  # type: ignore[attr-defined]

    @staticmethod
    def resolve_points_possible(obj: Assessment) -> int:
        return sum(i.points for i in obj.live_items if i.is_scored)  # type: ignore[attr-defined]


class AssessmentPage(PageOut):
    items: list[AssessmentOut]


class AssessmentFilters(ListQuery):
    pass
