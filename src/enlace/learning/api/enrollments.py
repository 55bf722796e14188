"""A training's enrolments and its attendance grid, under its engagement's path.

An enrolment's `status` is typed as invited, enrolled or withdrawn; `completed` is computed from
attendance and the post-test after every write that can change it, never typed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from enlace.api.auth import if_match_version, request_scope, tagged, write_scope
from enlace.api.errors import (
    ADD_PROBLEMS,
    DELETE_PROBLEMS,
    READ_PROBLEMS,
    RESTORE_PROBLEMS,
    WRITE_PROBLEMS,
)
from enlace.api.pagination import check_query_params, paginate
from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope, get_in_scope
from enlace.learning.api.common import (
    changes,
    model_data,
    operation_id,
    sent,
    training_get,
    training_read,
    training_write,
    write,
)
from enlace.learning.models import Enrollment, Training, TrainingSession
from enlace.learning.schemas import (
    AttendanceGridOut,
    AttendanceIn,
    AttendanceSetOut,
    EnrollmentFilters,
    EnrollmentIn,
    EnrollmentOut,
    EnrollmentPage,
    EnrollmentPatch,
)
from enlace.learning.selectors import records
from enlace.learning.services import enrollments as services
from enlace.stakeholders.schemas import DeleteInput

router = Router(tags=["trainings"])

# `Query[X]` built at run time: mypy knows it only as an annotation.
_query: Any = Query


def _enrollment(scope: Scope, id: uuid.UUID, enrollment_id: uuid.UUID, **kw: Any) -> Enrollment:
    training = training_get(scope, id)
    return get_in_scope(records.enrollment_queryset(scope, training=training, **kw), enrollment_id)


@router.get(
    "/{id}/enrollments",
    response={200: EnrollmentPage, **READ_PROBLEMS},
    summary="List a training's enrolments",
    operation_id=operation_id("enrollment_list"),
)
def enrollment_list(
    request: HttpRequest, id: uuid.UUID, filters: _query[EnrollmentFilters]
) -> dict[str, Any]:
    """Paginated, by name. People with lived experience are listed to owners and managers only;
    a partner sees its organisation's people. `?deleted=true` lists the trash instead."""
    scope = request_scope(request)
    check_query_params(request, ("deleted",))
    if filters.deleted:
        scope.require(Action.VIEW_TRASH)
    _, training = training_read(scope, id)
    if training is None:
        return paginate(request, [], lambda e: e)
    if filters.deleted:
        rows = records.enrollment_queryset(scope, training=training, deleted=True)
        rows = rows.select_related("person")
    else:
        rows = records.enrollment_list(scope=scope, training=training)
    return paginate(request, rows, lambda e: e)


@router.post(
    "/{id}/enrollments",
    response={201: EnrollmentOut, **ADD_PROBLEMS},
    summary="Enrol a person",
    operation_id=operation_id("enrollment_add"),
)
def enrollment_add(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, payload: EnrollmentIn
) -> Status[Enrollment]:
    """A person is enrolled once in a training. `status` is `invited`, `enrolled` (the default)
    or `withdrawn`; `completed` is refused (422): it is computed."""
    scope = write_scope(request, Action.CREATE)
    with transaction.atomic():
        training = training_write(scope, id)
        data = model_data(scope, payload.model_dump(exclude_none=True))
        enrollment = write(services.enrollment_add, scope=scope, training=training, data=data)
    return Status(201, tagged(response, enrollment))


@router.get(
    "/{id}/enrollments/{enrollment_id}",
    response={200: EnrollmentOut, **READ_PROBLEMS},
    summary="Read an enrolment",
    operation_id=operation_id("enrollment_read"),
)
def enrollment_read(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, enrollment_id: uuid.UUID
) -> Enrollment:
    """The `ETag` header carries the version, for `If-Match` on the next write."""
    scope = request_scope(request)
    check_query_params(request, ())
    return tagged(response, _enrollment(scope, id, enrollment_id))


@router.patch(
    "/{id}/enrollments/{enrollment_id}",
    response={200: EnrollmentOut, **WRITE_PROBLEMS},
    summary="Change an enrolment",
    operation_id=operation_id("enrollment_update"),
)
def enrollment_update(
    request: HttpRequest,
    response: HttpResponse,
    id: uuid.UUID,
    enrollment_id: uuid.UUID,
    payload: EnrollmentPatch,
) -> Enrollment:
    """Only the fields sent change; the person does not. `completed` cannot be sent. With
    `version` (or `If-Match`), a write based on an older version is refused with 409."""
    scope = write_scope(request, Action.CHANGE)
    enrollment = _enrollment(scope, id, enrollment_id)
    updated = write(
        services.enrollment_update,
        scope=scope,
        enrollment=enrollment,
        data=changes(scope, sent(payload)),
        expected_version=if_match_version(request, payload.version),
    )
    return tagged(response, _enrollment(scope, id, updated.pk))


@router.delete(
    "/{id}/enrollments/{enrollment_id}",
    response={204: None, **DELETE_PROBLEMS},
    summary="Move an enrolment to the trash",
    operation_id=operation_id("enrollment_remove"),
)
def enrollment_remove(
    request: HttpRequest,
    id: uuid.UUID,
    enrollment_id: uuid.UUID,
    payload: DeleteInput | None = None,
) -> Status[None]:
    """Its attendance and responses stay with it; the figures leave it out. Owners and managers
    can restore it."""
    scope = write_scope(request, Action.DELETE)
    enrollment = _enrollment(scope, id, enrollment_id)
    version = if_match_version(request, None if payload is None else payload.version)
    write(services.enrollment_remove, scope=scope, enrollment=enrollment, expected_version=version)
    return Status(204, None)


@router.post(
    "/{id}/enrollments/{enrollment_id}/restore",
    response={200: EnrollmentOut, **RESTORE_PROBLEMS},
    summary="Restore an enrolment from the trash",
    operation_id=operation_id("enrollment_restore"),
)
def enrollment_restore(
    request: HttpRequest, response: HttpResponse, id: uuid.UUID, enrollment_id: uuid.UUID
) -> Enrollment:
    """Owners and managers only; refused (422) when the person was enrolled again since."""
    scope = write_scope(request, Action.RESTORE)
    enrollment = _enrollment(scope, id, enrollment_id, deleted=True)
    restored = write(services.enrollment_restore, scope=scope, enrollment=enrollment)
    return tagged(response, _enrollment(scope, id, restored.pk))


# Attendance


def _grid(scope: Scope, training: Training | None) -> dict[str, Any]:
    if training is None:
        return {"sessions": [], "rows": []}
    grid = records.attendance_grid(scope=scope, training=training)
    return {
        "sessions": grid["sessions"],
        "rows": [
            {
                "enrollment_id": row["enrollment"].pk,
                "person_id": row["enrollment"].person_id,
                "name": row["enrollment"].person.full_name,
                "status": row["enrollment"].status,
                "marks": {str(session_id): mark for session_id, mark in row["marks"].items()},
                "attended": row["attended"],
                "percent": row["percent"],
            }
            for row in grid["rows"]
        ],
    }


@router.get(
    "/{id}/attendance",
    response={200: AttendanceGridOut, **READ_PROBLEMS},
    summary="Read the attendance grid",
    operation_id=operation_id("attendance_grid"),
)
def attendance_grid(request: HttpRequest, id: uuid.UUID) -> dict[str, Any]:
    """The live sessions in order and, for each enrolment the asker may see, its marks by
    session id, the sessions attended (present or late) and the percent of sessions."""
    scope = request_scope(request)
    check_query_params(request, ())
    _, training = training_read(scope, id)
    return _grid(scope, training)


def _marks(
    scope: Scope, training: Training, payload: AttendanceIn
) -> list[tuple[TrainingSession, Enrollment, str | None]]:
    """The marks as rows of this training; an id of another training, another workspace or the
    trash, or of a person the asker may not see, is refused on its own element."""
    sessions = {s.pk: s for s in records.session_list(scope=scope, training=training)}
    enrollment_ids = {m.enrollment_id for m in payload.marks}
    # Through the enrolment selector: a person the asker may not see is not found.
    enrollments = {
        e.pk: e for e in records.enrollment_queryset(scope).filter(pk__in=enrollment_ids)
    }
    errors: dict[str, str] = {}
    marks: list[tuple[TrainingSession, Enrollment, str | None]] = []
    for i, mark in enumerate(payload.marks):
        session = sessions.get(mark.session_id)
        enrollment = enrollments.get(mark.enrollment_id)
        if session is None:
            errors[f"marks.{i}.session_id"] = "Not a session of this training."
        if enrollment is None:
            errors[f"marks.{i}.enrollment_id"] = "Unknown enrolment."
        elif enrollment.training_id != training.pk:
            errors[f"marks.{i}.enrollment_id"] = "Not enrolled in this training."
        if session is not None and enrollment is not None:
            marks.append((session, enrollment, mark.status))
    if errors:
        raise ValidationError(errors)
    return marks


@router.put(
    "/{id}/attendance",
    response={200: AttendanceSetOut, **WRITE_PROBLEMS},
    summary="Record attendance",
    operation_id=operation_id("attendance_set"),
)
def attendance_set(request: HttpRequest, id: uuid.UUID, payload: AttendanceIn) -> dict[str, Any]:
    """`marks`: a list of `{session_id, enrollment_id, status}`, `status` one of `present`,
    `late`, `absent`, `excused`, or null to clear the mark. All or nothing: one bad mark refuses
    them all. Marks not sent stay as they are. Completion is computed again; the answer is the
    grid after the change, with how many marks changed."""
    scope = write_scope(request, Action.CHANGE)
    with transaction.atomic():
        training = training_write(scope, id)
        marks = _marks(scope, training, payload)
        changed = write(services.attendance_set, scope=scope, training=training, marks=marks)
    return {"changed": changed, **_grid(scope, training)}
