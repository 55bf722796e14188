"""Request and response shapes of the results API: programmes with their framework, result nodes,
indicators, targets, reported values, actuals and the registry of measures.

Figures (targets, values, baselines, actuals) travel as exact decimal strings, as the
partnerships API sends money: a JSON number would lose exactness on the way in, and a client
that adds up actuals must get exactly what the database holds. Out, trailing zeros are dropped
(`"12.5"`, `"3"`); in, a decimal string or a whole number is accepted, never a fraction as a
JSON number.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from enlace.partnerships.schemas.common import Currency
from enlace.results.models import (
    Direction,
    Disaggregation,
    Indicator,
    Level,
    ReportedValue,
    Source,
    Unit,
    Verification,
)
from enlace.stakeholders.schemas import Input, ListQuery, Notes, PageOut, PatchInput, RecordOut
from enlace.stakeholders.schemas.common import Country, _text, patch_schema

MAX_POSITION = 32767
LIST_OF_COUNTRIES_MAX = 250


def _figure(value: object) -> object:
    # A fraction as a JSON number has already lost its exactness: only strings (and whole
    # numbers, which are exact) are figures. The services check the digits and the unit.
    if isinstance(value, bool | float):
        raise ValueError('Send the value as a decimal string, such as "12.5".')
    if isinstance(value, int):
        return str(value)
    return value


def figure_text(value: Decimal | None) -> str | None:
    """A figure as the API sends it: an exact decimal string without trailing zeros, or null."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


FigureIn = Annotated[
    str,
    BeforeValidator(_figure),
    Field(max_length=40),
    AfterValidator(_text),
    WithJsonSchema(
        {
            "type": "string",
            "description": 'An exact decimal string (at most 4 places), such as "12.5"; a '
            "percent is 0 to 100.",
        }
    ),
]
FIGURE_OUT = 'An exact decimal string without trailing zeros ("12.5", "3"), or null.'
PeriodLabel = Annotated[
    str,
    Field(
        min_length=1,
        max_length=20,
        description='"2025" (a year), "2025-Q2" (a quarter), "2025-05" (a month) or "programme".',
    ),
    AfterValidator(_text),
]
Code = Annotated[str, Field(max_length=30), AfterValidator(_text)]
Position = Annotated[
    int, Field(ge=0, le=MAX_POSITION, description="Order among its siblings, from 0.")
]


# Programmes


class ProgrammeIn(Input):
    name: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_text)]
    code: Code = Field("", description="Unique in the workspace when set, such as `ILO-2025`.")
    description: Notes = Field("", description="Markdown.")
    start_date: dt.date
    end_date: dt.date = Field(description="On or after `start_date`.")
    countries: list[Country] = Field(
        default_factory=list,
        max_length=LIST_OF_COUNTRIES_MAX,
        description="Where it works (ISO codes); per-country targets and values must be one.",
    )
    currency: Currency = Field("", description="The default currency of its money indicators.")


_ProgrammeFields: type[PatchInput] = patch_schema(ProgrammeIn, "ProgrammePatchFields")


class ProgrammePatch(_ProgrammeFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change; narrower dates or countries may not strand a target or a
    value."""


class ProgrammeOut(RecordOut):
    name: str
    code: str
    description: str
    start_date: dt.date
    end_date: dt.date
    countries: list[str]
    currency: str


class ProgrammePage(PageOut):
    items: list[ProgrammeOut]


class ProgrammeFilters(ListQuery):
    q: Annotated[str, Field(max_length=200), AfterValidator(_text)] = Field(
        "", description="Search the name and code (case is ignored)."
    )


# Indicators


class IndicatorIn(Input):
    node_id: uuid.UUID = Field(description="The goal, outcome or output it measures.")
    code: Code = Field(min_length=1, description="Unique in its programme, such as `1.2.a`.")
    name: Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_text)]
    definition: Notes = ""
    unit: Unit = Unit.NUMBER
    currency: Currency = Field("", description="ISO 4217; needed when `unit` is `currency`.")
    direction: Direction = Direction.INCREASE
    disaggregations: list[Disaggregation] = Field(
        default_factory=list,
        max_length=len(Disaggregation.values),
        description="The breakdowns it supports; a computed one only what its measure allows.",
    )
    tags: list[Annotated[str, Field(max_length=40), AfterValidator(_text)]] = Field(
        default_factory=list, max_length=20, description='Short labels such as "SDG 8.7".'
    )
    source: Source | None = Field(
        None, description="`computed` with a `measure`, else `reported`; follows `measure`."
    )
    measure: Annotated[str, Field(max_length=40)] = Field(
        "", description="A name from `/measures`: the indicator's value is computed from it."
    )
    params: dict[str, Any] = Field(
        default_factory=dict, description="The measure's parameters, as `/measures` lists them."
    )
    baseline_value: FigureIn | None = None
    baseline_date: dt.date | None = None
    baseline_period: Annotated[str, Field(max_length=20), AfterValidator(_text)] = Field(
        "", description='The period the baseline was measured in, such as "2024".'
    )
    position: Position | None = None


_IndicatorFields: type[PatchInput] = patch_schema(IndicatorIn, "IndicatorPatchFields")


class IndicatorPatch(_IndicatorFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change; a new `node_id` must be in the same programme."""


class IndicatorOut(RecordOut):
    programme_id: uuid.UUID
    node_id: uuid.UUID
    code: str
    name: str
    definition: str
    unit: Unit
    currency: str
    direction: Direction
    disaggregations: list[str]
    tags: list[str]
    source: Source
    measure: str
    params: dict[str, Any]
    baseline_value: str | None = Field(description=FIGURE_OUT)
    baseline_date: dt.date | None
    baseline_period: str
    position: int

    @staticmethod
    def resolve_baseline_value(obj: Indicator) -> str | None:
        return figure_text(obj.baseline_value)


class IndicatorPage(PageOut):
    items: list[IndicatorOut]


class IndicatorFilters(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(50, ge=1, description="Rows per page (at most 200).")
    q: Annotated[str, Field(max_length=200), AfterValidator(_text)] = Field(
        "", description="Search the code and name (case is ignored)."
    )
    framework: uuid.UUID | None = Field(None, description="Only this programme's indicators.")

    @field_validator("*", mode="before")
    @classmethod
    def _empty_means_absent(cls, value: Any, info: ValidationInfo) -> Any:
        # `?framework=` from a form means "any framework", not an invalid id.
        if value == "" and info.field_name is not None:
            return cls.model_fields[info.field_name].default
        return value


# Nodes


class NodeIn(Input):
    parent_id: uuid.UUID | None = Field(
        None, description="The result it is part of (same programme); none for the top."
    )
    level: Level = Field(description="Never above its parent's level.")
    code: Code = ""
    title: Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_text)]
    position: Position | None = Field(None, description="Last among its siblings when left out.")


_NodeFields: type[PatchInput] = patch_schema(NodeIn, "NodePatchFields")


class NodePatch(_NodeFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change; a new `parent_id` moves it (never under itself)."""


class NodeOut(Schema):
    id: uuid.UUID
    version: int = Field(description="Send it back (or the ETag as If-Match) when you write.")
    parent_id: uuid.UUID | None
    level: Level
    code: str
    title: str
    position: int


class NodeTreeOut(NodeOut):
    indicators: list[IndicatorOut] = Field(description="In their order.")
    children: list[NodeTreeOut] = Field(description="The results under it, in their order.")

    # The API hangs each node's part of `framework_tree` on it: the tree costs two queries.
    @staticmethod
    def resolve_indicators(obj: Any) -> Any:
        return obj.tree_indicators

    @staticmethod
    def resolve_children(obj: Any) -> Any:
        return obj.tree_children


NodeTreeOut.model_rebuild()


class FrameworkOut(ProgrammeOut):
    """A programme with its framework: the tree of results, each with its indicators."""

    nodes: list[NodeTreeOut] = Field(description="The top results, in order, with their trees.")

    @staticmethod
    def resolve_nodes(obj: Any) -> Any:
        return obj.tree_nodes


# Targets and reported values


class TargetIn(Input):
    period: PeriodLabel
    country: Country = Field(
        "", description="Empty for all countries; else one of the programme's (by country)."
    )
    value: FigureIn


_TargetFields: type[PatchInput] = patch_schema(TargetIn, "TargetPatchFields")


class TargetPatch(_TargetFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change."""


class TargetOut(Schema):
    id: uuid.UUID
    version: int = Field(description="Send it back (or the ETag as If-Match) when you write.")
    indicator_id: uuid.UUID
    period: str
    country: str
    value: str = Field(description='An exact decimal string without trailing zeros ("12.5").')
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_value(obj: Any) -> str | None:
        return figure_text(obj.value)


class ValueIn(Input):
    period: Annotated[
        str,
        Field(
            min_length=1,
            max_length=20,
            description='"2025", "2025-Q2" or "2025-05", within the programme.',
        ),
        AfterValidator(_text),
    ]
    country: Country = Field(
        "", description="Empty for all countries; else one of the programme's (by country)."
    )
    value: FigureIn
    source: Annotated[str, Field(max_length=300), AfterValidator(_text)] = Field(
        "", description="Where the figure comes from."
    )
    note: Annotated[str, Field(max_length=5000), AfterValidator(_text)] = ""
    verification_status: Verification = Field(
        Verification.DRAFT,
        description="`verified` records you as the verifier, now; changing what was verified "
        "without sending a status takes it back to `submitted`.",
    )


_ValueFields: type[PatchInput] = patch_schema(ValueIn, "ValuePatchFields")


class ValuePatch(_ValueFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change."""


class ValueOut(Schema):
    id: uuid.UUID
    version: int = Field(description="Send it back (or the ETag as If-Match) when you write.")
    indicator_id: uuid.UUID
    period: str
    country: str
    value: str = Field(description='An exact decimal string without trailing zeros ("12.5").')
    source: str
    note: str
    verification_status: Verification
    verified_by_id: uuid.UUID | None = Field(description="The verifier's user id (`uuid`).")
    verified_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_value(obj: ReportedValue) -> str | None:
        return figure_text(obj.value)

    @staticmethod
    def resolve_verified_by_id(obj: ReportedValue) -> uuid.UUID | None:
        # Users are named by their public `uuid`, never by the integer key.
        return None if obj.verified_by is None else obj.verified_by.uuid


# Actuals


class ActualsQuery(Schema):
    model_config = ConfigDict(populate_by_name=True)

    period: Literal["month", "quarter", "year", "programme"] = Field(
        "quarter", description="The periods rows are given for."
    )
    from_: dt.date | None = Field(
        None, alias="from", description="First day (the programme's start when left out)."
    )
    to: dt.date | None = Field(None, description="Last day (the programme's end when left out).")
    by: Disaggregation | None = Field(
        None, description="Break each period down by this; the indicator must support it."
    )


class ActualRowOut(Schema):
    period: str = Field(description='"2025", "2025-Q2", "2025-05" or "programme".')
    key: str | None = Field(
        description='With `by`: the country code, sex, ... ("" where the record does not say); '
        "null for the total."
    )
    value: str | None = Field(description=FIGURE_OUT + " Null: nothing to compute a share of.")
    target: str | None = Field(description=FIGURE_OUT)
    baseline: str | None = Field(description=FIGURE_OUT)


class ActualsOut(Schema):
    indicator_id: uuid.UUID
    unit: Unit
    period: str
    start: dt.date
    end: dt.date
    by: str | None
    rows: list[ActualRowOut] = Field(
        description="One per period (and key) with a value or a target, in order."
    )


# Measures


class MeasureParamOut(Schema):
    name: str
    kind: Literal["choice", "choices", "decimal", "bool", "uuid"] = Field(
        description="`choice`: one of `choices`; `choices`: a list of them; `decimal`: a number "
        "(a string or a whole number) within `minimum`..`maximum` with at most `places` places."
    )
    label: str
    required: bool
    default: Any = Field(description="Used when left out.")
    choices: list[str]
    minimum: str | None
    maximum: str | None
    places: int


class MeasureOut(Schema):
    name: str = Field(description="What an indicator's `measure` names.")
    label: str
    unit: Unit = Field(description="The unit an indicator computed by it must have.")
    additive: bool = Field(
        description="Whether its disaggregated values add up to the total (a count of distinct "
        "people does not)."
    )
    disaggregations: list[str] = Field(description="The breakdowns it supports.")
    record_model: str = Field(description="What the records behind a value are.")
    params: list[MeasureParamOut]
