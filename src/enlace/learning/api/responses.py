"""A training's responses: staff entry of paper tests, the list and one response with its
answers, under its engagement's path. Participants answer through their personal links (public
pages, not this API)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from enlace.api.auth import request_scope, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, READ_PROBLEMS, REMOVE_PROBLEMS
from enlace.api.pagination import check_query_params, paginate
from enlace.core.errors import Http404
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.learning.api.common import (
    model_data,
    operation_id,
    training_get,
    training_read,
    training_write,
    write,
)
from enlace.learning.models import Response
from enlace.learning.schemas import ResponseDetailOut, ResponseFilters, ResponseIn, ResponsePage
from enlace.learning.selectors import responses as selectors
from enlace.learning.services import responses as services

router = Router(tags=["trainings"])

# `Query[X]` built at run time: mypy knows it only as an annotation.
_query: Any = Query


def _response(scope: Scope, id: uuid.UUID, response_id: uuid.UUID) -> Response:
    training = training_get(scope, id)
    response = selectors.response_with_answers(scope=scope, id=response_id)
    if response.enrollment.training_id != training.pk:
        raise Http404
    return response


@router.get(
    "/{id}/responses",
    response={200: ResponsePage, **READ_PROBLEMS},
    summary="List a training's responses",
    operation_id=operation_id("response_list"),
)
def response_list(
    request: HttpRequest, id: uuid.UUID, filters: _query[ResponseFilters]
) -> dict[str, Any]:
    """Paginated, by participant and phase, with each score; the live responses of the
    participants you may see."""
    scope = request_scope(request)
    check_query_params(request, ("phase",))
    _, training = training_read(scope, id)
    if training is None:
        return paginate(request, [], lambda r: r)
    rows = selectors.response_list(scope=scope, training=training, phase=filters.phase)
    return paginate(request, rows, lambda r: r)


@router.post(
    "/{id}/responses",
    response={201: ResponseDetailOut, **ADD_PROBLEMS},
    summary="Enter a participant's answers",
    operation_id=operation_id("response_record"),
)
def response_record(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: ResponseIn
) -> Status[Response]:
    """Staff entry of a paper test, allowed after the phase closed. `answers` is a list of
    `{item_id, choice | choices | value | text}`, one field as the item's kind asks; every
    `item_id` must be a live item of the phase's instrument. A second response to a phase is
    refused unless `replace` is true (the first goes to the trash). The score is computed;
    completion is computed again."""
    scope = write_scope(request, Action.CREATE)
    with transaction.atomic():
        training = training_write(scope, id)
        data = model_data(scope, payload.model_dump(exclude={"answers"}, exclude_none=True))
        data["answers"] = [answer.model_dump(exclude_none=True) for answer in payload.answers]
        recorded = write(services.response_record, scope=scope, training=training, data=data)
    return Status(201, tagged(response, _response(scope, id, recorded.pk)))


@router.get(
    "/{id}/responses/{response_id}",
    response={200: ResponseDetailOut, **READ_PROBLEMS},
    summary="Read a response with its answers",
    operation_id=operation_id("response_read"),
)
def response_read(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, response_id: uuid.UUID
) -> Response:
    """With each answer, its points and whether it was right, in the instrument's order."""
    scope = request_scope(request)
    check_query_params(request, ())
    return tagged(response, _response(scope, id, response_id))


@router.delete(
    "/{id}/responses/{response_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Move a response to the trash",
    operation_id=operation_id("response_remove"),
)
def response_remove(request: HttpRequest, id: uuid.UUID, response_id: uuid.UUID) -> Status[None]:
    """Its answers stay with it; the figures leave it out and completion is computed again."""
    scope = write_scope(request, Action.DELETE)
    write(services.response_remove, scope=scope, response=_response(scope, id, response_id))
    return Status(204, None)
