"""Enrolments of a training (add a person from the registry, edit, withdraw, remove) and the
attendance grid (sessions as columns, people as rows; one session at a time on a phone)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from enlace.core.errors import ValidationError
from enlace.core.permissions import Action
from enlace.core.scoping import Scope
from enlace.engagements.forms import VersionForm
from enlace.learning.forms import EnrollmentForm
from enlace.learning.models import AttendanceStatus, EnrollmentStatus, Training
from enlace.learning.selectors import records
from enlace.learning.services import enrollments
from enlace.learning.views.common import (
    done,
    find,
    part_confirm,
    refusal,
    refused,
    removal_error,
    save_changes,
    training_of,
    training_page,
    training_url,
)
from enlace.web.scoping import workspace_view

MARK_PREFIX = "mark"


def _enrollments_page(
    request: HttpRequest,
    scope: Scope,
    training: Training,
    form: EnrollmentForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    rows = list(records.enrollment_list(scope=scope, training=training))
    if form is None and scope.can(Action.CREATE):
        form = EnrollmentForm(scope=scope)
    counts = dict.fromkeys(EnrollmentStatus.values, 0)
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return training_page(
        request,
        scope,
        training,
        "learning/enrollments.html",
        {
            "enrollments": rows,
            "form": form,
            "status_counts": [(label, counts[value]) for value, label in EnrollmentStatus.choices],
        },
        tab="enrollments",
        status=status,
    )


@workspace_view
def enrollment_list(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    return _enrollments_page(request, scope, training_of(scope, pk))


@workspace_view
@require_POST
def enrollment_add(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    scope.require(Action.CREATE)
    training = training_of(scope, pk)
    form = EnrollmentForm(request.POST, scope=scope)
    if form.is_valid():
        try:
            enrollment = enrollments.enrollment_add(
                scope=scope, training=training, data=form.values()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return done(
                request,
                training_url(scope, training, "enrollments"),
                _("Enrolled %(person)s.") % {"person": enrollment.person},
            )
    return _enrollments_page(request, scope, training, form, status=400)


def _enrollment(scope: Scope, training: Training, item_pk: Any) -> Any:
    """One enrolment of this training that the asker may see (others are not found)."""
    return find(records.enrollment_list(scope=scope, training=training), item_pk)


@workspace_view
def enrollment_edit(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    training = training_of(scope, pk)
    enrollment = _enrollment(scope, training, item_pk)
    back = training_url(scope, training, "enrollments")
    data = request.POST if request.method == "POST" else None
    form = EnrollmentForm(data, scope=scope, enrollment=enrollment)
    version = VersionForm(data, initial={"version": enrollment.version})
    if data is not None and form.is_valid() and version.is_valid():
        saved = save_changes(
            request,
            form,
            lambda changes: enrollments.enrollment_update(
                scope=scope,
                enrollment=enrollment,
                data=changes,
                expected_version=version.cleaned_data["version"],
            ),
            back=back,
        )
        if saved is not None:
            return saved
    return training_page(
        request,
        scope,
        training,
        "learning/enrollment_form.html",
        {"form": form, "version": version, "enrollment": enrollment, "back_url": back},
        tab="enrollments",
        status=400 if form.is_bound else 200,
    )


@workspace_view
@require_POST
def enrollment_withdraw(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.CHANGE)
    training = training_of(scope, pk)
    enrollment = _enrollment(scope, training, item_pk)
    back = training_url(scope, training, "enrollments")
    try:
        enrollments.enrollment_update(
            scope=scope, enrollment=enrollment, data={"status": EnrollmentStatus.WITHDRAWN}
        )
    except ValidationError as exc:
        return refused(request, back, exc)
    return done(
        request,
        back,
        _("%(person)s is withdrawn; their records stay.") % {"person": enrollment.person},
    )


@workspace_view
def enrollment_remove(request: HttpRequest, scope: Scope, pk: Any, item_pk: Any) -> HttpResponse:
    scope.require(Action.DELETE)
    training = training_of(scope, pk)
    enrollment = _enrollment(scope, training, item_pk)
    back = training_url(scope, training, "enrollments")
    form = VersionForm(request.POST or None, initial={"version": enrollment.version})
    error = removal_error(
        request,
        lambda: enrollments.enrollment_remove(
            scope=scope, enrollment=enrollment, expected_version=form.cleaned_data["version"]
        ),
        form=form,
        conflict=_("Someone else changed this enrolment since you opened this page."),
    )
    if error is None:
        return done(
            request,
            back,
            _("Moved the enrolment of %(person)s to the trash.") % {"person": enrollment.person},
        )
    return part_confirm(
        request,
        scope,
        training,
        tab="enrollments",
        question=_("Remove the enrolment of %(person)s?") % {"person": enrollment.person},
        explanation=_(
            "It moves to the trash with its attendance and answers, and leaves every figure "
            "of this training. To keep the records of someone who left, withdraw them "
            "instead."
        ),
        action_label=_("Move to the trash"),
        error=error,
        form=form,
    )


# Attendance


def mark_name(session_id: Any, enrollment_id: Any) -> str:
    return f"{MARK_PREFIX}-{session_id}-{enrollment_id}"


def _posted_marks(
    post: QueryDict, sessions: dict[str, Any], rows: dict[str, dict[str, Any]]
) -> tuple[list[tuple[Any, Any, str | None]], list[str]]:
    """The marks that differ from the stored ones; unknown sessions, people or statuses are
    refused (all of them, with a message each) so that nothing is half saved."""
    marks: list[tuple[Any, Any, str | None]] = []
    errors: list[str] = []
    for key, value in post.items():
        if not key.startswith(MARK_PREFIX + "-"):
            continue
        parts = key.split("-")
        session_id, enrollment_id = "-".join(parts[1:6]), "-".join(parts[6:])
        session, row = sessions.get(session_id), rows.get(enrollment_id)
        if session is None:
            errors.append(_("Not a session of this training."))
            continue
        if row is None:
            errors.append(_("Not enrolled in this training."))
            continue
        status = str(value) if value else None
        if status is not None and status not in AttendanceStatus.values:
            errors.append(_("Unknown attendance mark: choose present, late, absent or excused."))
            continue
        if row["marks"].get(session.pk) != status:
            marks.append((session, row["enrollment"], status))
    return marks, sorted(set(errors))


def _value(posted: QueryDict | None, session_id: Any, row: dict[str, Any]) -> str:
    name = mark_name(session_id, row["enrollment"].pk)
    if posted is not None and name in posted:
        return str(posted[name])
    return str(row["marks"].get(session_id) or "")


def _grid_page(
    request: HttpRequest,
    scope: Scope,
    training: Training,
    grid: dict[str, Any],
    *,
    errors: list[str] | None = None,
    posted: QueryDict | None = None,
    status: int = 200,
) -> HttpResponse:
    """The grid; after a refused save, with what was typed (nothing of it was saved)."""
    sessions = list(grid["sessions"])
    chosen = request.GET.get("session", "")
    shown = [s for s in sessions if str(s.pk) == chosen] or sessions
    one = len(shown) == 1
    rows = [
        {
            **row,
            "cells": [
                {
                    "session": session,
                    "name": mark_name(session.pk, row["enrollment"].pk),
                    "value": _value(posted, session.pk, row),
                }
                for session in shown
            ],
        }
        for row in grid["rows"]
    ]
    return training_page(
        request,
        scope,
        training,
        "learning/attendance.html",
        {
            "sessions": sessions,
            "shown": shown,
            "one_session": one,
            "chosen": chosen if one and len(sessions) > 1 else "",
            "rows": rows,
            "statuses": AttendanceStatus.choices,
            "errors": errors or [],
            "can_change": scope.can(Action.CHANGE),
        },
        tab="attendance",
        status=status,
    )


@workspace_view
def attendance(request: HttpRequest, scope: Scope, pk: Any) -> HttpResponse:
    """GET the grid (`?session=<id>` for one session); POST saves every changed mark at once."""
    training = training_of(scope, pk)
    grid = records.attendance_grid(scope=scope, training=training)
    if request.method != "POST":
        return _grid_page(request, scope, training, grid)
    scope.require(Action.CHANGE)
    sessions = {str(s.pk): s for s in grid["sessions"]}
    rows = {str(r["enrollment"].pk): r for r in grid["rows"]}
    marks, errors = _posted_marks(request.POST, sessions, rows)
    back = request.get_full_path()
    if not errors:
        if not marks:
            messages.info(request, _("Nothing changed."))
            return redirect(back)
        try:
            changed = enrollments.attendance_set(scope=scope, training=training, marks=marks)
        except ValidationError as exc:
            errors = [refusal(exc)]
        else:
            notice = ngettext(
                "Saved %(count)s attendance mark; completion was recomputed.",
                "Saved %(count)s attendance marks; completion was recomputed.",
                changed,
            )
            return done(request, back, notice % {"count": changed})
    return _grid_page(
        request, scope, training, grid, errors=errors, posted=request.POST, status=400
    )
