"""What the learning schemas share: checked text of the models' lengths, strict whole numbers,
and the descriptions that several resources repeat."""

from __future__ import annotations

from typing import Annotated

from ninja import Field
from pydantic import AfterValidator, Strict

from enlace.engagements.schemas.common import Title
from enlace.stakeholders.schemas import Notes
from enlace.stakeholders.schemas.common import _text

# Minutes a module or a session may last: a week of days, which no block of training exceeds.
MAX_MINUTES = 7 * 24 * 60
MAX_POSITION = 32767  # PositiveSmallIntegerField
MAX_ANSWERS = 500
MAX_MARKS = 5000

# Whole numbers given as JSON numbers: `true` or "2" is not an index.
Whole = Annotated[int, Strict()]

Language = Annotated[
    str,
    Field(
        min_length=2,
        max_length=8,
        pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$",
        description="A language code such as `es` or `en`.",
    ),
]
Edition = Annotated[str, Field(min_length=1, max_length=30), AfterValidator(_text)]
Objectives = Annotated[str, Field(max_length=5000), AfterValidator(_text)]
Prompt = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_text)]
Choice = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_text)]
AnswerText = Annotated[str, Field(max_length=5000), AfterValidator(_text)]
Reason = Annotated[str, Field(min_length=3, max_length=300), AfterValidator(_text)]
Minutes = Annotated[int, Field(ge=0, le=MAX_MINUTES)]
Position = Annotated[
    int | None,
    Field(ge=0, le=MAX_POSITION, description="Where it goes in the order; last when left out."),
]

__all__ = [
    "MAX_ANSWERS",
    "MAX_MARKS",
    "MAX_MINUTES",
    "AnswerText",
    "Choice",
    "Edition",
    "Language",
    "Minutes",
    "Notes",
    "Objectives",
    "Position",
    "Prompt",
    "Reason",
    "Title",
    "Whole",
]
