"""What the engagements schemas share beyond the registry's types: checked text of the models'
lengths, and the orderings of the lists."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Field
from pydantic import AfterValidator

from enlace.stakeholders.schemas import Name


def _text(value: str) -> str:
    # The registry's rule, for lengths it has no type for: PostgreSQL refuses NUL and lone
    # surrogates with an error, not a validation message.
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("Text must be valid Unicode.") from exc
    return value


Title = Annotated[str, Field(max_length=250), AfterValidator(_text)]
FollowUpTitle = Annotated[str, Field(max_length=300), AfterValidator(_text)]
Statement = Annotated[str, Field(max_length=500), AfterValidator(_text)]
Note = Annotated[str, Field(max_length=500), AfterValidator(_text)]
Url = Annotated[str, Field(max_length=500), AfterValidator(_text)]
TimeZone = Annotated[
    str,
    Field(max_length=64, description="The venue's IANA time zone, e.g. `America/Santiago`."),
    AfterValidator(_text),
]
Label = Name
Venue = Name

# Each ordering mirrors its selector's table of orderings (a test holds them together).
EngagementOrdering = Literal[
    "start",
    "-start",
    "title",
    "-title",
    "kind",
    "-kind",
    "country",
    "-country",
    "updated",
    "-updated",
]
