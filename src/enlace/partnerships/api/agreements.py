"""The agreements endpoints: agreements with their parties and obligations (made directly or from
a won opportunity), and the obligations one by one under their agreement's path."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Body, Router, Status

from enlace.api.auth import if_match_version, request_scope, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, READ_PROBLEMS, REMOVE_PROBLEMS, WRITE_PROBLEMS
from enlace.api.pagination import check_query_params
from enlace.api.resource import Resource, resource_router
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.partnerships.api.common import (
    child_of,
    model_data,
    operation_id,
    sent,
    write,
    write_at,
)
from enlace.partnerships.models import Agreement, AgreementParty, Obligation
from enlace.partnerships.schemas import (
    AgreementCreate,
    AgreementFilters,
    AgreementOut,
    AgreementPage,
    AgreementPatch,
    FromOpportunityIn,
    ObligationIn,
    ObligationOut,
    ObligationPatch,
)
from enlace.partnerships.selectors import agreements as selectors
from enlace.partnerships.selectors import opportunities as opportunity_selectors
from enlace.partnerships.services import agreements as services
from enlace.stakeholders.schemas import DeleteInput

_body: Any = Body


def _obligations() -> QuerySet[Obligation]:
    return Obligation.objects.order_by("position", "due_date", "created_at", "id")


def with_parts(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Agreements with their parties (in listed order) and obligations, one query a part for a
    whole page."""
    parties = AgreementParty.objects.order_by("created_at", "id")
    return queryset.prefetch_related(
        Prefetch("party_links", queryset=parties, to_attr="live_parties"),
        Prefetch("obligations", queryset=_obligations(), to_attr="live_obligations"),
    )


def _detail(*, scope: Scope, id: Any) -> Agreement:
    return get_in_scope(with_parts(selectors.agreement_queryset(scope)), id)


def _list(scope: Scope, filters: AgreementFilters) -> QuerySet[Agreement]:
    if filters.deleted:
        rows = selectors.agreement_queryset(scope, deleted=True)
        rows = rows.filter(title__icontains=filters.q) if filters.q else rows
    else:
        rows = selectors.agreement_list(
            scope=scope,
            q=filters.q,
            status=filters.status or "",
            kind=filters.kind or "",
            organization_id=filters.organization_id,
        )
    return with_parts(rows)


def _add_obligations(scope: Scope, agreement: Agreement, obligations: list[ObligationIn]) -> None:
    for i, obligation in enumerate(obligations):
        prefix = f"obligations.{i}."
        data = model_data(scope, obligation.model_dump(exclude_none=True), prefix=prefix)
        write_at(prefix, services.obligation_add, scope=scope, agreement=agreement, data=data)


def _create(scope: Scope, payload: AgreementCreate) -> Agreement:
    data = model_data(scope, payload.model_dump(exclude={"obligations"}))
    # One write for the caller: a refused obligation leaves no agreement behind.
    with transaction.atomic():
        agreement = write(services.agreement_create, scope=scope, data=data)
        _add_obligations(scope, agreement, payload.obligations)
    return agreement


AGREEMENTS: Resource[Agreement] = Resource(
    app="partnerships",
    name="agreement",
    noun="an agreement",
    plural="agreements",
    out=AgreementOut,
    page=AgreementPage,
    filters=AgreementFilters,
    create_body=AgreementCreate,
    patch_body=AgreementPatch,
    list=_list,
    create=_create,
    patch_data=lambda scope, payload: model_data(scope, sent(payload)),
    update=lambda scope, agreement, data, version: write(
        services.agreement_update,
        scope=scope,
        agreement=agreement,
        data=data,
        expected_version=version,
    ),
    delete=lambda scope, agreement, version: write(
        services.agreement_delete, scope=scope, agreement=agreement, expected_version=version
    ),
    restore=lambda scope, agreement: services.agreement_restore(scope=scope, agreement=agreement),
    get=selectors.agreement_get,
    queryset=selectors.agreement_queryset,
    detail=_detail,
    list_doc=(
        "Paginated and filterable, newest start first; `?deleted=true` lists the trash instead.\n"
        "A partner sees the agreements its organisation (or one of its units) is a party to."
    ),
    create_doc=(
        "With its parties (`party_ids`) and obligations at once. `value` is a decimal string\n"
        "and needs a `currency` (ISO 4217); `end_date` may not precede `start_date`. While\n"
        "`active` with two or more parties, a relationship between each pair is kept active."
    ),
    update_doc=(
        "Only the fields sent change; `party_ids`, when sent, replaces the parties. With\n"
        "`version` (or `If-Match`), a write based on an older version is refused with 409."
    ),
    delete_doc="An active agreement in the trash no longer keeps its relationships active.",
)

router = resource_router(AGREEMENTS, tag="agreements", delete_body=DeleteInput)


# From a won opportunity, under the opportunity's path.

opportunity_router = Router(tags=["agreements"])


@opportunity_router.post(
    "/{id}/agreement",
    response={201: AgreementOut, **ADD_PROBLEMS},
    summary="Create the agreement of a won opportunity",
    operation_id=operation_id("agreement_from_opportunity"),
)
def agreement_from_opportunity(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    payload: _body[FromOpportunityIn | None] = None,
) -> Status[Agreement]:
    """Its title, counterpart (and funder) as parties, and amount and currency as value; kind
    memorandum of understanding for a MoU opportunity, else grant agreement. Refused (422 on
    `opportunity_id`) unless the opportunity is won. The body may set `status` and dates."""
    scope = write_scope(request, Action.CREATE)
    opportunity = opportunity_selectors.opportunity_get(scope=scope, id=id)
    data = {} if payload is None else payload.model_dump(exclude_none=True)
    agreement = write(
        services.agreement_from_opportunity, scope=scope, opportunity=opportunity, data=data
    )
    return Status(201, tagged(response, _detail(scope=scope, id=agreement.pk)))


# Obligations


def _obligation(scope: Scope, id: uuid.UUID, obligation_id: uuid.UUID) -> Obligation:
    agreement = selectors.agreement_get(scope=scope, id=id)
    return child_of(agreement, selectors.obligation_get(scope=scope, id=obligation_id), "agreement")


@router.get(
    "/{id}/obligations",
    response={200: list[ObligationOut], **READ_PROBLEMS},
    summary="List an agreement's obligations",
    operation_id=operation_id("obligation_list"),
)
def obligation_list(request: HttpRequest, id: uuid.UUID) -> list[Obligation]:
    """In their order, done ones too (`done_on`)."""
    scope = request_scope(request)
    check_query_params(request, ())
    agreement = selectors.agreement_get(scope=scope, id=id)
    return list(scope.filter(_obligations().filter(agreement=agreement)))


@router.post(
    "/{id}/obligations",
    response={201: ObligationOut, **ADD_PROBLEMS},
    summary="Add an obligation",
    operation_id=operation_id("obligation_add"),
)
def obligation_add(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: ObligationIn
) -> Status[Obligation]:
    """Last in the agreement's list. `responsible_organization_id` must be one of its
    parties."""
    scope = write_scope(request, Action.CREATE)
    agreement = selectors.agreement_get(scope=scope, id=id)
    data = model_data(scope, payload.model_dump(exclude_none=True))
    obligation = write(services.obligation_add, scope=scope, agreement=agreement, data=data)
    return Status(201, tagged(response, obligation))


@router.patch(
    "/{id}/obligations/{obligation_id}",
    response={200: ObligationOut, **WRITE_PROBLEMS},
    summary="Change an obligation",
    operation_id=operation_id("obligation_update"),
)
def obligation_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    obligation_id: uuid.UUID,
    payload: ObligationPatch,
) -> Obligation:
    """Only the fields sent change; `done_on` marks it delivered. With `version` (or
    `If-Match`), a write based on an older version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    obligation = _obligation(scope, id, obligation_id)
    updated = write(
        services.obligation_update,
        scope=scope,
        obligation=obligation,
        data=model_data(scope, sent(payload)),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@router.delete(
    "/{id}/obligations/{obligation_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove an obligation",
    operation_id=operation_id("obligation_remove"),
)
def obligation_remove(
    request: HttpRequest, id: uuid.UUID, obligation_id: uuid.UUID
) -> Status[None]:
    """Its history keeps the last state and who removed it."""
    scope = write_scope(request, Action.DELETE)
    write(services.obligation_remove, scope=scope, obligation=_obligation(scope, id, obligation_id))
    return Status(204, None)
