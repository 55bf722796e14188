"""Request and response shapes of the opportunities endpoints: the opportunity with its money,
origin, deadlines and stage history, the stage move, its documents and the forecast."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Field, Schema

from enlace.engagements.schemas.common import Title
from enlace.partnerships.models import (
    DeadlineKind,
    DocumentKind,
    Opportunity,
    OpportunityKind,
    Stage,
    StageChange,
)
from enlace.partnerships.schemas.common import (
    MONEY_OUT,
    OWNER,
    Amount,
    Currency,
    Label,
    Percent,
    Reason,
    decimal_text,
)
from enlace.stakeholders.schemas import (
    LIST_MAX,
    Input,
    ListQuery,
    Notes,
    PageOut,
    PatchInput,
    RecordOut,
    Tags,
    Version,
)
from enlace.stakeholders.schemas.common import patch_schema, unset

CLOSING = "Moving to `won`, `lost` or `withdrawn` needs a `reason` of 3 to 300 characters."


class DeadlineIn(Input):
    label: Label
    date: dt.date
    kind: DeadlineKind = Field(
        DeadlineKind.OTHER,
        description="`decision_expected` places the opportunity in the forecast's quarters.",
    )
    done_on: dt.date | None = None


class DeadlinePatch(PatchInput):
    label: Label = unset()
    date: dt.date = unset()
    kind: DeadlineKind = unset()
    done_on: dt.date | None = unset()


class DeadlineOut(Schema):
    id: uuid.UUID
    label: str
    date: dt.date
    kind: DeadlineKind
    done_on: dt.date | None
    version: int


class OpportunityIn(Input):
    title: Title = Field(min_length=1)
    counterpart_organization_id: uuid.UUID = Field(
        description="Who invited, or who would fund or partner."
    )
    funder_organization_id: uuid.UUID | None = Field(
        None, description="The funder, where it differs from the counterpart."
    )
    kind: OpportunityKind
    amount: Amount | None = None
    currency: Currency = Field("", description="ISO 4217; needed with an amount.")
    probability: Percent | None = Field(None, description="0 to 100; null when unknown.")
    origin_engagement_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=LIST_MAX, description="The engagements where it arose."
    )
    owner_id: uuid.UUID | None = Field(None, description=OWNER)
    tags: Tags = Field(default_factory=list)
    notes: Notes = Field("", description="Markdown.")


class OpportunityCreate(OpportunityIn):
    stage: Stage = Field(
        Stage.IDENTIFIED,
        description=f"Where it starts; afterwards it moves only through `/stage`. {CLOSING}",
    )
    reason: Reason = Field("", description="Why, when it starts in a closing stage.")
    deadlines: list[DeadlineIn] = Field(
        default_factory=list,
        max_length=LIST_MAX,
        description="Set on create; afterwards under `/opportunities/{id}/deadlines`.",
    )


_OpportunityFields: type[PatchInput] = patch_schema(OpportunityIn, "OpportunityPatchFields")


class OpportunityPatch(_OpportunityFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change; `origin_engagement_ids`, when sent, replaces the origins.
    The stage moves only through `/stage`, deadlines under `/deadlines`."""


class MoveIn(Input):
    stage: Stage
    reason: Reason = Field("", description=CLOSING)
    version: Version | None = None


class StageChangeOut(Schema):
    from_stage: Stage | Literal[""] = Field(description='"" for the first entry, its creation.')
    stage: Stage
    at: dt.datetime
    by: uuid.UUID | None = Field(description="The user id (`uuid`) of who moved it.")
    by_name: str
    reason: str

    @staticmethod
    def resolve_by(obj: StageChange) -> uuid.UUID | None:
        return None if obj.by is None else obj.by.uuid

    @staticmethod
    def resolve_by_name(obj: StageChange) -> str:
        user = obj.by
        return "" if user is None else str(getattr(user, "full_name", "") or user)


class StageDurationOut(Schema):
    stage: Stage
    entered_at: dt.datetime
    left_at: dt.datetime | None = Field(description="null while it is still there.")
    days: float


class OpportunityOut(RecordOut):
    title: str
    counterpart_organization_id: uuid.UUID
    funder_organization_id: uuid.UUID | None
    kind: OpportunityKind
    stage: Stage
    stage_changed_at: dt.datetime
    closed: bool = Field(description="Won, lost or withdrawn.")
    amount: str | None = Field(description=MONEY_OUT)
    currency: str
    probability: int | None
    origin_engagement_ids: list[uuid.UUID]
    owner_id: uuid.UUID = Field(description=OWNER)
    tags: list[str]
    notes: str
    deadlines: list[DeadlineOut]
    stage_history: list[StageChangeOut] = Field(description="Every move, oldest first.")
    stage_durations: list[StageDurationOut] = Field(
        description="Each stay in a stage, until the next move (or now for the current one)."
    )
    stage_totals: dict[Stage, float] = Field(
        description="Days in each stage visited (a stage visited twice sums), in board order."
    )

    # The parts below are read for the whole page at once (enlace.partnerships.api): never a
    # query per row.
    @staticmethod
    def resolve_amount(obj: Opportunity) -> str | None:
        return decimal_text(obj.amount)

    @staticmethod
    def resolve_closed(obj: Opportunity) -> bool:
        return obj.is_closed

    @staticmethod
    def resolve_owner_id(obj: Opportunity) -> uuid.UUID:
        return obj.owner.uuid

    @staticmethod
    def resolve_origin_engagement_ids(obj: Opportunity) -> list[uuid.UUID]:
        return [link.engagement_id for link in obj.live_origins]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_deadlines(obj: Opportunity) -> Any:
        return obj.live_deadlines  # type: ignore[attr-defined]

    @staticmethod
    def resolve_stage_history(obj: Opportunity) -> Any:
        return obj.history_rows  # type: ignore[attr-defined]

    @staticmethod
    def resolve_stage_durations(obj: Opportunity) -> Any:
        return obj.durations  # type: ignore[attr-defined]

    @staticmethod
    def resolve_stage_totals(obj: Opportunity) -> Any:
        return obj.stage_totals  # type: ignore[attr-defined]


class OpportunityPage(PageOut):
    items: list[OpportunityOut]


class OpportunityFilters(ListQuery):
    stage: Stage | None = None
    kind: OpportunityKind | None = None
    counterpart_organization_id: uuid.UUID | None = None
    owner_id: uuid.UUID | None = Field(None, description="The owner's user id (`uuid`).")
    currency: Currency = ""


class MoveConflict(Schema):
    """409 on a stale move: the card moved since you read it, and where it is now."""

    type: str
    title: str
    status: int
    detail: str
    current_version: int
    current_stage: Stage
    changed_fields: list[str]


class DocumentOut(Schema):
    id: uuid.UUID
    kind: DocumentKind
    original_name: str = Field(description="The uploaded file's name, for display.")
    content_type: str
    size: int = Field(description="Bytes.")
    created_at: dt.datetime
    version: int


class ForecastQuery(Schema):
    by: Literal["quarter", "month", "year"] = Field(
        "quarter", description="The period rows are grouped by."
    )
    base_currency: Currency = Field(
        "",
        description=(
            "Convert every row into this currency with the workspace's exchange rates, when "
            "there is a rate into it for every currency involved."
        ),
    )


class ForecastRowOut(Schema):
    period: str = Field(
        description='The expected decision period ("2026-Q3", "2026-07", "2026"), or '
        '"unscheduled" without a `decision_expected` deadline.'
    )
    currency: str
    count: int
    raw_total: str = Field(description="The amounts summed, a decimal string.")
    weighted_total: str = Field(
        description="Each amount times its probability / 100; no probability counts as 0."
    )
    without_probability: int = Field(description="How many have no probability (weighed 0).")
    converted_raw: str | None = Field(None, description="In the base currency, when converted.")
    converted_weighted: str | None = Field(None, description="In the base currency.")


class ForecastTotalOut(Schema):
    currency: str
    raw: str
    weighted: str


class ForecastOut(Schema):
    by: str
    base_currency: str | None
    rows: list[ForecastRowOut] = Field(description="By period (unscheduled last), then currency.")
    currencies: list[str]
    converted: bool = Field(description="true when every currency has a rate into the base.")
    missing_rates: list[str] = Field(
        description="The currencies without a rate into `base_currency`: nothing is converted."
    )
    total: ForecastTotalOut | None = Field(description="In the base currency, when converted.")
    without_probability: int
    note: str
