"""An opportunity's deadlines (concept note due, proposal due, decision expected...), one by one
under its path. Open deadlines appear on the owner's follow-ups and calendar feed."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from enlace.api.auth import if_match_version, request_scope, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, READ_PROBLEMS, REMOVE_PROBLEMS, WRITE_PROBLEMS
from enlace.api.pagination import check_query_params
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.partnerships.api.common import operation_id, sent, write
from enlace.partnerships.models import Deadline
from enlace.partnerships.schemas import DeadlineIn, DeadlineOut, DeadlinePatch
from enlace.partnerships.selectors import opportunities as selectors
from enlace.partnerships.services import deadlines as services

router = Router(tags=["opportunities"])


def _deadline(scope: Scope, id: uuid.UUID, deadline_id: uuid.UUID) -> Deadline:
    opportunity = selectors.opportunity_get(scope=scope, id=id)
    return get_in_scope(scope.filter(opportunity.deadlines.all()), deadline_id)


@router.get(
    "/{id}/deadlines",
    response={200: list[DeadlineOut], **READ_PROBLEMS},
    summary="List an opportunity's deadlines",
    operation_id=operation_id("deadline_list"),
)
def deadline_list(request: HttpRequest, id: uuid.UUID) -> list[Deadline]:
    """In date order, done ones too (`done_on`)."""
    scope = request_scope(request)
    check_query_params(request, ())
    opportunity = selectors.opportunity_get(scope=scope, id=id)
    return list(scope.filter(opportunity.deadlines.all()))


@router.post(
    "/{id}/deadlines",
    response={201: DeadlineOut, **ADD_PROBLEMS},
    summary="Add a deadline",
    operation_id=operation_id("deadline_add"),
)
def deadline_add(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: DeadlineIn
) -> Status[Deadline]:
    """A named date; while not done, it shows on the owner's follow-ups and calendar feed."""
    scope = write_scope(request, Action.CREATE)
    opportunity = selectors.opportunity_get(scope=scope, id=id)
    deadline = write(
        services.deadline_add,
        scope=scope,
        opportunity=opportunity,
        data=payload.model_dump(exclude_none=True),
    )
    return Status(201, tagged(response, deadline))


@router.patch(
    "/{id}/deadlines/{deadline_id}",
    response={200: DeadlineOut, **WRITE_PROBLEMS},
    summary="Change a deadline",
    operation_id=operation_id("deadline_update"),
)
def deadline_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    deadline_id: uuid.UUID,
    payload: DeadlinePatch,
) -> Deadline:
    """Only the fields sent change; `done_on` marks it done. With `version` (or `If-Match`), a
    write based on an older version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    deadline = _deadline(scope, id, deadline_id)
    updated = write(
        services.deadline_update,
        scope=scope,
        deadline=deadline,
        data=sent(payload),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@router.delete(
    "/{id}/deadlines/{deadline_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove a deadline",
    operation_id=operation_id("deadline_remove"),
)
def deadline_remove(request: HttpRequest, id: uuid.UUID, deadline_id: uuid.UUID) -> Status[None]:
    """Its history keeps the last state and who removed it."""
    scope = write_scope(request, Action.DELETE)
    write(services.deadline_remove, scope=scope, deadline=_deadline(scope, id, deadline_id))
    return Status(204, None)
