"""An engagement's reach: readings of running figures (attendance, viewers, recording views).

A figure is its latest reading, never the sum of its readings; the series keeps every reading.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from enlace.api.auth import request_scope, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, READ_PROBLEMS
from enlace.api.pagination import check_query_params
from enlace.core.permissions import Action
from enlace.engagements import selectors, services
from enlace.engagements.api.common import operation_id, write
from enlace.engagements.models import ReachReading
from enlace.engagements.schemas import ReachIn, ReachOut

router = Router(tags=["engagements"])


@router.post(
    "/{id}/reach",
    response={201: ReachOut, **ADD_PROBLEMS},
    summary="Record a reach reading",
    operation_id=operation_id("reach_record"),
)
def reach_record(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: ReachIn
) -> Status[ReachReading]:
    """A reading of one metric as of a day: not in the future, nor before the engagement
    starts. The engagement's `reach` shows the latest reading of each metric."""
    scope = write_scope(request, Action.CHANGE)
    engagement = selectors.engagement_get(scope=scope, id=id)
    reading = write(
        services.reach_record, scope=scope, engagement=engagement, data=payload.model_dump()
    )
    return Status(201, tagged(response, reading))


@router.get(
    "/{id}/reach",
    response={200: list[ReachOut], **READ_PROBLEMS},
    summary="List an engagement's reach readings",
    operation_id=operation_id("reach_list"),
)
def reach_list(request: HttpRequest, id: uuid.UUID) -> list[ReachReading]:
    """Every reading, by metric and then by date."""
    scope = request_scope(request)
    check_query_params(request, ())
    engagement = selectors.engagement_get(scope=scope, id=id)
    return list(
        scope.filter(engagement.reach_readings.all()).order_by("metric", "as_of", "created_at")
    )
