"""The assessments endpoints: instruments with their versioned items, and the items one by one.

An item that has answers is never changed in place: a change retires it and answers the next
revision (same `lineage`, `revision` + 1, a new `id`); removing it retires it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Status

from enlace.api.auth import if_match_version, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, REMOVE_PROBLEMS, WRITE_PROBLEMS
from enlace.api.resource import Resource, resource_router
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.learning.api.common import (
    changes,
    child_of,
    listed,
    model_data,
    operation_id,
    sent,
    write,
    write_at,
)
from enlace.learning.models import Assessment, Item
from enlace.learning.schemas import (
    AssessmentCreate,
    AssessmentFilters,
    AssessmentOut,
    AssessmentPage,
    AssessmentPatch,
    ItemIn,
    ItemOut,
    ItemPatch,
)
from enlace.learning.selectors import records
from enlace.learning.services import assessments as services
from enlace.stakeholders.schemas import DeleteInput


def with_items(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Assessments with their live items in order, one query for a whole page."""
    items = Item.objects.filter(retired_at__isnull=True).order_by("position", "created_at")
    return queryset.prefetch_related(Prefetch("items", queryset=items, to_attr="live_items"))


def _detail(*, scope: Scope, id: Any) -> Assessment:
    return get_in_scope(with_items(records.assessment_queryset(scope)), id)


def _list(scope: Scope, filters: AssessmentFilters) -> QuerySet[Assessment]:
    rows = listed(
        scope, filters, queryset=records.assessment_queryset, search=records.assessment_list
    )
    return with_items(rows)


def item_data(scope: Scope, values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """An item body as service data. A `position` or `points` of null is left to the service:
    where it is (last, for a new item), and its points (by kind, for a new item)."""
    given = {k: v for k, v in values.items() if not (k in {"position", "points"} and v is None)}
    return model_data(scope, given, prefix)


def _create(scope: Scope, payload: AssessmentCreate) -> Assessment:
    data = model_data(scope, payload.model_dump(exclude={"items"}))
    items = [
        item_data(scope, item.model_dump(exclude={"position"}), f"items.{i}.")
        for i, item in enumerate(payload.items)
    ]
    # One write for the caller: a refused item leaves no assessment behind.
    with transaction.atomic():
        assessment = write(services.assessment_create, scope=scope, data=data)
        for i, item in enumerate(items):
            write_at(
                f"items.{i}.", services.item_add, scope=scope, assessment=assessment, data=item
            )
    return assessment


ASSESSMENTS: Resource[Assessment] = Resource(
    app="learning",
    name="assessment",
    noun="an assessment",
    plural="assessments",
    out=AssessmentOut,
    page=AssessmentPage,
    filters=AssessmentFilters,
    create_body=AssessmentCreate,
    patch_body=AssessmentPatch,
    list=_list,
    create=_create,
    get=records.assessment_get,
    queryset=records.assessment_queryset,
    detail=_detail,
    patch_data=lambda scope, payload: changes(scope, sent(payload)),
    update=lambda scope, assessment, data, version: write(
        services.assessment_update,
        scope=scope,
        assessment=assessment,
        data=data,
        expected_version=version,
    ),
    delete=lambda scope, assessment, version: write(
        services.assessment_delete, scope=scope, assessment=assessment, expected_version=version
    ),
    restore=lambda scope, assessment: services.assessment_restore(
        scope=scope, assessment=assessment
    ),
    list_doc=(
        "Paginated, with their live items in order; `?q=` searches the titles and\n"
        "`?deleted=true` lists the trash instead."
    ),
    create_doc=(
        "`items` sets its items at once, in order; afterwards they change one by one under\n"
        "`/assessments/{id}/items`."
    ),
    read_doc=(
        "With its live items in order. The `ETag` header carries the version, for `If-Match`\n"
        "on the next write."
    ),
    update_doc=(
        "Only the fields sent change; items change under `/assessments/{id}/items`. With\n"
        "`version` (or `If-Match`), a write based on an older version is refused with 409."
    ),
    delete_doc="Refused (422) while it is attached to a live training.",
)

router = resource_router(ASSESSMENTS, tag="assessments", delete_body=DeleteInput)


def _item(scope: Scope, assessment_id: uuid.UUID, item_id: uuid.UUID) -> Item:
    assessment = records.assessment_get(scope=scope, id=assessment_id)
    return child_of(assessment, records.item_get(scope=scope, id=item_id), "assessment")


@router.post(
    "/{id}/items",
    response={201: ItemOut, **ADD_PROBLEMS},
    summary="Add an item",
    operation_id=operation_id("item_add"),
)
def item_add(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: ItemIn
) -> Status[Item]:
    """Last in the assessment unless `position` says where."""
    scope = write_scope(request, Action.CREATE)
    assessment = records.assessment_get(scope=scope, id=id)
    data = item_data(scope, payload.model_dump())
    item = write(services.item_add, scope=scope, assessment=assessment, data=data)
    return Status(201, tagged(response, item))


@router.patch(
    "/{id}/items/{item_id}",
    response={200: ItemOut, **WRITE_PROBLEMS},
    summary="Change an item",
    operation_id=operation_id("item_update"),
)
def item_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    item_id: uuid.UUID,
    payload: ItemPatch,
) -> Item:
    """Only the fields sent change. An item without answers changes in place; one with answers
    is retired and the answer is its next revision (a new `id`, the same `lineage`). With
    `version` (or `If-Match`), a write based on an older version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    item = _item(scope, id, item_id)
    values = sent(payload, drop_none=frozenset({"position", "points"}))
    if not values:
        changes(scope, values)  # refuses the empty change
    updated = write(
        services.item_update,
        scope=scope,
        item=item,
        data=item_data(scope, values),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@router.delete(
    "/{id}/items/{item_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove an item",
    operation_id=operation_id("item_remove"),
)
def item_remove(request: HttpRequest, id: uuid.UUID, item_id: uuid.UUID) -> Status[None]:
    """An item with answers is retired (its answers keep their meaning); one without goes to
    the trash."""
    scope = write_scope(request, Action.DELETE)
    write(services.item_remove, scope=scope, item=_item(scope, id, item_id))
    return Status(204, None)
