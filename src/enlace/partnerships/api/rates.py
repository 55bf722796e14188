"""The workspace's exchange-rate table, which the forecast converts with: one unit of `currency`
is worth `rate` units of `base_currency`. A pair has one rate; setting it again changes it."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from enlace.api.auth import if_match_version, request_scope, tagged, write_scope
from enlace.api.errors import LIST_PROBLEMS, REMOVE_PROBLEMS, WRITE_PROBLEMS
from enlace.api.pagination import check_query_params, paginate
from enlace.core.permissions import Action
from enlace.core.scoping import get_in_scope
from enlace.partnerships.api.common import operation_id, write
from enlace.partnerships.models import ExchangeRate
from enlace.partnerships.schemas import (
    ExchangeRateFilters,
    ExchangeRateIn,
    ExchangeRateOut,
    ExchangeRatePage,
)
from enlace.partnerships.services import rates as services

router = Router(tags=["exchange-rates"])


@router.get(
    "",
    response={200: ExchangeRatePage, **LIST_PROBLEMS},
    summary="List the exchange rates",
    operation_id=operation_id("exchange_rate_list"),
)
def exchange_rate_list(request: HttpRequest, filters: Query[ExchangeRateFilters]) -> Any:
    """By base currency, then currency; `?q=` matches a currency code."""
    scope = request_scope(request)
    check_query_params(request, type(filters).model_fields)
    if filters.deleted:
        scope.require(Action.VIEW_TRASH)
        rows = scope.filter(ExchangeRate.all_objects.filter(deleted_at__isnull=False))
    else:
        rows = scope.filter(ExchangeRate.objects.all())
    if filters.base_currency:
        rows = rows.filter(base_currency=filters.base_currency)
    if filters.q:
        rows = rows.filter(currency__iexact=filters.q.strip())
    return paginate(request, rows.order_by("base_currency", "currency", "id"), lambda row: row)


@router.post(
    "",
    response={200: ExchangeRateOut, 201: ExchangeRateOut, **WRITE_PROBLEMS},
    summary="Set an exchange rate",
    operation_id=operation_id("exchange_rate_set"),
)
def exchange_rate_set(
    request: HttpRequest, response: HttpResponse, payload: ExchangeRateIn
) -> Status[ExchangeRate]:
    """201 for a new pair; 200 when the pair's rate changes (then `version`, or `If-Match`,
    refuses a change based on an older version with 409). A currency needs no rate to
    itself."""
    scope = write_scope(request, Action.CREATE)
    rate = write(
        services.exchange_rate_set,
        scope=scope,
        data=payload.model_dump(exclude_none=True, exclude={"version"}),
        expected_version=if_match_version(request),
    )
    return Status(201 if rate.version == 1 else 200, tagged(response, rate))


@router.delete(
    "/{id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove an exchange rate",
    operation_id=operation_id("exchange_rate_remove"),
)
def exchange_rate_remove(request: HttpRequest, id: uuid.UUID) -> Status[None]:
    """It goes to the trash; the forecast no longer converts with it."""
    scope = write_scope(request, Action.DELETE)
    rate = get_in_scope(scope.filter(ExchangeRate.objects.all()), id)
    write(services.exchange_rate_remove, scope=scope, rate=rate)
    return Status(204, None)
