"""Enrolments and attendance, and the completion rule: completion is computed from attendance and
the post-test, never typed, and refreshed after every write that can change it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.core.services import (
    history_stamp,
    lock_for_write,
    record_restore,
    record_save,
    record_soft_delete,
)
from enlace.core.signals import workspace_changed
from enlace.learning.models import (
    ATTENDED,
    MAX_YEARS_IN_FIELD,
    Attendance,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    Phase,
    Response,
    Training,
    TrainingInstrument,
    TrainingSession,
)
from enlace.learning.services.common import (
    _add,
    _apply,
    _check_fields,
    _check_refs,
    _full_clean_errors,
    _in_scope,
    _lock_training,
    _merge,
    _person_hidden,
    _raise,
    _whole_in_range,
)

ENROLLMENT_FIELDS = frozenset(
    {"person", "status", "experience_level", "years_in_field", "enrolled_on"}
)
# The person of an enrolment is fixed: their attendance and answers belong to them.
ENROLLMENT_UPDATE_FIELDS = ENROLLMENT_FIELDS - {"person"}
TYPED_STATUSES = frozenset(
    {EnrollmentStatus.INVITED, EnrollmentStatus.ENROLLED, EnrollmentStatus.WITHDRAWN}
)
# The statuses the completion rule moves between; invited and withdrawn are the staff's call.
COMPUTED_STATUSES = frozenset({EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED})


def _status_rules(
    data: Mapping[str, Any], current: str | None, errors: dict[str, list[Any]]
) -> None:
    if "status" not in data:
        return
    status = data["status"]
    if status == EnrollmentStatus.COMPLETED and current != EnrollmentStatus.COMPLETED:
        _add(
            errors,
            "status",
            _(
                "Completion is computed from attendance and the post-test; it cannot be set "
                "by hand."
            ),
            "computed",
        )
    elif status != EnrollmentStatus.COMPLETED and status not in TYPED_STATUSES:
        _add(errors, "status", _("Choose invited, enrolled or withdrawn."), "invalid_choice")


def _enrollment_rules(
    scope: Scope,
    enrollment: Enrollment,
    data: Mapping[str, Any],
    errors: dict[str, list[Any]],
) -> None:
    _whole_in_range(errors, data, "years_in_field", 0, MAX_YEARS_IN_FIELD, allow_none=True)
    if "person" in data and "person" not in errors:
        person = data["person"]
        if person is None:
            _add(errors, "person", _("Choose a person."), "required")
        elif _person_hidden(scope, person):
            _add(errors, "person", _("Not found."), "not_found")
        elif (
            Enrollment.objects.filter(training_id=enrollment.training_id, person=person)
            .exclude(pk=enrollment.pk)
            .exists()
        ):
            _add(errors, "person", _("Already enrolled in this training."), "duplicate")


@transaction.atomic
def enrollment_add(*, scope: Scope, training: Training, data: Mapping[str, Any]) -> Enrollment:
    scope.require(Action.CREATE)
    _check_fields(data, ENROLLMENT_FIELDS)
    _in_scope(scope, training)
    _check_refs(scope, data)
    _lock_training(training)
    errors: dict[str, list[Any]] = {}
    if "person" not in data:
        _add(errors, "person", _("Choose a person."), "required")
    _status_rules(data, None, errors)
    enrollment = Enrollment(workspace=scope.workspace, training=training)
    _enrollment_rules(scope, enrollment, data, errors)
    if not errors:
        _apply(enrollment, data)
        _merge(errors, _full_clean_errors(enrollment))
    _raise(errors)
    record_save(enrollment, actor=scope.user)
    completion_refresh(training=training, enrollment_ids=[enrollment.pk])
    enrollment.refresh_from_db()
    return enrollment


@transaction.atomic
def enrollment_update(
    *,
    scope: Scope,
    enrollment: Enrollment,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Enrollment:
    scope.require(Action.CHANGE)
    _check_fields(data, ENROLLMENT_UPDATE_FIELDS)
    _in_scope(scope, enrollment)
    _check_refs(scope, data)
    locked = lock_for_write(enrollment, expected_version=expected_version)
    errors: dict[str, list[Any]] = {}
    _status_rules(data, locked.status, errors)
    _enrollment_rules(scope, locked, data, errors)
    if not errors:
        _apply(locked, data)
        _merge(errors, _full_clean_errors(locked))
    _raise(errors)
    record_save(locked, actor=scope.user, update_fields=list(data))
    completion_refresh(training=locked.training, enrollment_ids=[locked.pk])
    locked.refresh_from_db()
    return locked


def enrollment_remove(
    *, scope: Scope, enrollment: Enrollment, expected_version: int | None = None
) -> Enrollment:
    """To the trash; aggregate figures leave it out from then on."""
    _in_scope(scope, enrollment)
    return record_soft_delete(enrollment, scope=scope, expected_version=expected_version)


@transaction.atomic
def enrollment_restore(*, scope: Scope, enrollment: Enrollment) -> Enrollment:
    scope.require(Action.RESTORE)
    _in_scope(scope, enrollment)
    if (
        Enrollment.objects.filter(
            training_id=enrollment.training_id, person_id=enrollment.person_id
        )
        .exclude(pk=enrollment.pk)
        .exists()
    ):
        raise ValidationError(
            {"person": [ValidationError(_("Already enrolled in this training."), "duplicate")]}
        )
    restored = record_restore(enrollment, scope=scope)
    completion_refresh(training=restored.training, enrollment_ids=[restored.pk])
    restored.refresh_from_db()
    return restored


# Attendance

Mark = tuple[TrainingSession, Enrollment, str | None]


def _check_marks(training: Training, marks: Sequence[Mark]) -> None:
    errors: dict[str, list[Any]] = {}
    seen: set[tuple[Any, Any]] = set()
    for session, enrollment, status in marks:
        if (
            session.training_id != training.pk
            or session.workspace_id != training.workspace_id
            or session.deleted_at is not None
        ):
            _add(errors, "session", _("Not a session of this training."), "not_in_training")
        if (
            enrollment.training_id != training.pk
            or enrollment.workspace_id != training.workspace_id
            or enrollment.deleted_at is not None
        ):
            _add(errors, "enrollment", _("Not enrolled in this training."), "not_enrolled")
        if status is not None and status not in AttendanceStatus.values:
            _add(
                errors,
                "status",
                _("Unknown attendance mark: choose present, late, absent or excused."),
                "invalid_choice",
            )
        key = (session.pk, enrollment.pk)
        if key in seen:
            _add(errors, "enrollment", _("The same session was marked twice."), "duplicate")
        seen.add(key)
    # One message per problem, however many rows share it.
    for name, messages in errors.items():
        unique = {(str(m.message), m.code): m for m in messages}
        errors[name] = list(unique.values())
    _raise(errors)


@transaction.atomic
def attendance_set(*, scope: Scope, training: Training, marks: Sequence[Mark]) -> int:
    """Record attendance marks (None clears one); returns how many marks changed. All or
    nothing: one bad mark refuses them all. The rows are written in bulk, each with its history
    (actor and version), so that a whole grid costs a few queries."""
    scope.require(Action.CHANGE)
    _in_scope(scope, training)
    _check_marks(training, marks)
    _lock_training(training)
    # Re-read what the marks point at under the lock: a session or an enrolment may have gone
    # to the trash since the caller read it.
    session_ids = {s.pk for s, _e, _m in marks}
    enrollment_ids = {e.pk for _s, e, _m in marks}
    live_sessions = set(
        TrainingSession.objects.filter(training=training, pk__in=session_ids).values_list(
            "pk", flat=True
        )
    )
    live_enrollments = set(
        Enrollment.objects.filter(training=training, pk__in=enrollment_ids).values_list(
            "pk", flat=True
        )
    )
    if session_ids - live_sessions:
        raise ValidationError({"session": [ValidationError(_("Not a session of this training."))]})
    if enrollment_ids - live_enrollments:
        raise ValidationError(
            {"enrollment": [ValidationError(_("Not enrolled in this training."))]}
        )
    existing = {
        (a.session_id, a.enrollment_id): a
        for a in Attendance.objects.filter(
            session_id__in=session_ids, enrollment_id__in=enrollment_ids
        )
    }
    to_create: list[Attendance] = []
    to_update: list[Attendance] = []
    to_clear: list[Attendance] = []
    for session, enrollment, status in marks:
        current = existing.get((session.pk, enrollment.pk))
        if status is None:
            if current is not None:
                to_clear.append(current)
        elif current is None:
            to_create.append(
                Attendance(
                    workspace=scope.workspace,
                    session_id=session.pk,
                    enrollment_id=enrollment.pk,
                    status=status,
                )
            )
        elif current.status != status:
            current.status = status
            current.version += 1
            current.updated_at = timezone.now()
            to_update.append(current)
    if to_create:
        bulk_create_with_history(to_create, Attendance, default_user=scope.user)
    if to_update:
        bulk_update_with_history(
            to_update,
            Attendance,
            ["status", "version", "updated_at"],
            default_user=scope.user,
        )
    for attendance in to_clear:
        # The history keeps the cleared mark and who cleared it.
        history_stamp(attendance, actor=scope.user, reason="cleared")
        attendance.delete()
    if to_create or to_update:  # bulk writes send no model signals
        workspace_changed.send(sender=Attendance, workspace_id=scope.workspace.pk)
    changed = {a.enrollment_id for a in (*to_create, *to_update, *to_clear)}
    if changed:
        completion_refresh(training=training, enrollment_ids=changed)
    return len(to_create) + len(to_update) + len(to_clear)


# Completion


def _post_test_required(training_id: Any, require_post_test: bool) -> bool:
    if not require_post_test:
        return False
    return TrainingInstrument.objects.filter(training_id=training_id, phase=Phase.POST).exists()


def is_complete(
    *, attended: int, sessions: int, min_percent: int, post_required: bool, post_taken: bool
) -> bool:
    """The completion rule: attended sessions (present or late) over the training's live
    sessions, as a percent, reach the minimum (no sessions: never complete); and, where the
    training requires it and has a post-test, a post-test response exists."""
    if sessions <= 0:
        return False
    if attended * 100 < min_percent * sessions:
        return False
    return post_taken or not post_required


@transaction.atomic
def completion_refresh(*, training: Training, enrollment_ids: Iterable[Any] | None = None) -> None:
    """Set enrolled <-> completed by the training's rule for its live enrolments (all of them, or
    those in `enrollment_ids`). Invited and withdrawn enrolments are never changed. Internal: the
    services call it after any write that can change completion; the history records no actor
    and the reason "completion". A fixed number of queries, plus one write per change."""
    # The lock serialises refreshes of one training, and the training is re-read so that a
    # caller's stale copy cannot apply an old rule.
    rule = (
        Training.all_objects.select_for_update()
        .filter(pk=training.pk)
        .values("min_attendance_percent", "require_post_test")
        .first()
    )
    if rule is None:
        return
    sessions = TrainingSession.objects.filter(training_id=training.pk).count()
    post_required = _post_test_required(training.pk, rule["require_post_test"])
    candidates = Enrollment.objects.filter(
        training_id=training.pk, status__in=COMPUTED_STATUSES
    ).order_by()
    if enrollment_ids is not None:
        ids = [i if isinstance(i, uuid.UUID) else uuid.UUID(str(i)) for i in enrollment_ids]
        candidates = candidates.filter(pk__in=ids)
    counted = candidates.annotate(
        attended=Count(
            "attendance",
            filter=Q(
                attendance__status__in=ATTENDED,
                attendance__session__deleted_at__isnull=True,
                attendance__session__training_id=training.pk,
            ),
        )
    )
    enrollments = list(counted)
    if not enrollments:
        return
    post_taken: set[Any] = set()
    if post_required:
        post_taken = set(
            Response.objects.filter(
                enrollment_id__in=[e.pk for e in enrollments], phase=Phase.POST
            ).values_list("enrollment_id", flat=True)
        )
    for enrollment in enrollments:
        complete = is_complete(
            attended=enrollment.attended,
            sessions=sessions,
            min_percent=rule["min_attendance_percent"],
            post_required=post_required,
            post_taken=enrollment.pk in post_taken,
        )
        status = EnrollmentStatus.COMPLETED if complete else EnrollmentStatus.ENROLLED
        if enrollment.status != status:
            # Only the status moves, by rule: no full_clean, no actor.
            enrollment.status = status
            history_stamp(enrollment, actor=None, reason="completion")
            enrollment.version += 1
            enrollment.save(update_fields=["status", "version", "updated_at"])
