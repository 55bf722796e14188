"""A training's settings (its curriculum and completion rule), sessions and instruments (the
pre-test, post-test and follow-up), under its engagement's path.

The first write creates the training; reads of an engagement without one answer empty, and
writes to an engagement that is not a training or workshop are refused (422).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from enlace.api.auth import if_match_version, request_scope, tagged, with_etag, write_scope
from enlace.api.errors import (
    ADD_PROBLEMS,
    READ_PROBLEMS,
    REMOVE_PROBLEMS,
    WRITE_PROBLEMS,
)
from enlace.api.pagination import check_query_params
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements.models import Engagement
from enlace.learning.api.common import (
    changes,
    model_data,
    operation_id,
    part_of,
    sent,
    training_get,
    training_read,
    training_write,
    write,
)
from enlace.learning.models import Training, TrainingInstrument, TrainingSession
from enlace.learning.schemas import (
    InstrumentIn,
    InstrumentOut,
    InstrumentPatch,
    SessionIn,
    SessionOut,
    SessionPatch,
    TrainingOut,
    TrainingPatch,
)
from enlace.learning.selectors import records
from enlace.learning.services import trainings as services

router = Router(tags=["trainings"])


def _training_out(engagement: Engagement, training: Training | None) -> dict[str, Any]:
    # Before the first write, the settings it would be created with.
    shown = training or Training(engagement=engagement)
    return {
        "id": None if training is None else training.pk,
        "engagement_id": engagement.pk,
        "curriculum_id": shown.curriculum_id,
        "min_attendance_percent": shown.min_attendance_percent,
        "require_post_test": shown.require_post_test,
        "version": None if training is None else training.version,
    }


@router.get(
    "/{id}/training",
    response={200: TrainingOut, **READ_PROBLEMS},
    summary="Read a training's settings",
    operation_id=operation_id("training_read"),
)
def training_read_(request: HttpRequest, response: HttpResponse, id: uuid.UUID) -> dict[str, Any]:
    """The curriculum it follows and its completion rule. Before the first write to the
    engagement's learning side, the defaults it will start with (`id` and `version` null); an
    engagement that is not a training or workshop never has one (its writes answer 422)."""
    scope = request_scope(request)
    check_query_params(request, ())
    engagement, training = training_read(scope, id)
    if training is not None:
        with_etag(response, training.version)
    return _training_out(engagement, training)


@router.patch(
    "/{id}/training",
    response={200: TrainingOut, **WRITE_PROBLEMS},
    summary="Change a training's settings",
    operation_id=operation_id("training_update"),
)
def training_update(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: TrainingPatch
) -> dict[str, Any]:
    """Only the fields sent change; completion is computed again for every participant. With
    `version` (or `If-Match`), a write based on an older version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    version = if_match_version(request, payload.version)
    with transaction.atomic():
        training = training_write(scope, id)
        data = changes(scope, sent(payload))
        updated = write(
            services.training_update,
            scope=scope,
            training=training,
            data=data,
            expected_version=version,
        )
    with_etag(response, updated.version)
    return _training_out(updated.engagement, updated)


# Sessions


def _session(scope: Scope, id: uuid.UUID, session_id: uuid.UUID) -> TrainingSession:
    training = training_get(scope, id)
    return part_of(records.session_list(scope=scope, training=training), session_id)


def _session_detail(scope: Scope, session: TrainingSession) -> TrainingSession:
    """The session as responses show it, its modules read with it."""
    return _session(scope, session.training.engagement_id, session.pk)


@router.get(
    "/{id}/sessions",
    response={200: list[SessionOut], **READ_PROBLEMS},
    summary="List a training's sessions",
    operation_id=operation_id("session_list"),
)
def session_list(request: HttpRequest, id: uuid.UUID) -> Any:
    """In date order, with the modules each covers."""
    scope = request_scope(request)
    check_query_params(request, ())
    _, training = training_read(scope, id)
    if training is None:
        return []
    return records.session_list(scope=scope, training=training)


@router.post(
    "/{id}/sessions",
    response={201: SessionOut, **ADD_PROBLEMS},
    summary="Add a session",
    operation_id=operation_id("session_add"),
)
def session_add(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: SessionIn
) -> Status[TrainingSession]:
    """A day or block within the engagement's dates, with the modules it covers and its
    facilitator. Completion is computed again."""
    scope = write_scope(request, Action.CREATE)
    with transaction.atomic():
        training = training_write(scope, id)
        data = model_data(scope, payload.model_dump(exclude_none=True))
        session = write(services.session_add, scope=scope, training=training, data=data)
    return Status(201, tagged(response, _session_detail(scope, session)))


@router.post(
    "/{id}/sessions/from-curriculum",
    response={201: list[SessionOut], **ADD_PROBLEMS},
    summary="Plan the sessions from the curriculum",
    operation_id=operation_id("sessions_from_curriculum"),
)
def sessions_from_curriculum(request: HttpRequest, id: uuid.UUID) -> Status[list[Any]]:
    """Only while the training has no sessions: one session a day of the engagement, the
    curriculum's modules spread over them in order (several a day when there are fewer days
    than modules), each lasting its modules' minutes. Edit them afterwards."""
    scope = write_scope(request, Action.CREATE)
    check_query_params(request, ())
    with transaction.atomic():
        training = training_write(scope, id)
        write(services.sessions_from_curriculum, scope=scope, training=training)
    return Status(201, records.session_list(scope=scope, training=training))


@router.patch(
    "/{id}/sessions/{session_id}",
    response={200: SessionOut, **WRITE_PROBLEMS},
    summary="Change a session",
    operation_id=operation_id("session_update"),
)
def session_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    session_id: uuid.UUID,
    payload: SessionPatch,
) -> TrainingSession:
    """Only the fields sent change; `module_ids`, when sent, replaces the modules. With
    `version` (or `If-Match`), a write based on an older version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    session = _session(scope, id, session_id)
    updated = write(
        services.session_update,
        scope=scope,
        session=session,
        data=changes(scope, sent(payload, drop_none=frozenset({"position"}))),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, _session_detail(scope, updated))


@router.delete(
    "/{id}/sessions/{session_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Remove a session",
    operation_id=operation_id("session_remove"),
)
def session_remove(request: HttpRequest, id: uuid.UUID, session_id: uuid.UUID) -> Status[None]:
    """It goes to the trash with its attendance; completion is computed again."""
    scope = write_scope(request, Action.DELETE)
    write(services.session_remove, scope=scope, session=_session(scope, id, session_id))
    return Status(204, None)


# Instruments


def _instrument(scope: Scope, id: uuid.UUID, instrument_id: uuid.UUID) -> TrainingInstrument:
    training = training_get(scope, id)
    return part_of(records.instrument_list(scope=scope, training=training), instrument_id)


@router.get(
    "/{id}/instruments",
    response={200: list[InstrumentOut], **READ_PROBLEMS},
    summary="List a training's instruments",
    operation_id=operation_id("instrument_list"),
)
def instrument_list(request: HttpRequest, id: uuid.UUID) -> Any:
    """Its pre-test, post-test and follow-up, those attached."""
    scope = request_scope(request)
    check_query_params(request, ())
    _, training = training_read(scope, id)
    if training is None:
        return []
    return records.instrument_list(scope=scope, training=training)


@router.post(
    "/{id}/instruments",
    response={201: InstrumentOut, **ADD_PROBLEMS},
    summary="Attach an instrument",
    operation_id=operation_id("instrument_attach"),
)
def instrument_attach(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: InstrumentIn
) -> Status[TrainingInstrument]:
    """An assessment with live items, as the `pre`, `post` or `follow_up` phase; a phase has
    one instrument (detach it first to change it)."""
    scope = write_scope(request, Action.CREATE)
    with transaction.atomic():
        training = training_write(scope, id)
        data = model_data(scope, payload.model_dump())
        instrument = write(services.instrument_attach, scope=scope, training=training, data=data)
    return Status(201, tagged(response, instrument))


@router.patch(
    "/{id}/instruments/{instrument_id}",
    response={200: InstrumentOut, **WRITE_PROBLEMS},
    summary="Change when an instrument closes",
    operation_id=operation_id("instrument_update"),
)
def instrument_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    instrument_id: uuid.UUID,
    payload: InstrumentPatch,
) -> TrainingInstrument:
    """`closes_at` (null: no deadline). With `version` (or `If-Match`), a write based on an
    older version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    instrument = _instrument(scope, id, instrument_id)
    updated = write(
        services.instrument_update,
        scope=scope,
        instrument=instrument,
        data=changes(scope, sent(payload)),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, updated)


@router.post(
    "/{id}/instruments/{instrument_id}/close",
    response={200: InstrumentOut, **WRITE_PROBLEMS},
    summary="Close a phase",
    operation_id=operation_id("instrument_close"),
)
def instrument_close(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, instrument_id: uuid.UUID
) -> TrainingInstrument:
    """Personal links stop accepting answers (with a clear message); staff may still enter
    paper tests."""
    scope = write_scope(request, Action.CHANGE)
    instrument = _instrument(scope, id, instrument_id)
    return tagged(response, write(services.instrument_close, scope=scope, instrument=instrument))


@router.post(
    "/{id}/instruments/{instrument_id}/reopen",
    response={200: InstrumentOut, **WRITE_PROBLEMS},
    summary="Reopen a phase",
    operation_id=operation_id("instrument_reopen"),
)
def instrument_reopen(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, instrument_id: uuid.UUID
) -> TrainingInstrument:
    """Personal links accept answers again, until `closes_at` if it is set."""
    scope = write_scope(request, Action.CHANGE)
    instrument = _instrument(scope, id, instrument_id)
    return tagged(response, write(services.instrument_reopen, scope=scope, instrument=instrument))


@router.delete(
    "/{id}/instruments/{instrument_id}",
    response={204: None, **REMOVE_PROBLEMS},
    summary="Detach an instrument",
    operation_id=operation_id("instrument_detach"),
)
def instrument_detach(
    request: HttpRequest, id: uuid.UUID, instrument_id: uuid.UUID
) -> Status[None]:
    """Refused (422) once it has responses."""
    scope = write_scope(request, Action.DELETE)
    write(services.instrument_detach, scope=scope, instrument=_instrument(scope, id, instrument_id))
    return Status(204, None)
