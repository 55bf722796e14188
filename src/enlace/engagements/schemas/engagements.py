"""Request and response shapes of the engagements endpoints, with their outcomes, links,
audience counts and latest reach."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Field, Schema

from enlace.engagements.models import (
    MAX_REACH_VALUE,
    AudienceDimension,
    Engagement,
    EngagementKind,
    LinkKind,
    Mode,
    ReachMetric,
)
from enlace.engagements.schemas.common import (
    EngagementOrdering,
    Label,
    Statement,
    TimeZone,
    Title,
    Url,
    Venue,
)
from enlace.stakeholders.schemas import (
    LIST_MAX,
    Country,
    Input,
    ListQuery,
    Notes,
    PageOut,
    PatchInput,
    Place,
    RecordOut,
    Tag,
    Tags,
)
from enlace.stakeholders.schemas.common import country_code, patch_schema

WIDEN_PARENT = (
    "Extend the parent's dates to cover this engagement; otherwise an engagement outside its "
    "parent's dates is refused (422, naming the parent's dates)."
)


class OutcomeIn(Input):
    statement: Statement = Field(min_length=1)
    organization_id: uuid.UUID | None = Field(None, description="The organisation that acted.")


class OutcomeOut(Schema):
    id: uuid.UUID
    statement: str
    organization_id: uuid.UUID | None


class LinkIn(Input):
    kind: LinkKind
    label: Label = Field(min_length=1)
    url: Url = Field(min_length=1, description="An http or https address.")


class LinkOut(Schema):
    id: uuid.UUID
    kind: LinkKind
    label: str
    url: str


class AudienceIn(Input):
    dimension: AudienceDimension
    category: str = Field(
        max_length=24,
        description=(
            "discipline: a person's discipline; sex: female, male, other or unknown; "
            "organization_kind: an organisation's kind."
        ),
    )
    count: int = Field(ge=0, le=MAX_REACH_VALUE)


class AudienceOut(Schema):
    dimension: AudienceDimension
    category: str
    count: int


class ReachLatestOut(Schema):
    value: int
    as_of: dt.date


class EngagementIn(Input):
    parent_id: uuid.UUID | None = Field(None, description="The engagement this one is part of.")
    kind: EngagementKind
    title: Title = Field(min_length=1)
    mode: Mode = Mode.IN_PERSON
    start_date: dt.date
    end_date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = Field(None, description="Only with `start_time`.")
    timezone: TimeZone = ""
    country: Country = ""
    region: Place = ""
    city: Place = ""
    venue: Venue = ""
    host_organization_id: uuid.UUID | None = None
    objectives: Notes = ""
    summary: Notes = ""
    notes: Notes = Field("", description="Markdown.")
    tags: Tags = Field(default_factory=list)
    links: list[LinkIn] = Field(default_factory=list, max_length=LIST_MAX)
    audience: list[AudienceIn] = Field(
        default_factory=list,
        max_length=LIST_MAX,
        description="Head counts by category, when no names are known; never inferred.",
    )


class EngagementCreate(EngagementIn):
    outcomes: list[OutcomeIn] = Field(
        default_factory=list, max_length=LIST_MAX, description="Set on create; then read only."
    )
    widen_parent: bool = Field(False, description=WIDEN_PARENT)


_EngagementFields: type[PatchInput] = patch_schema(EngagementIn, "EngagementPatchFields")


class EngagementPatch(_EngagementFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change; `links` and `audience`, when sent, replace the lists."""

    widen_parent: bool = Field(False, description=WIDEN_PARENT)


class EngagementOut(RecordOut):
    parent_id: uuid.UUID | None
    kind: EngagementKind
    title: str
    mode: Mode
    start_date: dt.date
    end_date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    timezone: str
    country: str
    region: str
    city: str
    venue: str
    host_organization_id: uuid.UUID | None
    objectives: str
    summary: str
    notes: str
    tags: list[str]
    outcomes: list[OutcomeOut]
    links: list[LinkOut]
    audience: list[AudienceOut]
    reach: dict[ReachMetric, ReachLatestOut] = Field(
        description="The latest reading of each metric (a running figure: never a sum)."
    )
    children_ids: list[uuid.UUID] = Field(description="Its parts, in date order.")

    resolve_country = staticmethod(country_code)

    # The parts below are read for the whole page at once (enlace.engagements.api.engagements):
    # never a query per row.
    @staticmethod
    def resolve_outcomes(obj: Engagement) -> Any:
        return obj.live_outcomes  # type: ignore[attr-defined]

    @staticmethod
    def resolve_links(obj: Engagement) -> Any:
        return obj.live_links  # type: ignore[attr-defined]

    @staticmethod
    def resolve_audience(obj: Engagement) -> Any:
        return obj.live_audience  # type: ignore[attr-defined]

    @staticmethod
    def resolve_children_ids(obj: Engagement) -> list[uuid.UUID]:
        return [child.pk for child in obj.live_children]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_reach(obj: Engagement) -> dict[str, Any]:
        latest = getattr(obj, "reach_latest", {})
        return {m: {"value": r.value, "as_of": r.as_of} for m, r in latest.items()}


class EngagementPage(PageOut):
    items: list[EngagementOut]


class EngagementFilters(ListQuery):
    kind: EngagementKind | None = None
    country: Country = ""
    date_from: dt.date | None = Field(None, description="Engagements that end on or after it.")
    date_to: dt.date | None = Field(None, description="Engagements that start on or before it.")
    organization_id: uuid.UUID | None = Field(
        None, description="Hosted by this organisation or with it among the participants."
    )
    representative_id: uuid.UUID | None = Field(
        None, description="With this member of the workspace (a membership id) representing us."
    )
    tag: Tag = ""
    parent_id: uuid.UUID | None = Field(None, description="The parts of this engagement.")
    ordering: EngagementOrdering = "-start"
