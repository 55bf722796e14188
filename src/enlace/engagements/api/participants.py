"""An engagement's participants: people, organisations, coordination bodies and our own
representatives, each with a role."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from enlace.api.auth import request_scope, tagged, write_scope
from enlace.api.errors import ADD_PROBLEMS, READ_PROBLEMS, REMOVE_PROBLEMS
from enlace.api.pagination import check_query_params, paginate
from enlace.core.permissions import Action
from enlace.core.scoping import get_in_scope
from enlace.engagements import selectors, services
from enlace.engagements.api.common import model_data, operation_id, write
from enlace.engagements.models import Participant
from enlace.engagements.schemas import ParticipantIn, ParticipantOut, ParticipantPage

router = Router(tags=["engagements"])


@router.get(
    "/{id}/participants",
    response={200: ParticipantPage, **READ_PROBLEMS},
    summary="List an engagement's participants",
    operation_id=operation_id("participant_list"),
)
def participant_list(request: HttpRequest, id: uuid.UUID) -> dict[str, Any]:
    """Paginated. People with lived experience are listed to owners and managers only."""
    scope = request_scope(request)
    check_query_params(request, ())
    engagement = selectors.engagement_get(scope=scope, id=id)
    participants = selectors.engagement_detail(scope=scope, engagement=engagement)["participants"]
    return paginate(request, list(participants), lambda p: p)


@router.post(
    "/{id}/participants",
    response={201: ParticipantOut, **ADD_PROBLEMS},
    summary="Add a participant",
    operation_id=operation_id("participant_add"),
)
def participant_add(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: ParticipantIn
) -> Status[Participant]:
    """Exactly one of `person_id`, `organization_id`, `coordination_body_id` or `member_id`
    (one of our representatives), with a role; the same one in the same role is refused."""
    scope = write_scope(request, Action.CHANGE)
    engagement = selectors.engagement_get(scope=scope, id=id)
    data = model_data(scope, payload.model_dump(exclude_none=True))
    participant = write(services.participant_add, scope=scope, engagement=engagement, data=data)
    return Status(201, tagged(response, participant))


@router.delete(
    "/{id}/participants/{participant_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove a participant",
    operation_id=operation_id("participant_remove"),
)
def participant_remove(
    request: HttpRequest, id: uuid.UUID, participant_id: uuid.UUID
) -> Status[None]:
    """`participant_id` is the `id` in the engagement's participants; its history is kept."""
    scope = write_scope(request, Action.CHANGE)
    engagement = selectors.engagement_get(scope=scope, id=id)
    participant = get_in_scope(scope.filter(engagement.participants.all()), participant_id)
    services.participant_remove(scope=scope, participant=participant)
    return Status(204, None)
