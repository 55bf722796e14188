"""Request and response shapes of the agreements endpoints (with their parties and obligations)
and of the workspace's exchange-rate table."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Field, Schema

from enlace.engagements.schemas.common import Title
from enlace.partnerships.models import Agreement, AgreementKind, AgreementStatus, ExchangeRate
from enlace.partnerships.schemas.common import (
    MONEY_OUT,
    Amount,
    Currency,
    ObligationText,
    Rate,
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
)
from enlace.stakeholders.schemas.common import patch_schema, unset

STATUS = (
    "While `active` with two or more parties, a relationship between each pair of parties is "
    "kept active; `expired` or `terminated` ends it."
)


class ObligationIn(Input):
    text: ObligationText
    responsible_organization_id: uuid.UUID | None = Field(
        None, description="The party that delivers it."
    )
    due_date: dt.date | None = None
    done_on: dt.date | None = None


class ObligationPatch(PatchInput):
    text: ObligationText = unset()
    responsible_organization_id: uuid.UUID | None = unset()
    due_date: dt.date | None = unset()
    done_on: dt.date | None = unset()


class ObligationOut(Schema):
    id: uuid.UUID
    text: str
    responsible_organization_id: uuid.UUID | None
    due_date: dt.date | None
    done_on: dt.date | None
    position: int
    version: int


class AgreementIn(Input):
    title: Title = Field(min_length=1)
    kind: AgreementKind
    party_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=LIST_MAX, description="The organisations that sign."
    )
    opportunity_id: uuid.UUID | None = Field(None, description="The opportunity it came from.")
    signed_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = Field(None, description="On or after `start_date`.")
    value: Amount | None = None
    currency: Currency = Field("", description="ISO 4217; needed with a value.")
    status: AgreementStatus = Field(AgreementStatus.DRAFT, description=STATUS)
    renewal_reminder_on: dt.date | None = Field(
        None, description="Shown in the agenda of the opportunity's owner, if there is one."
    )
    notes: Notes = Field("", description="Markdown.")


class AgreementCreate(AgreementIn):
    obligations: list[ObligationIn] = Field(
        default_factory=list,
        max_length=LIST_MAX,
        description="Set on create; afterwards under `/agreements/{id}/obligations`.",
    )


_AgreementFields: type[PatchInput] = patch_schema(AgreementIn, "AgreementPatchFields")


class AgreementPatch(_AgreementFields):  # type: ignore[misc,valid-type]
    """Only the fields sent change; `party_ids`, when sent, replaces the parties."""


class AgreementOut(RecordOut):
    title: str
    kind: AgreementKind
    party_ids: list[uuid.UUID]
    opportunity_id: uuid.UUID | None
    signed_on: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    value: str | None = Field(description=MONEY_OUT)
    currency: str
    status: AgreementStatus
    renewal_reminder_on: dt.date | None
    notes: str
    obligations: list[ObligationOut]

    # Parties and obligations are read for the whole page at once: never a query per row.
    @staticmethod
    def resolve_value(obj: Agreement) -> str | None:
        return decimal_text(obj.value)

    @staticmethod
    def resolve_party_ids(obj: Agreement) -> list[uuid.UUID]:
        return [link.organization_id for link in obj.live_parties]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_obligations(obj: Agreement) -> Any:
        return obj.live_obligations  # type: ignore[attr-defined]


class AgreementPage(PageOut):
    items: list[AgreementOut]


class AgreementFilters(ListQuery):
    status: AgreementStatus | None = None
    kind: AgreementKind | None = None
    organization_id: uuid.UUID | None = Field(None, description="With this organisation a party.")
    opportunity_id: uuid.UUID | None = None


class FromOpportunityIn(Input):
    """Optional: what differs from the copy of the opportunity."""

    status: AgreementStatus = Field(AgreementStatus.DRAFT, description=STATUS)
    signed_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class ExchangeRateIn(Input):
    currency: Currency = Field(min_length=3)
    base_currency: Currency = Field(min_length=3)
    rate: Rate
    as_of: dt.date | None = Field(None, description="Today when left out.")


ExchangeRatePatch = patch_schema(ExchangeRateIn, "ExchangeRatePatch")


class ExchangeRateOut(RecordOut):
    currency: str
    base_currency: str
    rate: str = Field(description="1 `currency` = `rate` `base_currency`, a decimal string.")
    as_of: dt.date

    @staticmethod
    def resolve_rate(obj: ExchangeRate) -> str:
        return format(obj.rate.normalize(), "f")


class ExchangeRatePage(PageOut):
    items: list[ExchangeRateOut]


class ExchangeRateFilters(ListQuery):
    base_currency: Currency = ""
