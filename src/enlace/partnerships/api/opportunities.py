"""The opportunities endpoints: opportunities with their money, origin, deadlines and stage
history, the stage move (a stale move answers 409 saying where the card is now), and the
forecast by expected decision period and currency."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from ninja import Query, Router, Schema

from enlace.api.auth import if_match_version, request_scope, tagged, write_scope
from enlace.api.errors import LIST_PROBLEMS, problems
from enlace.api.pagination import check_query_params
from enlace.api.resource import Resource, resource_router
from enlace.core.errors import Http404
from enlace.core.middleware import problem
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.engagements import selectors as engagement_selectors
from enlace.partnerships.api.common import (
    REFERENCES,
    model_data,
    operation_id,
    sent,
    write,
    write_at,
)
from enlace.partnerships.models import Deadline, Opportunity, OpportunityOrigin, StageChange
from enlace.partnerships.schemas import (
    ForecastOut,
    ForecastQuery,
    MoveConflict,
    MoveIn,
    OpportunityCreate,
    OpportunityFilters,
    OpportunityOut,
    OpportunityPage,
    OpportunityPatch,
)
from enlace.partnerships.selectors import forecast as forecasts
from enlace.partnerships.selectors import opportunities as selectors
from enlace.partnerships.services import deadlines
from enlace.partnerships.services import opportunities as services
from enlace.partnerships.services.opportunities import CardMoved
from enlace.stakeholders.schemas import DeleteInput

# Sent beside the opportunity's own fields, and written by their own services.
PARTS = {"deadlines", "stage", "reason"}


def with_parts(scope: Scope, queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """Opportunities with what a response shows of them, one query a part for a whole page."""
    # Only the origins the asker may see: a partner's are filtered like its engagements.
    visible = engagement_selectors.engagement_queryset(scope).values("pk")
    origins = OpportunityOrigin.objects.filter(engagement__in=visible).order_by("created_at")
    return queryset.select_related("owner").prefetch_related(
        Prefetch("origin_links", queryset=origins, to_attr="live_origins"),
        Prefetch("deadlines", queryset=Deadline.objects.all(), to_attr="live_deadlines"),
        Prefetch("stage_changes", queryset=StageChange.objects.select_related("by")),
    )


def with_durations(scope: Scope, opportunities: Sequence[Opportunity]) -> None:
    """Give each opportunity its stage history, stays and totals, from the prefetched moves."""
    for opportunity in opportunities:
        stays = selectors.stage_durations(opportunity)
        opportunity.history_rows = list(opportunity.stage_changes.all())  # type: ignore[attr-defined]
        opportunity.durations = stays  # type: ignore[attr-defined]
        opportunity.stage_totals = selectors.stage_totals(stays)  # type: ignore[attr-defined]


def _detail(*, scope: Scope, id: Any) -> Opportunity:
    opportunity = get_in_scope(with_parts(scope, selectors.opportunity_queryset(scope)), id)
    with_durations(scope, [opportunity])
    return opportunity


def _owner_pk(scope: Scope, owner_id: uuid.UUID | None) -> Any:
    if owner_id is None:
        return None
    _, resolve, _ = REFERENCES["owner_id"]
    try:
        return resolve(scope, owner_id).pk
    except Http404:
        return 0  # nobody: the list is empty


def _list(scope: Scope, filters: OpportunityFilters) -> QuerySet[Opportunity]:
    if filters.deleted:
        rows = selectors.opportunity_queryset(scope, deleted=True)
        rows = rows.filter(title__icontains=filters.q) if filters.q else rows
    else:
        rows = selectors.opportunity_list(
            scope=scope,
            q=filters.q,
            stage=filters.stage or "",
            kind=filters.kind or "",
            owner_id=_owner_pk(scope, filters.owner_id),
            counterpart_id=filters.counterpart_organization_id,
            currency=filters.currency,
        )
    return with_parts(scope, rows)


def _create(scope: Scope, payload: OpportunityCreate) -> Opportunity:
    # Without an owner, the service makes it the caller's.
    left_out = {"deadlines", *(("owner_id",) if payload.owner_id is None else ())}
    data = model_data(scope, payload.model_dump(exclude=left_out))
    if not data.get("reason"):
        data.pop("reason", None)
    # One write for the caller: a refused deadline leaves no opportunity behind.
    with transaction.atomic():
        opportunity = write(services.opportunity_create, scope=scope, data=data)
        for i, deadline in enumerate(payload.deadlines):
            write_at(
                f"deadlines.{i}.",
                deadlines.deadline_add,
                scope=scope,
                opportunity=opportunity,
                data=deadline.model_dump(exclude_none=True),
            )
    return opportunity


def _update(
    scope: Scope, opportunity: Opportunity, data: dict[str, Any], version: int | None
) -> Opportunity:
    return write(
        services.opportunity_update,
        scope=scope,
        opportunity=opportunity,
        data=data,
        expected_version=version,
    )


OPPORTUNITIES: Resource[Opportunity] = Resource(
    app="partnerships",
    name="opportunity",
    noun="an opportunity",
    plural="opportunities",
    out=OpportunityOut,
    page=OpportunityPage,
    filters=OpportunityFilters,
    create_body=OpportunityCreate,
    patch_body=OpportunityPatch,
    list=_list,
    create=_create,
    update=_update,
    patch_data=lambda scope, payload: model_data(scope, sent(payload)),
    delete=lambda scope, opportunity, version: write(
        services.opportunity_delete,
        scope=scope,
        opportunity=opportunity,
        expected_version=version,
    ),
    restore=lambda scope, opportunity: services.opportunity_restore(
        scope=scope, opportunity=opportunity
    ),
    get=selectors.opportunity_get,
    queryset=selectors.opportunity_queryset,
    detail=_detail,
    prepare=with_durations,
    list_doc=(
        "Paginated and filterable; `?deleted=true` lists the trash instead. A partner sees the\n"
        "opportunities whose counterpart or funder is its organisation (or part of it)."
    ),
    create_doc=(
        "With its deadlines at once. `stage` sets where it starts (identified when left out);\n"
        "afterwards it moves only through `/opportunities/{id}/stage`. `amount` is a decimal\n"
        "string and needs a `currency` (ISO 4217)."
    ),
    read_doc=(
        "With its deadlines, stage history (each move: `stage`, `at`, `by`, `reason`) and the\n"
        "time spent in each stage. The `ETag` header carries the version, for `If-Match`."
    ),
    update_doc=(
        "Only the fields sent change; `origin_engagement_ids`, when sent, replaces the origins.\n"
        "The stage moves only through `/stage`. With `version` (or `If-Match`), a write based\n"
        "on an older version is refused with 409."
    ),
    delete_doc="Its stage history, deadlines and documents go to the trash with it.",
)

# Mounted at /opportunities/forecast before the resource's `/{id}`, which would take
# "forecast" for an id.
forecast_router = Router(tags=["opportunities"])


def _as_json(value: Any) -> Any:
    """The forecast with its exact decimals as strings ("12500.00"), never as floats."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, Promise):
        return str(value)
    return value


@forecast_router.get(
    "",
    response={200: ForecastOut, **LIST_PROBLEMS},
    summary="Forecast the open opportunities",
    operation_id=operation_id("opportunity_forecast"),
)
def opportunity_forecast(request: HttpRequest, query: Query[ForecastQuery]) -> dict[str, Any]:
    """Open opportunities with an amount, by expected decision quarter (or month or year: the
    period of their `decision_expected` deadline, else "unscheduled") and currency: how many,
    the raw total and the total weighted by probability (no probability counts as 0). Amounts
    are never summed across currencies, unless `base_currency` is given and the workspace's
    exchange-rate table has a rate into it for every currency involved; otherwise
    `missing_rates` names those without one and nothing is converted."""
    scope = request_scope(request)
    check_query_params(request, ForecastQuery.model_fields)
    result = forecasts.opportunity_forecast(
        scope=scope, by=query.by, base_currency=query.base_currency or None
    )
    shown: dict[str, Any] = _as_json(result)
    return shown


router = resource_router(OPPORTUNITIES, tag="opportunities", delete_body=DeleteInput)


MOVE_PROBLEMS: dict[Any, type[Schema]] = {
    409: MoveConflict,
    **problems(400, 401, 403, 404, 413, 422),
}


@router.post(
    "/{id}/stage",
    response={200: OpportunityOut, **MOVE_PROBLEMS},
    summary="Move an opportunity to another stage",
    operation_id=operation_id("opportunity_move"),
)
def opportunity_move(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: MoveIn
) -> Any:
    """Any stage may follow any other (reopening a lost one too), each move recorded with who
    made it and when. Won, lost and withdrawn need a `reason` (3 to 300 characters). Send the
    `version` you read (or `If-Match`): if someone moved the card since, the move is refused
    with 409, saying where the card is now (`current_stage`)."""
    scope = write_scope(request, Action.CHANGE)
    version = if_match_version(request, payload.version)
    opportunity = selectors.opportunity_get(scope=scope, id=id)
    try:
        moved = write(
            services.opportunity_move,
            scope=scope,
            opportunity=opportunity,
            stage=payload.stage,
            reason=payload.reason,
            expected_version=version,
        )
    except CardMoved as exc:
        return problem(
            409,
            "Conflict",
            exc.message,
            current_version=exc.current_version,
            current_stage=exc.stage,
            changed_fields=exc.changed_fields,
        )
    return tagged(response, _detail(scope=scope, id=moved.pk))
